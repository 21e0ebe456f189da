"""PERPETRATOR_UNDER_SUPERVISION: a new incident while on licence or under supervision."""

import pytest

from tests.risk.family import about, alerts, incident, named, perpetrator, send

pytestmark = pytest.mark.django_db


def supervision(status: str = "open", **facts: object) -> dict:
    return about(
        "police",
        "involvement",
        "2026-01-01T10:00:00",
        perpetrator(role="subject"),
        service="probation_supervision",
        status=status,
        **facts,
    )


def test_an_incident_under_supervision(agencies) -> None:
    send(supervision(end_date="2026-03-01"), incident("2026-03-01T20:00:00"))
    [alert] = alerts("PERPETRATOR_UNDER_SUPERVISION")
    assert alert.person == named("Dean")


def test_an_incident_the_day_after_supervision_ended(agencies) -> None:
    send(supervision(end_date="2026-03-01"), incident("2026-03-02T20:00:00"))
    assert alerts("PERPETRATOR_UNDER_SUPERVISION") == []


def test_supervision_closed_is_not(agencies) -> None:
    send(supervision(), supervision(status="closed") | {"occurred_at": "2026-02-01"})
    send(incident("2026-03-01T20:00:00"))
    assert alerts("PERPETRATOR_UNDER_SUPERVISION") == []
