"""CP_CHILD_ATTENDANCE: a child on a child protection plan at an emergency department."""

import pytest

from tests.risk.family import about, alerts, child, named, send, victim

pytestmark = pytest.mark.django_db


def plan(kind: str) -> dict:
    return about(
        "csc",
        "plan",
        "2026-01-01T10:00:00",
        victim("csc"),
        child("csc"),
        type=kind,
        status="started",
        start_date="2026-01-01",
    )


def attendance(setting: str) -> dict:
    return about("police", "attendance", "2026-02-01T10:00:00", child(), setting=setting)


def test_a_child_on_a_cp_plan_at_the_emergency_department(agencies) -> None:
    send(plan("child_protection"), attendance("emergency_department"))
    [alert] = alerts("CP_CHILD_ATTENDANCE")
    assert alert.person == named("Poppy")


def test_a_gp_appointment_is_not(agencies) -> None:
    send(plan("child_protection"), attendance("gp"))
    assert alerts("CP_CHILD_ATTENDANCE") == []


def test_a_child_in_need_plan_is_not(agencies) -> None:
    send(plan("child_in_need"), attendance("urgent_care"))
    assert alerts("CP_CHILD_ATTENDANCE") == []
