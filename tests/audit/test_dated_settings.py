"""The machinery every app's dated settings share: which value is in force on a day, the days a
change is checked on, and the audit event each change writes."""

from datetime import date

import pytest

from frontdoor.audit.dated_settings import SettingError, codes_check, weekdays_check
from frontdoor.audit.models import AuditEvent
from frontdoor.risk.models import RuleSetting
from frontdoor.risk.services import rule_setting_set
from frontdoor.risk.thresholds import DEFAULTS, Timeline


def row(pk: int, key: str, value: object, day: date) -> RuleSetting:
    return RuleSetting(pk=pk, key=key, value=value, effective_from=day, reason="Agreed")


def test_the_latest_row_from_the_day_or_before_is_in_force_and_same_day_rows_go_by_order() -> None:
    timeline = Timeline(
        [
            row(3, "escalation.incidents", 5, date(2026, 3, 1)),
            row(2, "escalation.incidents", 4, date(2026, 1, 1)),
            row(1, "escalation.incidents", 2, date(2026, 1, 1)),
        ]
    )
    assert timeline.values_on(date(2025, 12, 31))["escalation.incidents"] == 3
    assert timeline.values_on(date(2026, 1, 1))["escalation.incidents"] == 4
    assert timeline.on(date(2026, 2, 28)).number("escalation.incidents") == 4
    assert timeline.on(date(2026, 3, 1)).number("escalation.incidents") == 5
    assert timeline.values_on(date(2026, 3, 1))["escalation.window_days"] == (
        DEFAULTS["escalation.window_days"].value
    )


def test_a_change_is_checked_on_its_day_and_each_later_change_in_order() -> None:
    timeline = Timeline(
        [
            row(1, "escalation.incidents", 4, date(2026, 6, 1)),
            row(2, "escalation.window_days", 300, date(2026, 1, 1)),
            row(3, "escalation.incidents", 5, date(2026, 9, 1)),
        ]
    )
    assert timeline.days_from(date(2026, 3, 1)) == [
        date(2026, 3, 1),
        date(2026, 6, 1),
        date(2026, 9, 1),
    ]


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (
            lambda v: codes_check("k", v, known=["B", "A"], what="codes"),
            ["C"],
            "value: k takes a list of codes from ['A', 'B'], not ['C']",
        ),
        (lambda v: weekdays_check("k", v), [], "value: k takes a list of days from"),
    ],
)
def test_list_checks_name_the_key_what_it_takes_and_the_value(check, value, message) -> None:
    with pytest.raises(SettingError, match=message.replace("[", r"\[").replace("]", r"\]")):
        check(value)


def test_weekdays_come_back_in_the_weeks_order() -> None:
    assert weekdays_check("k", ["fri", "mon"]) == ["mon", "fri"]


@pytest.mark.django_db
def test_each_change_writes_one_audit_event_with_its_details() -> None:
    rule_setting_set(
        key="escalation.incidents",
        value=4,
        effective_from=date(2026, 1, 1),
        reason=" Agreed at the board ",
        user=None,
    )
    event = AuditEvent.objects.get(action="rules.setting")
    assert event.object_type == "risk.rulesetting"
    assert {k: event.details[k] for k in ("key", "value", "effective_from", "reason")} == {
        "key": "escalation.incidents",
        "value": 4,
        "effective_from": "2026-01-01",
        "reason": "Agreed at the board",
    }
