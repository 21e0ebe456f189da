"""Every figure over a synthetic borough, against the measures' definitions worked out in Python.

The hub's database counts most figures before DuckDB sees them (loads.py); here each measure is
worked out again from the models, thing by thing, as docs/insights.md defines it, and every cell
of every breakdown must agree: for the whole partnership, one agency, one team, a period with
nothing in it, and with small numbers suppressed.
"""

import json
import statistics
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from benchmarks.insights import front_door_history
from django.conf import settings
from django.utils import timezone

from frontdoor.access.services import agencies_load
from frontdoor.audit.models import AuditEvent
from frontdoor.chronology.models import Event, Participant
from frontdoor.chronology.services import STATION
from frontdoor.insights.figures import Insights, insights_compute
from frontdoor.insights.loads import ALERT_ACTIONS, Period
from frontdoor.insights.measures import (
    COUNT,
    ESCALATION_RULES,
    MEASURES,
    MEDIAN_HOURS,
    RATE,
    Measure,
)
from frontdoor.intake.models import Channel
from frontdoor.intake.services import Arriving, messages_ingest
from frontdoor.marac.models import MaracReferral
from frontdoor.risk.models import Alert
from frontdoor.sharing.models import Notification, NotificationStatus
from frontdoor.synth.generator import write_borough
from frontdoor.triage.configuration import Timeline
from frontdoor.triage.models import HEALTH_TYPES, Referral, SignOff

LAST_DAY = date(2026, 10, 31)
THREE_YEARS = Period(date(2023, 11, 1), LAST_DAY)
Row = dict[str, Any]  # a thing counted: its dimensions, and (value, among) for each statistic


