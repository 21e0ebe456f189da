"""Dates as the screens print them, for selectors that work a long page's rows out once: the
`date` filter's "j M Y" and "j F Y, H:i" in local time, without a template node for each."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3

_SHORT = ("", *(str(MONTHS_3[n]).title() for n in range(1, 13)))
_LONG = ("", *(str(MONTHS[n]) for n in range(1, 13)))


def day_text(day: date) -> str:
    """'7 Mar 2025': a day, or the local day of a moment."""
    if isinstance(day, datetime):
        day = timezone.localtime(day)
    return f"{day.day} {_SHORT[day.month]} {day.year}"


def moment_text(moment: datetime) -> str:
    """'7 March 2025, 09:05': a moment in local time."""
    local = timezone.localtime(moment)
    return f"{local.day} {_LONG[local.month]} {local.year}, {local:%H:%M}"
