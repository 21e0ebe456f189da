"""PREGNANCY: abuse of a pregnant victim, or one with a baby under 18 months."""

import pytest

from tests.risk.family import alerts, child, incident, named, send

pytestmark = pytest.mark.django_db


def with_baby(occurred_at: str, born: str) -> dict:
    message = incident(occurred_at)
    message["subjects"][2] = child(date_of_birth=born, present=True, seen=True)
    return message


def test_a_pregnant_victim(agencies) -> None:
    send(incident("2026-03-01T20:00:00", pregnant=True))
    [alert] = alerts("PREGNANCY")
    assert alert.person == named("Katherine")


def test_a_baby_of_17_months(agencies) -> None:
    send(with_baby("2026-03-01T20:00:00", "2024-09-02"))
    [alert] = alerts("PREGNANCY")
    assert alert.evidence["found"] == ["a baby of 17 months"]


def test_a_child_of_18_months_is_not(agencies) -> None:
    send(with_baby("2026-03-01T20:00:00", "2024-09-01"))
    assert alerts("PREGNANCY") == []
