"""Working days in England and Wales: every deadline the hub sets skips weekends and bank
holidays (Wales keeps England's; the `holidays` package spells England "ENG")."""

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=[year])


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` (0: `start`, or the next working day)."""
    if days < 0:
        raise ValueError(f"days: must not be negative, got {days!r}")
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    for _ in range(days):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day
