"""PERPETRATOR_RELEASE: an alleged perpetrator of abuse with children in the household
released from custody."""

import pytest

from tests.risk.family import about, alerts, incident, named, perpetrator, send

pytestmark = pytest.mark.django_db


def release(on: str) -> dict:
    return about("police", "custody", on, perpetrator(role="subject"), event="released")


def test_the_release_of_an_alleged_perpetrator_raises_it_for_the_child(agencies) -> None:
    send(incident("2026-01-01T20:00:00"), release("2026-03-01T10:00:00"))
    [alert] = alerts("PERPETRATOR_RELEASE")
    assert alert.person == named("Poppy")


def test_a_release_with_no_abuse_recorded_raises_nothing(agencies) -> None:
    send(release("2026-03-01T10:00:00"))
    assert alerts("PERPETRATOR_RELEASE") == []
