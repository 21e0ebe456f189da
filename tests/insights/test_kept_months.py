"""Whole months kept between views (docs/decisions/0026): a view reads the months no write has
touched from what an earlier view kept, and after any write its figures are exactly those of a
view worked out from nothing."""

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pyarrow as pa
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontdoor.access.models import AgencyType
from frontdoor.chronology.models import Event, Participant
from frontdoor.insights import loads
from frontdoor.insights.figures import insights_compute
from frontdoor.insights.loads import Load, Period
from frontdoor.insights.models import KeptMonth
from frontdoor.insights.written import OPERATIONS, SOURCES
from frontdoor.linkage.services import record_link
from frontdoor.marac.models import Criterion, MaracReferral
from frontdoor.risk.models import Alert
from frontdoor.risk.services import alert_acknowledge
from frontdoor.triage.models import AgencyCheck, DecisionOutcome, Referral
from frontdoor.triage.services import triage_setting_set

from .conftest import Clock, World, at, decide, family, send

MAY_JUNE = Period(date(2027, 5, 1), date(2027, 6, 30))


def viewed() -> str:
    """Every figure of the view, as text: two views agree when these are equal."""
    return repr(insights_compute(MAY_JUNE).results)


def afresh() -> str:
    """The figures worked out from nothing: no month kept."""
    KeptMonth.objects.all().delete()
    return viewed()


def assert_next_view_exact(write: Callable[[], None]) -> None:
    """The write changes the figures, and the next view shows exactly what a view from nothing
    shows."""
    before = viewed()
    assert KeptMonth.objects.filter(month="2027-06").exists()
    write()
    after = viewed()
    assert after == afresh()
    assert after != before


def test_a_second_view_reads_the_kept_months_and_agrees(world: World) -> None:
    first = viewed()
    assert set(KeptMonth.objects.values_list("month", flat=True)) == {"2027-05", "2027-06"}
    # May's notice to probation is not due until 2029: its month's notifications are not kept
    assert not KeptMonth.objects.filter(month="2027-05", load="notifications").exists()
    with CaptureQueriesContext(connection) as queries:
        second = viewed()
    assert second == first == afresh()
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("triage_referral", "chronology_participant", "risk_alert", "marac_maracreferral"):
        assert table not in read, table
    assert "sharing_notification" in read


def test_an_incident_makes_an_earlier_decision_a_repeat(world: World) -> None:
    """Probation's decision of June 2027 is followed by an incident in September involving the
    people it named."""
    assert_next_view_exact(
        lambda: send("probation", "incident", "2027-09-01T20:00:00", family("B")),
    )


def test_a_decision(world: World) -> None:
    referral = Referral.objects.get(agency=world.agencies["probation"])

    def decided() -> None:
        check = AgencyCheck.objects.create(
            referral=referral,
            agency=world.agencies["gp"],
            question="Known?",
            asked_by=world.leader,
            asked_at=referral.received_at,
            due_at=referral.due_at,
            answered_by=world.leader,
            answered_at=referral.received_at + timedelta(days=5),
            holds=True,
        )
        decide(
            referral,
            DecisionOutcome.CHILD_IN_NEED,
            after=timedelta(days=6),
            by=world.leader,
            checks=[check],
        )

    assert_next_view_exact(decided)


def test_a_notification_falls_due_by_the_clock(world: World, clock: Clock) -> None:
    def later() -> None:
        clock.now = at("2029-01-02T10:00")

    assert_next_view_exact(later)


def test_an_alert_acknowledged(world: World, clock: Clock) -> None:
    alert = Alert.objects.get(trigger=world.incident_b)

    def acknowledged() -> None:
        clock.now = alert.raised_at + timedelta(hours=30)
        alert_acknowledge(alert=alert, user=world.leader)

    assert_next_view_exact(acknowledged)


def test_a_link_decision_changes_who_a_referral_named(world: World) -> None:
    """Probation's referral comes to name family A's victim, whose incident of August follows
    its decision."""
    named = Participant.objects.get(
        event__referral__agency=world.agencies["probation"], record__source_person_id="B-V"
    )
    a_victim = Participant.objects.filter(record__source_person_id="A-V").first()
    assert a_victim is not None
    assert_next_view_exact(
        lambda: record_link(named.record, a_victim.person, user=world.leader, reason="The same")
    )


def test_a_deletion_as_retention_s(world: World) -> None:
    """Deleting the August incident (with its participants) leaves the police decision not
    followed by one."""
    august = Event.objects.get(kind="incident", occurred_at=at("2027-08-01T20:00"))
    assert_next_view_exact(lambda: Event.objects.filter(pk=august.pk).delete())


def test_a_marac_referral(world: World) -> None:
    assert_next_view_exact(
        lambda: MaracReferral.objects.create(
            reference="MRC-T9",
            event=Event.objects.get(kind="incident", occurred_at=at("2027-08-01T20:00")),
            agency=world.agencies["idva"],
            referred_at=at("2027-06-20T10:00"),
            criterion=Criterion.PROFESSIONAL_JUDGEMENT,
            repeat=False,
        )
    )


def test_a_setting_changed(world: World) -> None:
    """Family B's incident was told 30 hours on: within a notice time of 48 hours."""
    assert_next_view_exact(
        lambda: triage_setting_set(
            key="incident.notice_hours",
            value=48,
            effective_from=date(2027, 1, 1),
            reason="Test",
            user=None,
        )
    )


def test_an_agency_s_type_changed(world: World) -> None:
    """The police decision's GP answer is no longer health's."""
    gp = world.agencies["gp"]
    gp.type = AgencyType.SCHOOL
    assert_next_view_exact(lambda: gp.save(update_fields=["type"]))


def test_a_write_while_a_month_is_read_is_seen_by_the_next_view(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that commits after a view read the versions but before it read the rows: the
    month it keeps is read again by the next view."""
    viewed()
    KeptMonth.objects.filter(load="marac").delete()
    marac = next(load for load in loads.LOADS if load.name == "marac")

    def read_after_a_write(start: datetime, end: datetime, now: datetime) -> pa.Table:
        MaracReferral.objects.filter(reference="MRC-T1").update(repeat=True)
        return marac.read(start, end, now)

    racing = Load("marac", read_after_a_write)
    monkeypatch.setattr(loads, "LOADS", tuple(racing if x is marac else x for x in loads.LOADS))
    during = viewed()
    monkeypatch.undo()
    with CaptureQueriesContext(connection) as queries:
        after = viewed()
    assert "marac_maracreferral" in " ".join(query["sql"] for query in queries.captured_queries)
    assert after == during == afresh()


def test_every_table_the_loads_read_counts_its_writes(db: None) -> None:
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'insights_written_%%'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        triggers = {row[0] for row in cursor.fetchall()}
    for table in SOURCES:
        for operation in OPERATIONS:
            assert f"insights_written_{table}_{operation.lower()}" in triggers
