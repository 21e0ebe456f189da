"""The partnership's MARAC settings: code defaults, replaced from a date by recorded rows
(`MaracSetting`), so a change of meeting day is a recorded decision and the past keeps its values.

A day is a meeting day by the settings in force on it (`services.meeting_next_date`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontdoor.audit.dated_settings import (
    WEEKDAYS,
    DatedTimeline,
    Default,
    default_for,
    weekday_check,
    whole_number_check,
)

from .models import MaracSetting

DEFAULTS: dict[str, Default] = {
    "meeting.weekday": Default("thu", "The day of the week the MARAC meets"),
    "meeting.every_weeks": Default(
        1, "Weeks from one meeting to the next (1: weekly, 2: fortnightly)"
    ),
}


def setting_check(key: str, value: Any) -> int | str:
    """The value, if it is of the kind the key takes; else an error naming both."""
    default = default_for(DEFAULTS, key, scope="MARAC")
    if isinstance(default.value, str):
        return weekday_check(key, value)
    return whole_number_check(key, value)


@dataclass(frozen=True)
class Settings:
    """The values in force on one day."""

    weekday: int
    """The meeting's day of the week, Monday 0 (as `date.weekday`)."""
    every_weeks: int


class Timeline(DatedTimeline[Settings]):
    model = MaracSetting
    defaults = DEFAULTS

    def settings(self, values: Mapping[str, Any]) -> Settings:
        return Settings(
            weekday=WEEKDAYS.index(values["meeting.weekday"]),
            every_weeks=int(values["meeting.every_weeks"]),
        )
