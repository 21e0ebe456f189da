"""The partnership's front-door settings: code defaults, replaced from a date by recorded rows.

Deadlines and sign-off are read from the settings in force on the day a referral was received
(or a decision made), so a change is a recorded decision and never rewrites what applied before.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from frontdoor.audit.dated_settings import (
    DatedTimeline,
    Default,
    clock_check,
    codes_check,
    default_for,
    whole_number_check,
)
from frontdoor.audit.dated_settings import SettingError as SettingError
from frontdoor.risk.rules import RULES

from .models import DecisionOutcome, TriageSetting

NOT_SHARING = "not_sharing"
"""The decision not to share a notification, in the sign-off setting beside the outcomes."""


DEFAULTS: dict[str, Default] = {
    "decision.working_days": Default(1, "Working days from receipt to a front-door decision"),
    "working_day.starts": Default("09:00", "When the front door's working day starts (HH:MM)"),
    "working_day.ends": Default("17:00", "When the front door's working day ends (HH:MM)"),
    "sign_off.outcomes": Default(
        [*(outcome.value for outcome in DecisionOutcome), NOT_SHARING],
        "Decisions a front-door manager must sign off before they stand (`not_sharing`: a "
        "decision not to tell an agency a duty would tell)",
    ),
    "queue.rules": Default(
        ["CHILD_REFERRAL_DUE"], "Rules whose open alerts put a child on the front door's queue"
    ),
    "cin.domestic_abuse_days": Default(
        365,
        "Days before a referral that domestic abuse known to the hub counts as an assessment "
        "factor (3A, 3B, 3C) in the children in need census extract",
    ),
    "incident.notice_hours": Default(
        24, "Hours from a domestic-abuse incident to the front door hearing of it"
    ),
    "insights.suppress_below": Default(
        5, "Counts from 1 to one below this are shown on the insights as 'fewer than' it"
    ),
}


def setting_check(key: str, value: Any) -> int | str | list[str]:
    """The value, if it is of the kind the key takes; else an error naming both."""
    default = default_for(DEFAULTS, key, scope="front-door")
    if key == "queue.rules":
        return codes_check(key, value, known=RULES, what="rule codes")
    if isinstance(default.value, list):
        return codes_check(
            key,
            value,
            known=(*(outcome.value for outcome in DecisionOutcome), NOT_SHARING),
            what="decisions",
        )
    if isinstance(default.value, str):
        return clock_check(key, value)
    return whole_number_check(key, value)


@dataclass(frozen=True)
class Settings:
    """The values in force on one day."""

    working_days: int
    starts: time
    ends: time
    sign_off: frozenset[str]
    queue_rules: frozenset[str]
    domestic_abuse_days: int
    notice_hours: int
    suppress_below: int


class Timeline(DatedTimeline[Settings]):
    model = TriageSetting
    defaults = DEFAULTS

    def change_days(self) -> list[date]:
        """The days from which some setting changed, in order."""
        return sorted({row.effective_from for row in self._changes})

    def settings(self, values: Mapping[str, Any]) -> Settings:
        return Settings(
            working_days=int(str(values["decision.working_days"])),
            starts=time.fromisoformat(str(values["working_day.starts"])),
            ends=time.fromisoformat(str(values["working_day.ends"])),
            sign_off=frozenset(values["sign_off.outcomes"]),
            queue_rules=frozenset(values["queue.rules"]),
            domestic_abuse_days=int(str(values["cin.domestic_abuse_days"])),
            notice_hours=int(str(values["incident.notice_hours"])),
            suppress_below=int(str(values["insights.suppress_below"])),
        )
