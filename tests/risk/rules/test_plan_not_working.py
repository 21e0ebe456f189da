"""PLAN_NOT_WORKING: abuse during a plan, or a fact that breaks what it relies on."""

import pytest

from tests.risk.family import about, alerts, child, named, perpetrator, send, victim
from tests.risk.family import incident as police_incident

pytestmark = pytest.mark.django_db


def plan(status: str = "started", **facts: object) -> dict:
    return about(
        "csc",
        "plan",
        "2026-02-01T10:00:00",
        victim("csc"),
        child("csc"),
        type="child_in_need",
        status=status,
        start_date="2026-02-01",
        relies_on=["no_contact"],
        **facts,
    )


def test_abuse_while_a_plan_is_active(agencies) -> None:
    send(plan())
    send(police_incident("2026-03-01T20:00:00"))
    [alert] = alerts("PLAN_NOT_WORKING")
    assert alert.person == named("Poppy")
    assert alert.action == "Review the plan"
    assert alert.detail.startswith("Child in need plan in force: a domestic-abuse incident on")


def test_abuse_after_the_plan_ended_is_not(agencies) -> None:
    send(plan(end_date="2026-02-28"))
    send(police_incident("2026-03-01T20:00:00"))
    assert alerts("PLAN_NOT_WORKING") == []


def test_the_perpetrator_at_a_contact_breaks_no_contact(agencies) -> None:
    send(police_incident("2026-01-01T20:00:00"), plan())
    send(
        about(
            "csc",
            "contact",
            "2026-03-01T10:00:00",
            victim("csc"),
            child("csc"),
            perpetrator("csc", role="parent"),
            notes="Dad at home",
        )
    )
    [alert] = alerts("PLAN_NOT_WORKING")
    assert "relies on no contact with the alleged perpetrator" in alert.detail


def test_a_plan_review_resolves_it(agencies) -> None:
    send(plan())
    send(police_incident("2026-03-01T20:00:00"))
    send(plan(status="reviewed") | {"occurred_at": "2026-03-05T10:00:00"})
    [alert] = alerts("PLAN_NOT_WORKING")
    assert alert.status == "resolved"
