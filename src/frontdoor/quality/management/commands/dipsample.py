"""`frontdoor dipsample draw --week 2026-W47 [--seed N]`, `list [--week W]`, `export --csv
[--week W]`, `dissemination [--json]`, `actions [--overdue] [--json]`, `action-done ID --note
TEXT`, `action-cancel ID --reason TEXT`, `remind` and `set KEY VALUE --from DATE --reason TEXT`:
dip sampling, the spread of audit findings and their actions at the console, sharing services
with the pages."""

import csv
import json
from argparse import ArgumentParser
from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from frontdoor.audit.services import SettingError, console_read_record
from frontdoor.quality.exports import EXPORT_COLUMNS, export_row
from frontdoor.quality.models import ActionStatus, AuditAction, DipReview, DipSample
from frontdoor.quality.selectors import (
    action_measures,
    actions_overdue,
    dissemination_measures,
    sample_reproduce,
)
from frontdoor.quality.services import (
    QualityError,
    action_cancel,
    action_complete,
    action_reminders_send,
    quality_setting_set,
    sample_draw,
)


class Command(BaseCommand):
    help = (
        "Weekly dip samples of standard-risk incidents not referred on (draw, list, export), and "
        "case audits' findings and actions (how far they have gone, the actions, reminders)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        draw = actions.add_parser("draw", help="Draw a week's sample, or show the one drawn")
        draw.add_argument("--week", required=True, help="An ISO week, like 2026-W47")
        draw.add_argument("--seed", type=int, help="The seed; a new one when not given")
        listing = actions.add_parser("list", help="Every sample, or one week's incidents")
        listing.add_argument("--week", help="An ISO week, like 2026-W47")
        export = actions.add_parser("export", help="The reviews as CSV")
        export.add_argument("--csv", action="store_true", required=True)
        export.add_argument("--week", help="Only this week's sample")
        spread = actions.add_parser(
            "dissemination", help="How far case audit findings have gone, by team"
        )
        spread.add_argument("--json", action="store_true", help="As JSON rather than a table")
        listed = actions.add_parser("actions", help="Open case audit actions, soonest due first")
        listed.add_argument("--overdue", action="store_true", help="Only those past their due day")
        listed.add_argument("--json", action="store_true", help="As JSON rather than a table")
        done = actions.add_parser("action-done", help="Mark a case audit action done")
        done.add_argument("id", type=int)
        done.add_argument("--note", required=True, help="What was done")
        cancel = actions.add_parser("action-cancel", help="Cancel a case audit action")
        cancel.add_argument("id", type=int)
        cancel.add_argument("--reason", required=True, help="Why it no longer applies")
        actions.add_parser(
            "remind", help="Email the owners of case audit actions due within two days or overdue"
        )
        change = actions.add_parser("set", help="Change a dip-sampling setting from a date")
        change.add_argument("key")
        change.add_argument("value", help="A number, or a JSON list of rule codes")
        change.add_argument(
            "--from", dest="start", required=True, help="In force from (YYYY-MM-DD)"
        )
        change.add_argument("--reason", required=True, help="Why the partnership changed it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action'].replace('-', '_')}")(options)
        except (QualityError, SettingError) as error:
            raise CommandError(str(error)) from None

    def _draw(self, options: dict[str, Any]) -> None:
        drawn = sample_draw(week=options["week"], seed=options["seed"], user=None)
        sample = drawn.sample
        if drawn.new:
            self.stdout.write(f"{sample.week}: drawn with seed {sample.seed}")
        else:
            again = sample_reproduce(sample)
            state = "the same incidents" if again.sample_matches else "DIFFERENT incidents"
            self.stdout.write(
                f"{sample.week}: already drawn with seed {sample.seed} on "
                f"{sample.drawn_at:%Y-%m-%d %H:%M}; drawn again it gives {state}"
            )
            if not again.population_matches:
                self.stdout.write(
                    "  the hub's incidents as received by then now give another population "
                    "(a link between records has changed since); the recorded one stands"
                )
        self._show(sample)

    def _show(self, sample: DipSample) -> None:
        size = sum(len(keys) for keys in sample.population.values())
        self.stdout.write(
            f"population as of {sample.as_of:%Y-%m-%d %H:%M}: {size} incidents in "
            f"{len(sample.population)} strata; {sample.per_stratum} drawn from each"
        )
        for review in sample.reviews.select_related("agency", "reviewer"):
            reviewer = review.reviewer.get_username() if review.reviewer else "unassigned"
            done = review.get_result_display() if review.completed_at else "open"
            self.stdout.write(
                f"  {review.stratum}\t{review.position}\t{review.source}/{review.message_id}\t"
                f"{review.occurred_at:%Y-%m-%d}\t{reviewer}\t{done}"
            )

    def _list(self, options: dict[str, Any]) -> None:
        if options["week"]:
            sample = DipSample.objects.filter(week=options["week"].strip().upper()).first()
            if sample is None:
                raise CommandError(f"week: no sample drawn for {options['week']!r}")
            self.stdout.write(f"{sample.week}: seed {sample.seed}")
            self._show(sample)
            return
        for sample in DipSample.objects.order_by("first_day"):
            reviews = sample.reviews.count()
            done = sample.reviews.filter(completed_at__isnull=False).count()
            self.stdout.write(
                f"{sample.week}\tseed {sample.seed}\tdrawn {sample.drawn_at:%Y-%m-%d}\t"
                f"{done} of {reviews} reviewed"
            )

    def _export(self, options: dict[str, Any]) -> None:
        reviews = DipReview.objects.select_related("sample", "agency", "reviewer").order_by(
            "sample__first_day", "agency_id", "station", "position"
        )
        if options["week"]:
            reviews = reviews.filter(sample__week=options["week"].strip().upper())
        console_read_record(command="dipsample.export", details={"week": options["week"]})
        writer = csv.writer(self.stdout)
        writer.writerow(EXPORT_COLUMNS)
        for review in reviews:
            writer.writerow(export_row(review))

    def _dissemination(self, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        measures, actions = dissemination_measures(today=today), action_measures(today=today)
        if options["json"]:
            findings = [{**asdict(m), "share_acknowledged": m.share_acknowledged} for m in measures]
            done = [
                {**asdict(a), "come_due": a.come_due, "share_on_time": a.share_on_time}
                for a in actions
            ]
            self.stdout.write(json.dumps({"findings": findings, "actions": done}, indent=2))
            return
        self.stdout.write("team\tsent\tacknowledged\ton time\toverdue\tmedian days")
        for m in measures:
            median = "" if m.median_days is None else m.median_days
            self.stdout.write(
                f"{m.team}\t{m.sent}\t{m.acknowledged}\t{m.on_time}\t{m.overdue}\t{median}"
            )
        self.stdout.write("")
        self.stdout.write(
            "team\tactions agreed\tdone\ton time\tlate\toverdue\tcancelled\tcompleted on time"
        )
        for a in actions:
            share = "" if a.share_on_time is None else f"{a.share_on_time:.0%}"
            self.stdout.write(
                f"{a.team}\t{a.agreed}\t{a.done}\t{a.on_time}\t{a.late}\t{a.overdue}\t"
                f"{a.cancelled}\t{share}"
            )

    @staticmethod
    def _action_row(action: AuditAction) -> dict[str, Any]:
        return {
            "id": action.pk,
            "audit": action.finding.audit_id,
            "finding": action.finding_id,
            "description": action.description,
            "owner": action.owner.get_username() if action.owner else None,
            "team": action.team.code if action.team else None,
            "due_on": str(action.due_on),
            "status": action.status,
        }

    def _actions(self, options: dict[str, Any]) -> None:
        today = timezone.localdate()
        rows = (
            actions_overdue(today=today)
            if options["overdue"]
            else AuditAction.objects.filter(status=ActionStatus.OPEN)
            .select_related("finding", "owner", "team")
            .order_by("due_on", "pk")
        )
        found = [self._action_row(action) for action in rows]
        if options["json"]:
            self.stdout.write(json.dumps(found, indent=2))
            return
        self.stdout.write("id\taudit\tdue\towner\tteam\taction")
        for row in found:
            self.stdout.write(
                f"{row['id']}\t{row['audit']}\t{row['due_on']}\t{row['owner'] or ''}\t"
                f"{row['team'] or ''}\t{row['description']}"
            )

    @staticmethod
    def _action(options: dict[str, Any]) -> AuditAction:
        action = AuditAction.objects.filter(pk=options["id"]).first()
        if action is None:
            raise CommandError(f"id: no case audit action {options['id']}")
        return action

    def _action_done(self, options: dict[str, Any]) -> None:
        done = action_complete(user=None, action=self._action(options), note=options["note"])
        self.stdout.write(f"action {done.pk}: done")

    def _action_cancel(self, options: dict[str, Any]) -> None:
        gone = action_cancel(user=None, action=self._action(options), reason=options["reason"])
        self.stdout.write(f"action {gone.pk}: cancelled")

    def _remind(self, options: dict[str, Any]) -> None:
        for action in action_reminders_send(today=timezone.localdate()):
            owner = action.owner.get_username() if action.owner else ""
            team = action.team.code if action.team else ""
            self.stdout.write(f"{action.due_on}\t{owner}\t{team}\t{action.description}")

    def _set(self, options: dict[str, Any]) -> None:
        try:
            value = json.loads(options["value"])
        except ValueError:
            raise CommandError(f"value: not a number or JSON list: {options['value']!r}") from None
        try:
            start = date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(f"--from: not a date (YYYY-MM-DD): {options['start']!r}") from None
        quality_setting_set(
            key=options["key"],
            value=value,
            effective_from=start,
            reason=options["reason"],
            user=None,
        )
        self.stdout.write(f"{options['key']} = {value!r} from {start}")
