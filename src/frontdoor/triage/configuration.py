"""The partnership's front-door settings: code defaults, replaced from a date by recorded rows.

Deadlines and sign-off are read from the settings in force on the day a referral was received
(or a decision made), so a change is a recorded decision and never rewrites what applied before.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from frontdoor.audit.services import SettingError
from frontdoor.risk.rules import RULES

from .models import DecisionOutcome, TriageSetting


@dataclass(frozen=True)
class Default:
    value: int | str | list[str]
    meaning: str


DEFAULTS: dict[str, Default] = {
    "decision.working_days": Default(1, "Working days from receipt to a front-door decision"),
    "working_day.starts": Default("09:00", "When the front door's working day starts (HH:MM)"),
    "working_day.ends": Default("17:00", "When the front door's working day ends (HH:MM)"),
    "sign_off.outcomes": Default(
        [outcome.value for outcome in DecisionOutcome],
        "Decisions a front-door manager must sign off before they stand",
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


def _clock(key: str, value: Any) -> str:
    try:
        parsed = time.fromisoformat(str(value))
    except ValueError:
        raise SettingError(f"value: {key} takes a time as HH:MM, not {value!r}") from None
    return f"{parsed:%H:%M}"


def setting_check(key: str, value: Any) -> int | str | list[str]:
    """The value, if it is of the kind the key takes; else an error naming both."""
    default = DEFAULTS.get(key)
    if default is None:
        raise SettingError(f"key: no front-door setting {key!r}; known: {', '.join(DEFAULTS)}")
    if isinstance(default.value, list):
        known, what = (
            (set(RULES), "rule codes")
            if key == "queue.rules"
            else ({outcome.value for outcome in DecisionOutcome}, "decisions")
        )
        if not isinstance(value, list) or not all(v in known for v in value):
            raise SettingError(
                f"value: {key} takes a list of {what} from {sorted(known)}, not {value!r}"
            )
        return list(value)
    if isinstance(default.value, str):
        return _clock(key, value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingError(f"value: {key} takes a whole number of at least 1, not {value!r}")
    return value


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


class Timeline:
    """Every setting ever made, read once, answering what was in force on any day."""

    def __init__(self, rows: Iterable[TriageSetting]) -> None:
        self._changes = sorted(rows, key=lambda row: (row.effective_from, row.pk))
        self._days: dict[date, Settings] = {}

    @classmethod
    def load(cls) -> "Timeline":
        return cls(TriageSetting.objects.filter(key__in=DEFAULTS))

    def change_days(self) -> list[date]:
        """The days from which some setting changed, in order."""
        return sorted({row.effective_from for row in self._changes})

    def on(self, day: date) -> Settings:
        if day not in self._days:
            values: dict[str, Any] = {key: default.value for key, default in DEFAULTS.items()}
            for row in self._changes:
                if row.effective_from <= day:
                    values[row.key] = row.value
            self._days[day] = Settings(
                working_days=int(str(values["decision.working_days"])),
                starts=time.fromisoformat(str(values["working_day.starts"])),
                ends=time.fromisoformat(str(values["working_day.ends"])),
                sign_off=frozenset(values["sign_off.outcomes"]),
                queue_rules=frozenset(values["queue.rules"]),
                domestic_abuse_days=int(str(values["cin.domestic_abuse_days"])),
                notice_hours=int(str(values["incident.notice_hours"])),
                suppress_below=int(str(values["insights.suppress_below"])),
            )
        return self._days[day]
