"""The partnership's thresholds for the rules: code defaults, replaced from a date by settings.

A rule reads its thresholds from the `Thresholds` in force on the day of the event it is
evaluated at, never from literals, so changing one is a recorded decision and replaying the past
uses the values in force then.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontdoor.audit.dated_settings import (
    DatedTimeline,
    Default,
    default_for,
    number_check,
    words_check,
)
from frontdoor.audit.dated_settings import SettingError as SettingError
from frontdoor.intake.exchange import FACT_TYPES

from .models import RuleSetting

DEADLINE = (0, 20)
"""Working days to act: from the same working day (0) to four weeks."""
WINDOW = (28, 730)
"""Days looked back: from four weeks to two years."""

OFFICER_RISKS = tuple(sorted(FACT_TYPES["incident"]["officer_risk"]))
"""The officer risk levels a message may give, any of which the referral criteria may name."""

DEFAULTS: dict[str, Default] = {
    "escalation.incidents": Default(
        3, "Incidents within the window that are an escalation", (2, 10)
    ),
    "escalation.window_days": Default(365, "The escalation window, in days (12 months)", WINDOW),
    "escalation.deadline_working_days": Default(5, "Working days to refer to MARAC", DEADLINE),
    "escalating_harm.window_days": Default(
        365, "How far back lower-harm incidents and gaps between incidents are looked for", WINDOW
    ),
    "escalating_harm.faster_ratio": Default(
        0.95,
        "A gap at most this share of the gap before it means incidents are more frequent",
        (0.1, 1.0),
    ),
    "escalating_harm.incidents": Default(
        3, "Incidents within the window needed to call them more frequent", (3, 10)
    ),
    "escalating_harm.deadline_working_days": Default(
        1, "Working days to review the risk", DEADLINE
    ),
    "dash_high.deadline_working_days": Default(1, "Working days to refer to MARAC", DEADLINE),
    "referral.child_under_years": Default(
        5, "A child younger than this meets the criteria", (1, 18)
    ),
    "referral.officer_risks": Default(
        ["medium", "high"], "Officer risk levels that meet the criteria"
    ),
    "referral.dash_yes": Default(10, "DASH yes answers that meet the criteria", (1, 27)),
    "referral.repeat_window_days": Default(
        365, "A second incident within this many days meets the criteria", WINDOW
    ),
    "referral.covered_days": Default(
        28, "A referral about the child made this many days before the incident covers it", (0, 365)
    ),
    "referral.dash_days": Default(
        7, "A DASH this many days after an incident counts towards that incident", (0, 28)
    ),
    "referral.deadline_working_days": Default(
        1, "Working days to refer the child to CSC", DEADLINE
    ),
    "child_not_seen.voice_from_years": Default(
        3, "Children this old or older are expected to be spoken to and heard", (0, 17)
    ),
    "child_not_seen.deadline_working_days": Default(5, "Working days to see the child", DEADLINE),
    "post_separation.deadline_working_days": Default(
        3, "Working days to review the risk", DEADLINE
    ),
    "plan.deadline_working_days": Default(5, "Working days to review the plan", DEADLINE),
    "repeat_marac.window_days": Default(
        365, "Days after a MARAC referral that abuse is a repeat", WINDOW
    ),
    "repeat_marac.deadline_working_days": Default(
        1, "Working days to refer back to MARAC", DEADLINE
    ),
    "pregnancy.baby_under_months": Default(
        18, "A baby younger than this many months counts", (1, 36)
    ),
    "pregnancy.deadline_working_days": Default(
        3, "Working days to tell midwifery or health", DEADLINE
    ),
    "release.deadline_working_days": Default(
        1, "Working days to review the children's safety", DEADLINE
    ),
    "supervision.deadline_working_days": Default(
        1, "Working days to tell the offender manager", DEADLINE
    ),
    "cp_attendance.deadline_working_days": Default(
        1, "Working days to tell the child's worker", DEADLINE
    ),
    "coercive_control.deadline_working_days": Default(
        5, "Working days to ask about coercive control", DEADLINE
    ),
}


def setting_check(key: str, value: Any) -> int | float | list[str]:
    """The value, given as it is stored or typed as text, if it is of the kind the key takes
    and within its range; else an error naming the field and the value."""
    default = default_for(DEFAULTS, key, scope="rule")
    if isinstance(default.value, list):
        return words_check(value, known=OFFICER_RISKS)
    return number_check(value, default)


def value_hint(key: str) -> str:
    """What a threshold takes, in words, for the field a new value is typed in."""
    default = DEFAULTS[key]
    if isinstance(default.value, list):
        return f"One or more of {', '.join(OFFICER_RISKS)}, separated by commas"
    kind = "A whole number" if isinstance(default.value, int) else "A number"
    return f"{kind} from {default.within[0]} to {default.within[1]}" if default.within else kind


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
