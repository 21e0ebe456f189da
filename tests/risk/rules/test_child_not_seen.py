"""CHILD_NOT_SEEN: a child at an incident or contact not seen, not spoken to or not heard."""

import pytest

from tests.risk.family import about, alerts, child, incident, named, send, victim

pytestmark = pytest.mark.django_db


def test_a_child_seen_spoken_to_and_heard_raises_nothing(agencies) -> None:
    send(incident("2026-03-01T20:00:00"))
    assert alerts("CHILD_NOT_SEEN") == []


def test_a_child_present_and_not_seen(agencies) -> None:
    send(incident("2026-03-01T20:00:00", child_fields={"present": True, "seen": False}))
    [alert] = alerts("CHILD_NOT_SEEN")
    assert alert.person == named("Poppy")
    assert alert.evidence["missing"] == ["not seen", "not spoken to", "no voice recorded"]


def test_a_child_seen_and_spoken_to_without_their_words(agencies) -> None:
    fields = {"present": True, "seen": True, "spoken_to": True}
    send(incident("2026-03-01T20:00:00", child_fields=fields))
    [alert] = alerts("CHILD_NOT_SEEN")
    assert alert.evidence["missing"] == ["no voice recorded"]


def test_a_child_under_3_need_only_be_seen(agencies) -> None:
    message = incident("2026-03-01T20:00:00")
    message["subjects"][2] = child(date_of_birth="2023-03-02", present=True, seen=True)
    send(message)
    assert alerts("CHILD_NOT_SEEN") == []


def test_a_child_of_3_must_be_heard(agencies) -> None:
    message = incident("2026-03-01T20:00:00")
    message["subjects"][2] = child(date_of_birth="2023-03-01", present=True, seen=True)
    send(message)
    assert len(alerts("CHILD_NOT_SEEN")) == 1


def test_a_later_contact_that_sees_and_hears_the_child_resolves_it(agencies) -> None:
    send(incident("2026-03-01T20:00:00", child_fields={"present": True, "seen": False}))
    send(
        about(
            "police",
            "contact",
            "2026-03-03T10:00:00",
            victim(),
            child(seen=True, spoken_to=True, seen_alone=True, voice="Daddy shouts"),
            notes="Home visit",
        )
    )
    [alert] = alerts("CHILD_NOT_SEEN")
    assert alert.status == "resolved"


def test_a_run_of_misses_is_one_alert_until_the_child_is_seen_and_heard(agencies) -> None:
    not_seen = {"present": True, "seen": False}
    send(
        incident("2026-03-01T20:00:00", child_fields=not_seen),
        incident("2026-04-01T20:00:00", child_fields=not_seen),
    )
    assert len(alerts("CHILD_NOT_SEEN")) == 1
    send(incident("2026-05-01T20:00:00"), incident("2026-06-01T20:00:00", child_fields=not_seen))
    assert len(alerts("CHILD_NOT_SEEN")) == 2