@pytest.fixture
def borough(db: None, tmp_path: Path) -> None:
    """Three years of a small borough, and a front door's work on it."""
    write_borough(tmp_path, households=150, years=3, seed=7, end=LAST_DAY)
    agencies_load(json.loads((tmp_path / "agencies.json").read_text(encoding="utf-8")))
    lines = (tmp_path / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    for _ in messages_ingest((Arriving(line) for line in lines), channel=Channel.FILE):
        pass
    front_door_history()


def local(moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def month(moment: datetime) -> str:
    return f"{local(moment):%Y-%m}"


def hours(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 3600


def team(facts: dict[str, Any]) -> str | None:
    return facts.get(STATION)


def decided(period: Period) -> Iterator[Referral]:
    yield from Referral.objects.filter(decided_at__gte=period.start, decided_at__lt=period.end)


def repeat_incidents(period: Period) -> Iterator[Row]:
    for referral in Referral.objects.filter(
        decided_at__gte=period.start, decided_at__lt=period.end
    ):
        assert referral.decided_at is not None
        people = Participant.objects.filter(event=referral.event_id).values("person_id")
        # 365 days on the local calendar: the same time of day a year on
        within = local(referral.decided_at) + timedelta(days=365)
        repeated = Event.objects.filter(
            kind="incident",
            participants__person_id__in=people,
            occurred_at__gt=referral.decided_at,
            occurred_at__lte=within,
        ).exists()
        yield {
            "month": month(referral.decided_at),
            "agency_id": referral.agency_id,
            "outcome": referral.outcome,
            "repeated": (repeated, True),
        }


def incident_to_front_door(period: Period) -> Iterator[Row]:
    timeline = Timeline.load()
    for event in Event.objects.filter(
        kind="incident", occurred_at__gte=period.start, occurred_at__lt=period.end
    ):
        notice = timedelta(hours=timeline.on(local(event.occurred_at).date()).notice_hours)
        yield {
            "month": month(event.occurred_at),
            "agency_id": event.agency_id,
            "team": team(event.facts),
            "median_hours": (hours(event.reported_at, event.occurred_at), True),
            "on_time": (event.reported_at <= event.occurred_at + notice, True),
        }


def receipt_to_decision(period: Period) -> Iterator[Row]:
    for referral in Referral.objects.filter(
        decided_at__gte=period.start, decided_at__lt=period.end
    ):
        assert referral.decided_at is not None
        yield {
            "month": month(referral.decided_at),
            "agency_id": referral.agency_id,
            "median_hours": (hours(referral.decided_at, referral.received_at), True),
            "on_time": (referral.decided_at <= referral.due_at, True),
        }


def child_seen_heard(period: Period) -> Iterator[Row]:
    for child in Participant.objects.filter(
        role="child",
        event__kind__in=("incident", "contact"),
        event__occurred_at__gte=period.start,
        event__occurred_at__lt=period.end,
    ).select_related("event"):
        yield {
            "month": month(child.event.occurred_at),
            "agency_id": child.event.agency_id,
            "team": team(child.event.facts),
            "kind": child.event.kind,
            "seen": (bool(child.seen), True),
            "seen_alone": (bool(child.seen_alone), True),
            "heard": (child.spoken_to is True or child.voice != "", True),
        }


def referrals_by_source(period: Period) -> Iterator[Row]:
    for referral in Referral.objects.filter(
        event__reported_at__gte=period.start, event__reported_at__lt=period.end
    ).select_related("event", "agency"):
        became = referral.outcome or "open"
        measure = next(m for m in MEASURES if m.code == "referrals_by_source")
        yield {
            "month": month(referral.event.reported_at),
            "agency_id": referral.agency_id,
            "agency_type": referral.agency.type,
            "referrals": (True, True),
            **{s.code: (became == s.code, True) for s in measure.statistics[1:]},
        }


def health_contribution(period: Period) -> Iterator[Row]:
    for referral in Referral.objects.filter(
        decided_at__gte=period.start, decided_at__lt=period.end
    ):
        assert referral.decided_at is not None
        health = referral.decisions.filter(
            sign_off__in=(SignOff.NOT_REQUIRED, SignOff.AGREED),
            checks__agency__type__in=HEALTH_TYPES,
            checks__answered_at__isnull=False,
        ).exists()
        yield {
            "month": month(referral.decided_at),
            "agency_id": referral.agency_id,
            "outcome": referral.outcome,
            "health": (health, True),
        }


def sharing_on_time(period: Period) -> Iterator[Row]:
    now = timezone.now()
    for notice in Notification.objects.filter(
        raised_at__gte=period.start, raised_at__lt=period.end
    ).select_related("recipient"):
        acknowledged = notice.acknowledged_at
        if notice.status == NotificationStatus.WITHHELD or (
            acknowledged is None and notice.due_by >= now
        ):
            continue
        yield {
            "month": month(notice.raised_at),
            "agency_id": notice.recipient_id,
            "recipient_type": notice.recipient.type,
            "on_time": (acknowledged is not None and acknowledged <= notice.due_by, True),
        }


def escalations(period: Period) -> Iterator[Row]:
    for alert in Alert.objects.filter(
        rule__in=ESCALATION_RULES, raised_at__gte=period.start, raised_at__lt=period.end
    ).select_related("trigger"):
        acts = AuditEvent.objects.filter(
            object_type="risk.alert", object_id=str(alert.pk), action__in=ALERT_ACTIONS
        )
        first = min((a.at for a in acts), default=None)
        yield {
            "month": month(alert.raised_at),
            "agency_id": alert.trigger.agency_id,
            "team": team(alert.trigger.facts),
            "rule": alert.rule,
            "caught": (True, True),
            "acted": (first is not None, True),
            "median_hours": (hours(first, alert.raised_at) if first else None, first is not None),
        }


def marac_repeat(period: Period) -> Iterator[Row]:
    for referral in MaracReferral.objects.filter(
        referred_at__gte=period.start, referred_at__lt=period.end
    ):
        yield {
            "month": month(referral.referred_at),
            "agency_id": referral.agency_id,
            "repeat": (referral.repeat, True),
        }


DEFINITIONS: dict[str, Callable[[Period], Iterator[Row]]] = {
    f.__name__: f
    for f in (
        repeat_incidents,
        incident_to_front_door,
        receipt_to_decision,
        child_seen_heard,
        referrals_by_source,
        health_contribution,
        sharing_on_time,
        escalations,
        marac_repeat,
    )
}


def expected(measure: Measure, rows: list[Row]) -> dict[tuple[str, str], list[tuple[Any, ...]]]:
    """(count, of, median) of each statistic, for every group with something in it."""
    groups: dict[tuple[str, str], list[Row]] = {("all", "all"): rows}
    for dimension in measure.dimensions:
        for row in rows:
            groups.setdefault((dimension.code, str(row[dimension.column])), []).append(row)
    figures = {}
    for key, members in groups.items():
        cells: list[tuple[Any, ...]] = []
        for statistic in measure.statistics:
            among = [row[statistic.code][0] for row in members if row[statistic.code][1]]
            if statistic.kind == RATE:
                cells.append((sum(among), len(among), None))
            elif statistic.kind == COUNT:
                cells.append((len(among), None, None))
            else:
                values = [v for v in among if v is not None]
                cells.append((None, len(values), statistics.median(values) if values else None))
        figures[key] = cells
    return figures


def assert_figures_agree(insights: Insights, *, agency_id: int | None = None) -> None:
    for result in insights.results:
        if result.measure.code not in DEFINITIONS or not result.counted:
            continue
        rows = [
            row
            for row in DEFINITIONS[result.measure.code](insights.period)
            if agency_id in (None, row["agency_id"]) and insights.team in ("", row.get("team"))
        ]
        figures = expected(result.measure, rows)
        lines = [(("all", "all"), result.total)] + [
            ((b.dimension.code, line.key), line) for b in result.breakdowns for line in b.lines
        ]
        shown = {key for key, _ in lines}
        assert set(figures) <= shown, result.measure.code
        for key, line in lines:
            for statistic, cell, (count, of, median) in zip(
                result.measure.statistics,
                line.cells,
                figures.get(key, [(0, 0, None)] * len(line.cells)),
                strict=True,
            ):
                where = f"{result.measure.code} {key} {statistic.code}"
                assert (cell.count or 0, cell.of or 0) == (count or 0, of or 0), where
                if median is None:
                    assert cell.value is None or statistic.kind != MEDIAN_HOURS, where
                else:
                    assert cell.value == pytest.approx(median, abs=1e-6), where
                small = any(x is not None and 0 < x < insights.suppress_below for x in (count, of))
                assert cell.suppressed == small, where
                if small:
                    assert f"fewer than {insights.suppress_below}" in cell.text, where


@pytest.mark.usefixtures("borough")
def test_every_figure_agrees_with_the_definitions_worked_out_again() -> None:
    ten_years = insights_compute(Period(date(2016, 11, 1), LAST_DAY))
    assert ten_years.suppress_below == 5
    assert_figures_agree(ten_years)
    assert any(
        cell.suppressed
        for r in ten_years.results
        for b in r.breakdowns
        for line in b.lines
        for cell in line.cells
    )
    assert_figures_agree(insights_compute(THREE_YEARS))
    assert_figures_agree(insights_compute(Period(date(2025, 3, 1), date(2025, 3, 31))))
    police = Referral.objects.values_list("agency__code", "agency_id").first()
    assert police is not None
    assert_figures_agree(insights_compute(THREE_YEARS, agency_code=police[0]), agency_id=police[1])
    first_team = ten_years.teams[0]
    assert_figures_agree(insights_compute(THREE_YEARS, team=first_team))
    nothing = insights_compute(Period(date(2010, 1, 1), date(2010, 12, 31)))
    assert nothing.teams == ()
    assert_figures_agree(nothing)
    for result in nothing.results:
        assert all(cell.empty for cell in result.total.cells), result.measure.code
