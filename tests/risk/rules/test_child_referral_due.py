"""CHILD_REFERRAL_DUE: each criterion at its edge, and a referral resolving it."""

import pytest

from tests.risk.family import about, alerts, child, incident, named, send, victim

pytestmark = pytest.mark.django_db

OLDER = {"child_fields": {**{"present": False}, "date_of_birth": "2015-01-01"}}


def older_child_incident(occurred_at: str, **facts: object) -> dict:
    """An incident about a child of 11, not present: no criterion met unless the facts say."""
    message = incident(occurred_at, **facts)
    message["subjects"][2] = child(date_of_birth="2015-01-01", present=False)
    return message


def test_a_child_under_5_meets_the_criteria(agencies) -> None:
    send(incident("2024-09-08T20:00:00"))  # Poppy is 4 until 9 September 2024
    [alert] = alerts("CHILD_REFERRAL_DUE")
    assert alert.person == named("Poppy")
    assert "a child under 5 or unborn" in alert.evidence["criteria"]
    assert alert.action == "Refer the child to children's social care"


def test_a_child_of_5_alone_does_not(agencies) -> None:
    send(incident("2024-09-09T20:00:00", child_fields={"present": False}))
    assert alerts("CHILD_REFERRAL_DUE") == []


@pytest.mark.parametrize(
    ("facts", "criterion"),
    [
        ({"officer_risk": "medium"}, "officer risk medium"),
        ({"strangulation": True}, "strangulation"),
        ({"dash": {str(q): "yes" if q <= 10 else "no" for q in range(1, 28)}}, "DASH 10 yes"),
    ],
)
def test_each_criterion_is_enough(agencies, facts: dict, criterion: str) -> None:
    send(older_child_incident("2026-03-01T20:00:00", **facts))
    [alert] = alerts("CHILD_REFERRAL_DUE")
    assert criterion in alert.evidence["criteria"]


def test_dash_9_and_standard_risk_are_not(agencies) -> None:
    nine = {str(q): "yes" if q <= 9 else "no" for q in range(1, 28)}
    send(older_child_incident("2026-03-01T20:00:00", dash=nine))
    assert alerts("CHILD_REFERRAL_DUE") == []


def test_a_second_incident_within_12_months(agencies) -> None:
    send(older_child_incident("2025-03-01T20:00:00"))
    assert alerts("CHILD_REFERRAL_DUE") == []
    send(older_child_incident("2026-03-01T20:00:00"))
    [alert] = alerts("CHILD_REFERRAL_DUE")
    assert "2 incidents within 365 days" in alert.evidence["criteria"]


def test_a_recent_referral_means_none_is_due(agencies) -> None:
    send(about("police", "referral", "2026-02-10T10:00:00", victim(), child(), reason="DA"))
    send(older_child_incident("2026-03-01T20:00:00", officer_risk="high"))
    assert alerts("CHILD_REFERRAL_DUE") == []


def test_a_referral_arriving_resolves_it_and_says_so(agencies) -> None:
    send(older_child_incident("2026-03-01T20:00:00", officer_risk="high"))
    send(about("police", "referral", "2026-03-02T10:00:00", victim(), child(), reason="DA"))
    [alert] = alerts("CHILD_REFERRAL_DUE")
    assert alert.status == "resolved"
    assert alert.status_reason.startswith("Referral received on 2 Mar 2026")
