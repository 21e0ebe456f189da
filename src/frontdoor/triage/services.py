"""Writes for the front door: referrals arrive here, each with its reference and deadline."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.audit.services import audit_record
from frontdoor.bulk import rows_insert
from frontdoor.chronology.models import Event, Participant
from frontdoor.intake.arrival import Arrival
from frontdoor.intake.models import InboxMessage
from frontdoor.risk.dash import dash_score

from .configuration import SettingError, Timeline, setting_check
from .deadlines import WorkingHours, working_deadline
from .models import Referral, Risk, TriageSetting
from .references import referral_reference

OFFICER_RISK = {"standard": Risk.STANDARD, "medium": Risk.MEDIUM, "high": Risk.HIGH}


def _first_revision(message: InboxMessage) -> InboxMessage:
    """The message as first sent: a corrected referral keeps its first time and its referrer."""
    while message.corrects_id:
        message = InboxMessage.objects.only("corrects", "received_at", "received_by").get(
            pk=message.corrects_id
        )
    return message


def _risk_of(kind: str, facts: Mapping[str, Any]) -> int:
    """The risk an incident or a DASH assessment recorded: officer's view or DASH level."""
    levels = [Risk.UNKNOWN.value]
    if kind == "incident":
        levels.append(OFFICER_RISK.get(str(facts.get("officer_risk")), Risk.UNKNOWN))
    dash = facts.get("dash") if kind == "incident" else facts
    if isinstance(dash, Mapping) and (kind == "incident" or facts.get("type") == "dash"):
        answers = dash.get("answers")
        score = dash_score(
            answers if isinstance(answers, dict) else {}, dash.get("professional_judgement")
        )
        if score.answered or score.judged_high:
            levels.append(int(score.level))
    return max(levels)


def _known_risks(events: Sequence[Event]) -> dict[int, int]:
    """For each referral's event, the highest risk recorded about anyone it names, up to then."""
    people: dict[int, set[int]] = {}
    for event_id, person_id in Participant.objects.filter(event__in=events).values_list(
        "event_id", "person_id"
    ):
        people.setdefault(event_id, set()).add(person_id)
    everyone = set().union(*people.values()) if people else set()
    latest = max((event.occurred_at for event in events), default=None)
    history: dict[int, list[tuple[Any, int]]] = {}
    for person_id, kind, facts, occurred_at in Participant.objects.filter(
        person_id__in=everyone,
        event__kind__in=("incident", "assessment"),
        event__occurred_at__lte=latest,
    ).values_list("person_id", "event__kind", "event__facts", "event__occurred_at"):
        history.setdefault(person_id, []).append((occurred_at, _risk_of(kind, facts)))
    return {
        event.pk: max(
            (
                risk
                for person_id in people.get(event.pk, ())
                for occurred_at, risk in history.get(person_id, ())
                if occurred_at <= event.occurred_at
            ),
            default=Risk.UNKNOWN.value,
        )
        for event in events
    }


def _youngest_born(arrival: Arrival) -> date | None:
    born = [
        s.date_of_birth for s in arrival.envelope.subjects if s.role == "child" and s.date_of_birth
    ]
    return max(born, default=None)


def referral_deadline(received_at: datetime, timeline: Timeline) -> datetime:
    """When the decision on a referral received then is due, by the settings in force that day."""
    zone = ZoneInfo(settings.TIME_ZONE)
    rules = timeline.on(timezone.localdate(received_at, zone))
    return working_deadline(
        received_at,
        working_days=rules.working_days,
        hours=WorkingHours(rules.starts, rules.ends),
        zone=zone,
    )


def referrals_record(arrivals: Sequence[Arrival], events: Mapping[int, Event]) -> None:
    """Give each referral message its reference and deadline; put it on the front door's list."""
    arrivals = [a for a in arrivals if a.envelope.kind == "referral"]
    if not arrivals:
        return
    timeline = Timeline.load()
    risks = _known_risks([events[a.message.pk] for a in arrivals])
    referrals = []
    for arrival in arrivals:
        envelope = arrival.envelope
        facts = envelope.facts
        first = _first_revision(arrival.message)
        event = events[arrival.message.pk]
        urgent = bool(facts.get("urgent"))
        referrals.append(
            Referral(
                reference=referral_reference(envelope.source, envelope.message_id),
                message=arrival.message,
                event=event,
                agency_id=arrival.agency_id,
                received_at=first.received_at,
                due_at=referral_deadline(first.received_at, timeline),
                submitted_by_id=first.received_by_id,
                reason=str(facts.get("reason") or ""),
                concerns=list(facts.get("concerns") or []),
                urgent=urgent,
                referrer=dict(facts.get("referrer") or {}),
                child_born=_youngest_born(arrival),
                risk=Risk.HIGH if urgent else risks[event.pk],
            )
        )
    rows_insert(Referral, referrals)


@transaction.atomic
def triage_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> TriageSetting:
    """A new value for a front-door setting from a date; referrals received since are re-timed.

    The old value stays on record, and referrals received before the date keep their deadlines.
    """
    checked = setting_check(key, value)
    if not reason.strip():
        raise SettingError("reason: say why the partnership changed it")
    setting = TriageSetting.objects.create(
        key=key,
        value=checked,
        effective_from=effective_from,
        reason=reason.strip(),
        changed_by=user,
    )
    timeline = Timeline.load()
    for day in {
        effective_from,
        *TriageSetting.objects.filter(effective_from__gt=effective_from).values_list(
            "effective_from", flat=True
        ),
    }:
        hours = timeline.on(day)
        if hours.starts >= hours.ends:
            raise SettingError(
                f"value: from {day:%-d %B %Y} the working day would end ({hours.ends:%H:%M}) "
                f"before it starts ({hours.starts:%H:%M})"
            )
    zone = ZoneInfo(settings.TIME_ZONE)
    since = datetime.combine(effective_from, time.min, tzinfo=zone)
    retimed = list(Referral.objects.filter(received_at__gte=since).only("received_at", "due_at"))
    for referral in retimed:
        referral.due_at = referral_deadline(referral.received_at, timeline)
    Referral.objects.bulk_update(retimed, ["due_at"], batch_size=500)
    audit_record(
        actor=user,
        action="triage.setting",
        target=setting,
        details={
            "key": key,
            "value": checked,
            "effective_from": effective_from.isoformat(),
            "referrals_retimed": len(retimed),
        },
    )
    return setting
