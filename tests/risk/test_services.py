"""The alert lifecycle and the partnership's thresholds: every change audited, overrides need a
reason, bad input named."""

from datetime import date

import pytest

from frontdoor.audit.models import AuditEvent
from frontdoor.risk.models import Alert
from frontdoor.risk.services import (
    AlertError,
    alert_acknowledge,
    alert_action,
    alert_close,
    rule_setting_set,
)
from frontdoor.risk.thresholds import SettingError, Timeline
from frontdoor.workdays import working_days_after
from tests.risk.family import alerts, incident, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(agencies) -> Alert:
    send(incident("2026-03-01T20:00:00", coercive_control=True))
    return alerts("COERCIVE_CONTROL")[0]


def test_open_then_acknowledged_then_actioned(alert: Alert, front_door_user) -> None:
    alert = alert_acknowledge(alert=alert, user=front_door_user)
    assert alert.status == "acknowledged"
    alert = alert_action(alert=alert, user=front_door_user, note="Asked; IDVA referral made")
    assert (alert.status, alert.status_reason) == ("actioned", "Asked; IDVA referral made")
    actions = list(AuditEvent.objects.filter(object_id=str(alert.pk)).values_list("action"))
    assert sorted(actions) == [("alert.acknowledge",), ("alert.action",)]
    with pytest.raises(AlertError, match="already actioned"):
        alert_close(alert=alert, user=front_door_user, reason="no")


def test_closing_is_an_override_that_needs_a_reason(alert: Alert, front_door_user) -> None:
    with pytest.raises(AlertError, match="reason"):
        alert_close(alert=alert, user=front_door_user, reason="  ")
    alert = alert_close(alert=alert, user=front_door_user, reason="Known; MARAC already heard")
    assert alert.status == "closed"
    audit = AuditEvent.objects.get(action="alert.close")
    assert audit.details["reason"] == "Known; MARAC already heard"
    assert audit.route == "front_door"


def test_a_setting_takes_effect_from_its_date_and_is_audited(db, front_door_user) -> None:
    rule_setting_set(
        key="escalation.incidents",
        value=4,
        effective_from=date(2026, 6, 1),
        reason="Partnership board, May 2026",
        user=front_door_user,
    )
    timeline = Timeline.load()
    assert timeline.on(date(2026, 5, 31))["escalation.incidents"] == 3
    assert timeline.on(date(2026, 6, 1))["escalation.incidents"] == 4
    assert AuditEvent.objects.get(action="rules.setting").details["value"] == 4


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("escalation.incident", 3, "key: no rule setting 'escalation.incident'"),
        ("escalation.incidents", "three", "value: escalation.incidents takes a number"),
        ("escalation.incidents", 2.5, "takes a whole number, not 2.5"),
        ("referral.officer_risks", "high", "takes a list of words"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(db, key, value, message) -> None:
    with pytest.raises(SettingError, match=message):
        rule_setting_set(
            key=key, value=value, effective_from=date(2026, 1, 1), reason="x", user=None
        )


def test_deadlines_skip_weekends_and_bank_holidays() -> None:
    assert working_days_after(date(2026, 12, 24), 1) == date(2026, 12, 29)  # Christmas, Boxing
    assert working_days_after(date(2026, 3, 7), 0) == date(2026, 3, 9)  # a Saturday
    assert working_days_after(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Good Friday, Easter
