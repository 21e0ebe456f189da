"""The alert lifecycle and the partnership's thresholds: every change audited, overrides need a
reason, bad input named."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from frontdoor.audit.models import AuditEvent
from frontdoor.risk.models import Alert, RuleSetting
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


def test_a_setting_takes_effect_from_its_date_and_is_audited(db, front_door_manager) -> None:
    rule_setting_set(
        key="escalation.incidents",
        value=4,
        effective_from=date(2026, 6, 1),
        reason="Partnership board, May 2026",
        user=front_door_manager,
    )
    timeline = Timeline.load()
    assert timeline.on(date(2026, 5, 31))["escalation.incidents"] == 3
    assert timeline.on(date(2026, 6, 1))["escalation.incidents"] == 4
    assert AuditEvent.objects.get(action="rules.setting").details["value"] == 4


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("escalation.incident", 3, "key: no rule setting 'escalation.incident'"),
        ("escalation.incidents", "three", "value: 'three' is not a whole number"),
        ("escalation.incidents", 2.5, "value: 2.5 is not a whole number"),
        ("escalation.incidents", True, "value: True is not a whole number"),
        ("escalation.incidents", "11", "value: 11 is not between 2 and 10"),
        ("escalation.incidents", 1, "value: 1 is not between 2 and 10"),
        ("escalating_harm.faster_ratio", "nan", "value: 'nan' is not a number"),
        ("escalating_harm.faster_ratio", 1.5, r"value: 1.5 is not between 0.1 and 1.0"),
        ("referral.officer_risks", "very high", "value: 'very high' is not one or more of high"),
        ("referral.officer_risks", [], r"value: \[\] is not one or more of"),
        ("referral.officer_risks", " , ", "value: ' , ' is not one or more of"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(db, key, value, message) -> None:
    with pytest.raises(SettingError, match=message):
        rule_setting_set(
            key=key, value=value, effective_from=date(2026, 1, 1), reason="x", user=None
        )


@pytest.mark.parametrize(
    ("key", "typed", "stored"),
    [
        ("escalation.incidents", " 4 ", 4),
        ("escalation.incidents", "4.0", 4),
        ("escalating_harm.faster_ratio", "0.9", 0.9),
        ("escalating_harm.faster_ratio", 1, 1.0),
        ("referral.officer_risks", "high, medium,high", ["high", "medium"]),
        ("referral.officer_risks", ["high"], ["high"]),
    ],
)
def test_a_value_typed_as_text_is_stored_as_what_the_key_takes(db, key, typed, stored) -> None:
    setting = rule_setting_set(
        key=key, value=typed, effective_from=date(2026, 1, 1), reason="Agreed", user=None
    )
    setting.refresh_from_db()
    assert setting.value == stored


def test_only_a_front_door_manager_or_administrator_sets_one(db, front_door_user) -> None:
    with pytest.raises(PermissionDenied, match="managers and administrators"):
        rule_setting_set(
            key="escalation.incidents",
            value=4,
            effective_from=date(2026, 1, 1),
            reason="Agreed",
            user=front_door_user,
        )
    assert not RuleSetting.objects.exists()


def test_deadlines_skip_weekends_and_bank_holidays() -> None:
    assert working_days_after(date(2026, 12, 24), 1) == date(2026, 12, 29)  # Christmas, Boxing
    assert working_days_after(date(2026, 3, 7), 0) == date(2026, 3, 9)  # a Saturday
    assert working_days_after(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Good Friday, Easter
