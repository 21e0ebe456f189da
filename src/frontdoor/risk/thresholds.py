"""The partnership's thresholds for the rules: code defaults, replaced from a date by settings.

A rule reads its thresholds from the `Thresholds` in force on the day of the event it is
evaluated at, never from literals, so changing one is a recorded decision and replaying the past
uses the values in force then.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontdoor.audit.dated_settings import DatedTimeline, Default, SettingError

from .models import RuleSetting

DEFAULTS: dict[str, Default] = {
    "escalation.incidents": Default(3, "Incidents within the window that are an escalation"),
    "escalation.window_days": Default(365, "The escalation window, in days (12 months)"),
    "escalation.deadline_working_days": Default(5, "Working days to refer to MARAC"),
    "escalating_harm.window_days": Default(
        365, "How far back lower-harm incidents and gaps between incidents are looked for"
    ),
    "escalating_harm.faster_ratio": Default(
        0.95, "A gap at most this share of the gap before it means incidents are more frequent"
    ),
    "escalating_harm.incidents": Default(
        3, "Incidents within the window needed to call them more frequent"
    ),
    "escalating_harm.deadline_working_days": Default(1, "Working days to review the risk"),
    "dash_high.deadline_working_days": Default(1, "Working days to refer to MARAC"),
    "referral.child_under_years": Default(5, "A child younger than this meets the criteria"),
    "referral.officer_risks": Default(
        ["medium", "high"], "Officer risk levels that meet the criteria"
    ),
    "referral.dash_yes": Default(10, "DASH yes answers that meet the criteria"),
    "referral.repeat_window_days": Default(
        365, "A second incident within this many days meets the criteria"
    ),
    "referral.covered_days": Default(
        28, "A referral about the child made this many days before the incident covers it"
    ),
    "referral.dash_days": Default(
        7, "A DASH this many days after an incident counts towards that incident"
    ),
    "referral.deadline_working_days": Default(1, "Working days to refer the child to CSC"),
    "child_not_seen.voice_from_years": Default(
        3, "Children this old or older are expected to be spoken to and heard"
    ),
    "child_not_seen.deadline_working_days": Default(5, "Working days to see the child"),
    "post_separation.deadline_working_days": Default(3, "Working days to review the risk"),
    "plan.deadline_working_days": Default(5, "Working days to review the plan"),
    "repeat_marac.window_days": Default(365, "Days after a MARAC referral that abuse is a repeat"),
    "repeat_marac.deadline_working_days": Default(1, "Working days to refer back to MARAC"),
    "pregnancy.baby_under_months": Default(18, "A baby younger than this many months counts"),
    "pregnancy.deadline_working_days": Default(3, "Working days to tell midwifery or health"),
    "release.deadline_working_days": Default(1, "Working days to review the children's safety"),
    "supervision.deadline_working_days": Default(1, "Working days to tell the offender manager"),
    "cp_attendance.deadline_working_days": Default(1, "Working days to tell the child's worker"),
    "coercive_control.deadline_working_days": Default(
        5, "Working days to ask about coercive control"
    ),
}


def setting_check(key: str, value: Any) -> int | float | list[str]:
    """The value, if it is of the kind the key takes; else an error naming both."""
    default = DEFAULTS.get(key)
    if default is None:
        raise SettingError(f"key: no rule setting {key!r}")
    expected = default.value
    if isinstance(expected, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingError(f"value: {key} takes a list of words, not {value!r}")
        return list(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingError(f"value: {key} takes a number, not {value!r}")
    if isinstance(expected, int) and not float(value).is_integer():
        raise SettingError(f"value: {key} takes a whole number, not {value!r}")
    if value < 0:
        raise SettingError(f"value: {key} must not be negative, not {value!r}")
    return int(value) if isinstance(expected, int) else float(value)


@dataclass(frozen=True)
class Thresholds:
    """The values in force on one day."""

    values: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def number(self, key: str) -> int:
        return int(self.values[key])

    def ratio(self, key: str) -> float:
        return float(self.values[key])

    def words(self, key: str) -> list[str]:
        return list(self.values[key])


class Timeline(DatedTimeline[Thresholds]):
    model = RuleSetting
    defaults = DEFAULTS

    def settings(self, values: Mapping[str, Any]) -> Thresholds:
        return Thresholds(values)
