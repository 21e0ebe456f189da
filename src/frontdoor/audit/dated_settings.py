"""What every app's dated settings share: the code defaults, the checks a new value must pass, and
the timeline that answers which values were in force on a day (rows: `models.DatedSetting`; a
new row: `services.dated_setting_add`)."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, ClassVar, Generic, Self, TypeVar

from .models import DatedSetting

T = TypeVar("T")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class SettingError(ValueError):
    """A setting that cannot be used as given; the message names the key and the value."""


@dataclass(frozen=True)
class Default:
    """A setting's value until the partnership records another, and what it means."""

    value: int | float | str | list[str]
    meaning: str
    within: tuple[int | float, int | float] | None = None
    """For a number, the least and the most it may be set to (both allowed)."""


def default_for(defaults: Mapping[str, Default], key: str, *, scope: str) -> Default:
    """The default of a known key; else an error naming the key and those there are."""
    default = defaults.get(key)
    if default is None:
        raise SettingError(f"key: no {scope} setting {key!r}; known: {', '.join(defaults)}")
    return default


def whole_number_check(key: str, value: Any) -> int:
    """A whole number of at least 1 (not a bool, not a string of digits)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingError(f"value: {key} takes a whole number of at least 1, not {value!r}")
    return value


def setting_text(value: Any) -> str:
    """A setting's value as a reader types it: words separated by commas, a number as it is."""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _number_read(value: Any) -> Any:
    """A number typed as text as the number, else the value as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return value


def number_check(value: Any, default: Default) -> int | float:
    """A number of the default's kind (a whole number where the default is one), given as a
    number or typed as text, within the default's range; refused naming the value."""
    number = _number_read(value)
    whole = isinstance(default.value, int)
    if (
        isinstance(number, bool)
        or not isinstance(number, int | float)
        or not math.isfinite(number)
        or (whole and not float(number).is_integer())
    ):
        raise SettingError(f"value: {value!r} is not {'a whole number' if whole else 'a number'}")
    number = int(number) if whole else float(number)
    if default.within is not None and not default.within[0] <= number <= default.within[1]:
        least, most = default.within
        raise SettingError(f"value: {number} is not between {least} and {most}")
    return number


def words_check(value: Any, *, known: Iterable[str]) -> list[str]:
    """One or more known words, given as a list or typed as text separated by commas; refused
    naming the value and the words there are."""
    allowed = list(known)
    words = [w.strip() for w in value.split(",") if w.strip()] if isinstance(value, str) else value
    if not isinstance(words, list) or not words or not all(w in allowed for w in words):
        raise SettingError(f"value: {value!r} is not one or more of {', '.join(allowed)}")
    return list(dict.fromkeys(words))


def clock_check(key: str, value: Any) -> str:
    """A time of day, written back as HH:MM."""
    try:
        parsed = time.fromisoformat(str(value))
    except ValueError:
        raise SettingError(f"value: {key} takes a time as HH:MM, not {value!r}") from None
    return f"{parsed:%H:%M}"


def codes_check(key: str, value: Any, *, known: Iterable[str], what: str) -> list[str]:
    """A list (maybe empty) of codes each of which is known; `what` names them in the error."""
    allowed = set(known)
    if not isinstance(value, list) or not all(v in allowed for v in value):
        raise SettingError(
            f"value: {key} takes a list of {what} from {sorted(allowed)}, not {value!r}"
        )
    return list(value)


def weekday_check(key: str, value: Any) -> str:
    """One day of the week, as its code."""
    if value not in WEEKDAYS:
        raise SettingError(f"value: {key} takes a day from {list(WEEKDAYS)}, not {value!r}")
    return str(value)


def weekdays_check(key: str, value: Any) -> list[str]:
    """A list of at least one day of the week, written back in the week's order."""
    if not isinstance(value, list) or not value or not set(value) <= set(WEEKDAYS):
        raise SettingError(
            f"value: {key} takes a list of days from {list(WEEKDAYS)}, not {value!r}"
        )
    return [day for day in WEEKDAYS if day in value]


@dataclass(frozen=True)
class SettingState:
    """One setting on a day: its value in force, the row it comes from (None: the default, never
    changed), and the rows that take over later, in order."""

    key: str
    meaning: str
    value: Any
    row: DatedSetting | None
    scheduled: list[DatedSetting] = field(default_factory=list)


class DatedTimeline(Generic[T]):
    """Every setting ever made, read once, answering what was in force on any day.

    A subclass names its `model` and `DEFAULTS`, and builds its typed settings from the values
    in force (`settings`); each day's settings are built once.
    """

    model: ClassVar[type[DatedSetting]]
    defaults: ClassVar[Mapping[str, Default]]

    def __init__(self, rows: Iterable[DatedSetting]) -> None:
        self._changes = sorted(rows, key=lambda row: (row.effective_from, row.pk))
        self._days: dict[date, T] = {}

    @classmethod
    def load(cls) -> Self:
        return cls(cls.model._default_manager.filter(key__in=cls.defaults))

    def days_from(self, day: date) -> list[date]:
        """The day and every later day from which some setting changed, in order: a change on
        `day` is checked against each of the settings that follow it."""
        return sorted(
            {day, *(row.effective_from for row in self._changes if row.effective_from > day)}
        )

    def values_on(self, day: date) -> dict[str, Any]:
        """Each key's value in force on the day: the latest row from then or before, else its
        default."""
        values: dict[str, Any] = {key: default.value for key, default in self.defaults.items()}
        for row in self._changes:
            if row.effective_from <= day:
                values[row.key] = row.value
        return values

    def state_on(self, key: str, day: date) -> SettingState:
        rows = [row for row in self._changes if row.key == key]
        in_force = [row for row in rows if row.effective_from <= day]
        row = in_force[-1] if in_force else None
        return SettingState(
            key=key,
            meaning=self.defaults[key].meaning,
            value=row.value if row else self.defaults[key].value,
            row=row,
            scheduled=[row for row in rows if row.effective_from > day],
        )

    def on(self, day: date) -> T:
        if day not in self._days:
            self._days[day] = self.settings(self.values_on(day))
        return self._days[day]

    def settings(self, values: Mapping[str, Any]) -> T:
        """The app's own typed settings from the values in force on a day."""
        raise NotImplementedError
