"""REPEAT_MARAC: abuse within 12 months of the last MARAC referral."""

import pytest

from tests.risk.family import about, alerts, incident, named, perpetrator, send, victim

pytestmark = pytest.mark.django_db


def marac(on: str) -> dict:
    return about("police", "marac", on, victim(), perpetrator(), event="referred")


def test_abuse_365_days_after_the_referral_is_a_repeat(agencies) -> None:
    send(marac("2025-03-01T10:00:00"), incident("2026-03-01T09:00:00"))
    [alert] = alerts("REPEAT_MARAC")
    assert alert.person == named("Katherine")
    assert alert.evidence["dates"] == ["2025-03-01", "2026-03-01"]


def test_abuse_366_days_after_is_not(agencies) -> None:
    send(marac("2025-03-01T10:00:00"), incident("2026-03-02T11:00:00"))
    assert alerts("REPEAT_MARAC") == []
