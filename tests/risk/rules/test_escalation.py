"""ESCALATION_3_IN_12M: the third incident within 12 months raises it, once for the run."""

import pytest

from tests.risk.family import alerts, incident, named, send

pytestmark = pytest.mark.django_db


def test_the_third_incident_within_365_days_raises_it(agencies) -> None:
    send(incident("2025-01-01T20:00:00"), incident("2025-06-01T20:00:00"))
    assert alerts("ESCALATION_3_IN_12M") == []
    send(incident("2026-01-01T20:00:00"))
    [alert] = alerts("ESCALATION_3_IN_12M")
    assert alert.person == named("Katherine")
    assert alert.evidence["count"] == 3
    assert alert.evidence["dates"] == ["2025-01-01", "2025-06-01", "2026-01-01"]
    assert len(alert.messages) == 3


def test_a_day_more_than_12_months_is_not_an_escalation(agencies) -> None:
    send(
        incident("2025-01-01T20:00:00"),
        incident("2025-06-01T20:00:00"),
        incident("2026-01-02T20:00:00"),
    )
    assert alerts("ESCALATION_3_IN_12M") == []


def test_later_incidents_in_the_same_run_raise_no_second_alert(agencies) -> None:
    send(*(incident(f"2026-0{month}-01T20:00:00") for month in range(1, 6)))
    assert len(alerts("ESCALATION_3_IN_12M")) == 1
