"""Each duty tells the right agency about the right person, by its deadline, and never the
sender or an agency the sender says it already told."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from frontdoor.access.models import AgencyType
from frontdoor.sharing.models import Notification
from tests.factories import AgencyFactory
from tests.risk.family import about, child, incident, perpetrator, send, victim

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def told(duty: str) -> list[tuple[str, str, str]]:
    """Who the duty told, about whom, and the notification's status."""
    return sorted(
        (n.recipient.code, n.person.given_name, n.status)
        for n in Notification.objects.filter(duty=duty).select_related("recipient", "person")
    )


def due(duty: str) -> datetime:
    return timezone.localtime(Notification.objects.get(duty=duty).due_by, LONDON)


def school_known(date: str = "2025-01-02") -> None:
    """Children's social care's record of Poppy gives her school: not the police's."""
    send(about("csc", "contact", date, child("csc", school_urn="105899")))


def test_encompass_tells_the_school_from_another_agencys_record(services) -> None:
    school_known()
    send(incident("2025-03-07T21:00:00"))
    assert told("ENCOMPASS_SCHOOL") == [("school-105899", "Poppy", "due")]
    assert due("ENCOMPASS_SCHOOL") == datetime(2025, 3, 10, 9, 0, tzinfo=LONDON)


def test_encompass_skips_the_easter_bank_holidays(services) -> None:
    school_known()
    send(incident("2025-04-17T22:00:00"))
    assert due("ENCOMPASS_SCHOOL") == datetime(2025, 4, 22, 9, 0, tzinfo=LONDON)


def test_encompass_needs_a_known_school_and_a_school_age_child(services) -> None:
    send(incident("2025-03-07T21:00:00"))
    assert told("ENCOMPASS_SCHOOL") == []
    send(about("csc", "contact", "2025-03-08", child("csc", "2023-01-01", school_urn="105899")))
    send(incident("2025-03-09T21:00:00"))
    assert told("ENCOMPASS_SCHOOL") == []


def test_the_sender_already_told_is_recorded_as_not_shared(services) -> None:
    school_known()
    send(incident("2025-03-07T21:00:00", shared_with=["school-105899"]))
    assert told("ENCOMPASS_SCHOOL") == [("school-105899", "Poppy", "withheld")]
    assert Notification.objects.get(duty="ENCOMPASS_SCHOOL").reason.startswith("The sender says")


def test_health_visitor_for_a_child_under_five(services) -> None:
    send(incident("2025-03-07T21:00:00", child_fields={"date_of_birth": "2022-01-01"}))
    assert told("HEALTH_VISITOR") == [("health-visiting", "Poppy", "due")]
    assert due("HEALTH_VISITOR") == datetime(2025, 3, 10, 17, 0, tzinfo=LONDON)


def test_no_health_visitor_for_a_child_of_five(services) -> None:
    send(incident("2025-03-07T21:00:00"))
    assert told("HEALTH_VISITOR") == [], "Poppy, born in 2019, is five"


def test_gp_of_the_victim_and_children(services) -> None:
    send(
        about("gp-f84001", "attendance", "2025-01-02", victim("gp-f84001", gp_practice="F84001")),
        about("gp-f84001", "attendance", "2025-01-02", child("gp-f84001", gp_practice="F84001")),
    )
    send(incident("2025-04-17T22:00:00"))
    assert told("GP") == [("gp-f84001", "Katherine", "due"), ("gp-f84001", "Poppy", "due")]
    due_by = Notification.objects.filter(duty="GP").first()
    assert due_by is not None
    assert timezone.localtime(due_by.due_by, LONDON) == datetime(2025, 4, 22, 17, 0, tzinfo=LONDON)


def test_adult_services_with_an_open_involvement(services) -> None:
    send(
        about(
            "amh",
            "involvement",
            "2025-01-02",
            victim("amh"),
            service="adult_mental_health",
            status="open",
        ),
        about(
            "substance-misuse",
            "involvement",
            "2025-01-02",
            perpetrator("substance-misuse"),
            service="substance_misuse",
            status="open",
        ),
        about(
            "substance-misuse",
            "involvement",
            "2025-02-02",
            perpetrator("substance-misuse"),
            service="substance_misuse",
            status="closed",
        ),
    )
    send(incident("2025-03-07T21:00:00"))
    assert told("ADULT_MENTAL_HEALTH") == [("amh", "Katherine", "due")]
    assert told("SUBSTANCE_MISUSE") == [], "the involvement was closed before the incident"
    payload = dict(Notification.objects.get(duty="ADULT_MENTAL_HEALTH").payload)
    assert payload["Children in the household"] == "1 (aged 5)"


def test_probation_supervising_the_perpetrator_but_never_the_sender(services) -> None:
    send(
        about(
            "probation",
            "involvement",
            "2025-01-02",
            perpetrator("probation"),
            service="probation_supervision",
            status="open",
        )
    )
    send(incident("2025-03-07T21:00:00"))
    assert told("PROBATION") == [("probation", "Dean", "due")]
    send(
        about(
            "probation",
            "referral",
            "2025-03-09",
            perpetrator("probation"),
            child("probation"),
            reason="Concerned for the child",
        )
    )
    assert len(told("PROBATION")) == 1, "probation sent the referral: it knows"


def test_csc_when_the_referral_criteria_are_met_named_worker(services) -> None:
    send(
        about(
            "csc",
            "involvement",
            "2025-01-02",
            child("csc"),
            service="csc_allocation",
            status="open",
            worker={"name": "Sam Social"},
        )
    )
    send(incident("2025-03-07T21:00:00", officer_risk="high"))
    assert told("CSC") == [("csc", "Poppy", "due")]
    payload = dict(Notification.objects.get(duty="CSC").payload)
    assert payload["Allocated worker"] == "Sam Social"


def test_midwife_when_the_victim_is_pregnant(services) -> None:
    send(incident("2025-03-07T21:00:00", pregnant=True))
    assert told("MIDWIFE") == [("midwifery", "Katherine", "due")]


def test_cafcass_when_family_proceedings_are_open(services) -> None:
    send(
        about(
            "cafcass",
            "involvement",
            "2025-01-02",
            child("cafcass"),
            service="family_proceedings",
            status="open",
        )
    )
    send(incident("2025-03-07T21:00:00"))
    assert told("CAFCASS") == [("cafcass", "Poppy", "due")]


def test_prison_holding_the_perpetrator_while_children_are_at_risk(services) -> None:
    AgencyFactory(code="prison-synth", type=AgencyType.PRISON)
    send(
        about(
            "prison-synth", "custody", "2025-01-02", perpetrator("prison-synth"), event="received"
        )
    )
    send(incident("2025-03-07T21:00:00"))
    assert told("PRISON") == [("prison-synth", "Dean", "due")]
    send(
        about(
            "prison-synth", "custody", "2025-03-20", perpetrator("prison-synth"), event="released"
        )
    )
    send(incident("2025-04-07T21:00:00"))
    assert len(told("PRISON")) == 1, "released before the second incident"
