"""The partnership's access settings: code defaults, replaced from a date by recorded rows."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from frontdoor.audit.services import SettingError

from .models import AccessSetting


@dataclass(frozen=True)
class Default:
    value: int
    meaning: str


DEFAULTS: dict[str, Default] = {
    "break_glass.minutes": Default(60, "Minutes a break-glass grant lets its user open a record"),
}
LONGEST_BREAK_GLASS = 24 * 60
"""No emergency needs a day: a longer grant is access by the back door, not break-glass."""


def access_setting_check(key: str, value: Any) -> int:
    """The value, if it is of the kind the key takes; else an error naming both."""
    if key not in DEFAULTS:
        raise SettingError(f"key: no access setting {key!r}; known: {', '.join(DEFAULTS)}")
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 1 <= value <= LONGEST_BREAK_GLASS
    ):
        raise SettingError(
            f"value: {key} takes a whole number of minutes from 1 to {LONGEST_BREAK_GLASS}, "
            f"not {value!r}"
        )
    return value


def access_setting_on(key: str, day: date) -> int:
    """The value in force on a day: the latest row from that day or before, else the default."""
    row = (
        AccessSetting.objects.filter(key=key, effective_from__lte=day)
        .order_by("-effective_from", "-pk")
        .first()
    )
    return int(row.value) if row else DEFAULTS[key].value
