"""A small partnership's May and June 2027, with every measure's facts in it.

Family A (police ids A-*) is referred by the police and decided on time as early help with a GP's
answer; the police record another incident with the child two months later. Family B is referred
by probation and decided late as no further action; its next incident is 13 months later.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User

from frontdoor.access.models import Agency, AgencyType, Role
from frontdoor.chronology.models import Event
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.marac.models import Criterion, MaracReferral
from frontdoor.people.models import Person
from frontdoor.quality.models import Answer, DipReview, DipSample, Result
from frontdoor.risk.models import Alert
from frontdoor.risk.services import alert_acknowledge
from frontdoor.sharing.models import Notification, NotificationStatus
from frontdoor.triage.models import AgencyCheck, Decision, DecisionOutcome, Referral, SignOff
from frontdoor.triage.services import referral_states_restore, triage_setting_set
from tests.factories import AgencyFactory, StaffFactory, message, raw, subject

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


class Clock:
    def __init__(self) -> None:
        self.now = at("2027-06-01T10:00")

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    now = Clock()
    with mock.patch("django.utils.timezone.now", now):
        yield now


def family(prefix: str, *, child: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [
        subject("v", "victim", source_person_id=f"{prefix}-V", date_of_birth="1990-01-02"),
        subject(
            "c",
            "child",
            source_person_id=f"{prefix}-C",
            date_of_birth="2019-03-04",
            **(child or {}),
        ),
    ]


def send(
    source: str, kind: str, occurred_at: str, subjects: list[dict[str, Any]], **more: Any
) -> None:
    outcomes = messages_receive(
        [
            raw(
                message(
                    source=source, kind=kind, occurred_at=occurred_at, subjects=subjects, **more
                )
            )
        ],
        channel=Channel.FILE,
    )
    assert outcomes[0].status == "accepted", outcomes[0]


def decide(
    referral: Referral, outcome: str, *, after: timedelta, by: User, checks: list[AgencyCheck]
) -> None:
    decision = Decision.objects.create(
        referral=referral,
        outcome=outcome,
        rationale="Test",
        rested_on="Test",
        decided_by=by,
        decided_at=referral.received_at + after,
        sign_off=SignOff.NOT_REQUIRED,
    )
    decision.checks.set(checks)
    referral_states_restore([referral])
    referral.save()


@dataclass
class World:
    agencies: dict[str, Agency]
    leader: User
    incident_a: Event
    incident_b: Event


@pytest.fixture
def world(agencies: dict[str, Agency], clock: Clock) -> World:
    """Every count of the scenario is at least 1, so the tests see them all: a count below the
    suppression threshold is shown only when the threshold is 1."""
    agencies["idva"] = AgencyFactory(code="idva", name="Refuge Service", type=AgencyType.IDVA)
    triage_setting_set(
        key="insights.suppress_below",
        value=1,
        effective_from=date(2020, 1, 1),
        reason="The tests count single cases",
        user=None,
    )
    leader = StaffFactory(
        user__username="leader", agency=agencies["csc"], role=Role.MANAGER, front_door=True
    ).user
    seen = {"present": True, "seen": True, "seen_alone": True, "spoken_to": True}
    send(
        "police",
        "incident",
        "2027-05-01T20:00:00",
        family("A", child=seen),
        reported_at="2027-05-01T22:00:00",
        facts={"category": "domestic_abuse", "station": "Northside"},
    )
    send(
        "police",
        "incident",
        "2027-05-02T20:00:00",
        family("B", child={"present": True}),
        reported_at="2027-05-04T02:00:00",
        facts={"station": "Southside"},
    )
    send(
        "csc",
        "contact",
        "2027-05-10T11:00:00",
        [subject("c", "child", source_person_id="K1", voice="I like my school")],
    )
    send("police", "referral", "2027-06-01T09:00:00", family("A"), facts={"reason": "Test"})
    send("probation", "referral", "2027-06-01T09:30:00", family("B"), facts={"reason": "Test"})
    from_police, from_probation = (
        Referral.objects.get(agency=agencies["police"]),
        Referral.objects.get(agency=agencies["probation"]),
    )
    gp_check = AgencyCheck.objects.create(
        referral=from_police,
        agency=agencies["gp"],
        question="Known?",
        asked_by=leader,
        asked_at=from_police.received_at,
        due_at=from_police.due_at,
        answered_by=leader,
        answered_at=from_police.received_at + timedelta(hours=1),
        holds=False,
    )
    decide(
        from_police,
        DecisionOutcome.EARLY_HELP,
        after=timedelta(hours=2),
        by=leader,
        checks=[gp_check],
    )
    decide(
        from_probation,
        DecisionOutcome.NO_FURTHER_ACTION,
        after=timedelta(days=5),
        by=leader,
        checks=[],
    )
    clock.now = at("2028-09-01T10:00")
    send("police", "incident", "2027-08-01T20:00:00", family("A"))
    send("police", "incident", "2028-07-01T20:00:00", family("B"))
    incident_a, incident_b = (
        Event.objects.filter(kind="incident").order_by("occurred_at")[n] for n in (0, 1)
    )
    _sharing(agencies, incident_a)
    _escalations(leader, clock, incident_a, incident_b)
    _marac(agencies, incident_a, incident_b)
    _dip_samples(agencies, leader)
    return World(agencies, leader, incident_a, incident_b)


def _sharing(agencies: dict[str, Agency], event: Event) -> None:
    """Four notices raised on 2 May: on time, late, never acknowledged, and not yet due."""
    Notification.objects.all().delete()
    person = Person.objects.filter(records__source_person_id="A-C").get()
    raised = at("2027-05-02T10:00")
    for n, (recipient, due, acknowledged) in enumerate(
        [
            ("gp", raised + timedelta(days=1), raised + timedelta(hours=3)),
            ("school", raised + timedelta(days=1), raised + timedelta(days=2)),
            ("school", raised + timedelta(days=1), None),
            ("probation", at("2029-01-01T10:00"), None),
        ]
    ):
        Notification.objects.create(
            duty=f"TEST_{n}",
            recipient=agencies[recipient],
            person=person,
            event=event,
            raised_at=raised,
            due_by=due,
            acknowledged_at=acknowledged,
            status=NotificationStatus.ACKNOWLEDGED if acknowledged else NotificationStatus.DUE,
        )


def _escalations(leader: User, clock: Clock, *events: Event) -> None:
    """Two escalation alerts raised on 3 May; the front door acknowledged the first 3 hours on."""
    Alert.objects.all().delete()
    person = Person.objects.filter(records__source_person_id="A-V").get()
    raised = at("2027-05-03T09:00")
    alerts = [
        Alert.objects.create(
            rule="ESCALATION_3_IN_12M",
            rule_version=1,
            person=person,
            key=f"test-{n}",
            detail="Test",
            action="Test",
            trigger=event,
            raised_at=raised,
        )
        for n, event in enumerate(events)
    ]
    now, clock.now = clock.now, raised + timedelta(hours=3)
    alert_acknowledge(alert=alerts[0], user=leader)
    clock.now = now


def _marac(agencies: dict[str, Agency], *events: Event) -> None:
    """Two MARAC referrals from the IDVA service in June, one a repeat."""
    for n, event in enumerate(events):
        MaracReferral.objects.create(
            reference=f"MRC-T{n}",
            event=event,
            agency=agencies["idva"],
            referred_at=at("2027-06-05T10:00"),
            criterion=Criterion.REPEAT,
            repeat=n == 0,
        )


def _dip_samples(agencies: dict[str, Agency], reviewer: User) -> None:
    """Two reviewed incidents of week 18: Northside's risk was wrong, Southside's was good."""
    sample = DipSample.objects.create(
        week="2027-W18",
        first_day=date(2027, 5, 1),
        last_day=date(2027, 5, 7),
        seed=1,
        per_stratum=1,
        as_of=at("2027-05-10T09:00"),
        population={},
        drawn_at=at("2027-05-10T09:00"),
    )
    for n, (station, risk_right, result) in enumerate(
        [
            ("Northside", Answer.NO, Result.REQUIRES_IMPROVEMENT),
            ("Southside", Answer.YES, Result.GOOD),
        ]
    ):
        DipReview.objects.create(
            sample=sample,
            agency=agencies["police"],
            station=station,
            position=0,
            source="police",
            message_id=f"dip-{n}",
            occurred_at=at(f"2027-05-0{n + 1}T20:00"),
            reviewer=reviewer,
            risk_right=risk_right,
            child_seen_heard=Answer.YES,
            history_considered=Answer.YES,
            information_shared=Answer.PARTLY,
            result=result,
            completed_at=at("2027-05-12T10:00"),
            completed_by=reviewer,
        )
