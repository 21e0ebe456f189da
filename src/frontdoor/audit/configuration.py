"""The partnership's settings for reviewing access and for retention: code defaults, replaced
from a date by recorded rows (`AuditSetting`), so a report on the past uses the values in force
on each day."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from .models import AuditSetting


class SettingError(ValueError):
    """A setting that cannot be used as given; the message names the key and the value."""


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Default:
    value: int | str | list[str]
    meaning: str


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
        raise SettingError(f"key: no audit setting {key!r}; known: {', '.join(DEFAULTS)}")
    if isinstance(default.value, list):
        if not isinstance(value, list) or not value or not set(value) <= set(WEEKDAYS):
            raise SettingError(
                f"value: {key} takes a list of days from {list(WEEKDAYS)}, not {value!r}"
            )
        return [day for day in WEEKDAYS if day in value]
    if isinstance(default.value, str):
        return _clock(key, value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingError(f"value: {key} takes a whole number of at least 1, not {value!r}")
    return value


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


class Timeline:
    """Every setting ever made, read once, answering what was in force on any day."""

    def __init__(self, rows: Iterable[AuditSetting]) -> None:
        self._changes = sorted(rows, key=lambda row: (row.effective_from, row.pk))
        self._days: dict[date, Settings] = {}

    @classmethod
    def load(cls) -> "Timeline":
        return cls(AuditSetting.objects.filter(key__in=DEFAULTS))

    def values_on(self, day: date) -> dict[str, Any]:
        values: dict[str, Any] = {key: default.value for key, default in DEFAULTS.items()}
        for row in self._changes:
            if row.effective_from <= day:
                values[row.key] = row.value
        return values

    def on(self, day: date) -> Settings:
        if day not in self._days:
            values = self.values_on(day)
            self._days[day] = Settings(
                volume_minimum=int(values["unusual.volume.minimum"]),
                volume_multiple=int(values["unusual.volume.multiple"]),
                baseline_days=int(values["unusual.volume.baseline_days"]),
                hours_start=time.fromisoformat(str(values["unusual.hours.starts"])),
                hours_end=time.fromisoformat(str(values["unusual.hours.ends"])),
                working_days=frozenset(
                    WEEKDAYS.index(day) + 1 for day in values["unusual.hours.days"]
                ),
                child_until_age=int(values["retention.child_until_age"]),
                years_after_last_activity=int(values["retention.years_after_last_activity"]),
                archive_years=int(values["retention.archive_years"]),
            )
        return self._days[day]
