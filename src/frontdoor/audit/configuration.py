"""The partnership's settings for reviewing access and for retention: code defaults, replaced
from a date by recorded rows (`AuditSetting`), so a report on the past uses the values in force
on each day."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from .dated_settings import (
    WEEKDAYS,
    DatedTimeline,
    Default,
    clock_check,
    default_for,
    weekdays_check,
    whole_number_check,
)
from .dated_settings import (
    SettingError as SettingError,
)
from .models import AuditSetting

DEFAULTS: dict[str, Default] = {
    "unusual.volume.minimum": Default(
        50, "People a user may read in a day without the report asking why, however few usually"
    ),
    "unusual.volume.multiple": Default(
        3, "How many times their usual number of people a day a user must read to be reported"
    ),
    "unusual.volume.baseline_days": Default(
        28, "The days before, over which a user's usual number of people a day is taken"
    ),
    "unusual.hours.starts": Default("07:00", "Reads before this time of day are out of hours"),
    "unusual.hours.ends": Default("19:00", "Reads from this time of day are out of hours"),
    "unusual.hours.days": Default(
        ["mon", "tue", "wed", "thu", "fri"], "Days with working hours; reads on others are out"
    ),
    "retention.child_until_age": Default(
        25,
        "A child's records are kept at least until this birthday (a child: under 18 at the "
        "last message about them)",
    ),
    "retention.years_after_last_activity": Default(
        6, "Anyone's records are kept at least this many years after the last message about them"
    ),
    "retention.archive_years": Default(1, "Years records stay archived before they are deleted"),
}


def setting_check(key: str, value: Any) -> int | str | list[str]:
    """The value, if it is of the kind the key takes; else an error naming both."""
    default = default_for(DEFAULTS, key, scope="audit")
    if isinstance(default.value, list):
        return weekdays_check(key, value)
    if isinstance(default.value, str):
        return clock_check(key, value)
    return whole_number_check(key, value)


@dataclass(frozen=True)
class Settings:
    """The values in force on one day."""

    volume_minimum: int
    volume_multiple: int
    baseline_days: int
    hours_start: time
    hours_end: time
    working_days: frozenset[int]
    """ISO weekdays (Monday is 1) that have working hours."""
    child_until_age: int
    years_after_last_activity: int
    archive_years: int


class Timeline(DatedTimeline[Settings]):
    model = AuditSetting
    defaults = DEFAULTS

    def settings(self, values: Mapping[str, Any]) -> Settings:
        return Settings(
            volume_minimum=int(values["unusual.volume.minimum"]),
            volume_multiple=int(values["unusual.volume.multiple"]),
            baseline_days=int(values["unusual.volume.baseline_days"]),
            hours_start=time.fromisoformat(str(values["unusual.hours.starts"])),
            hours_end=time.fromisoformat(str(values["unusual.hours.ends"])),
            working_days=frozenset(WEEKDAYS.index(day) + 1 for day in values["unusual.hours.days"]),
            child_until_age=int(values["retention.child_until_age"]),
            years_after_last_activity=int(values["retention.years_after_last_activity"]),
            archive_years=int(values["retention.archive_years"]),
        )
