"""When a notification is due: before the next school morning for a school, else by the end of
the next working day (the front door's working clock)."""

from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache

from django.conf import settings

from frontdoor.triage.deadlines import WorkingHours, working_deadline
from frontdoor.workdays import is_working_day

SCHOOL_STARTS = time(9, 0)


@cache
def _closures(ranges: tuple[str, ...]) -> tuple[tuple[date, date], ...]:
    """The partnership's school holidays, each `FIRST/LAST` (inclusive), as date pairs."""
    parsed = []
    for text in ranges:
        first, _, last = text.partition("/")
        try:
            parsed.append((date.fromisoformat(first), date.fromisoformat(last or first)))
        except ValueError:
            raise ValueError(f"FRONTDOOR_SCHOOL_CLOSURES: not FIRST/LAST dates: {text!r}") from None
    return tuple(parsed)


def is_school_day(day: date) -> bool:
    """A working day outside the term-time closures the partnership configured."""
    if not is_working_day(day):
        return False
    closures = _closures(tuple(settings.FRONTDOOR_SCHOOL_CLOSURES))
    return not any(first <= day <= last for first, last in closures)


def next_school_morning(moment: datetime, *, zone: tzinfo) -> datetime:
    """The start of the first school day after `moment`: the school must know before its
    children arrive (a moment before 09:00 on a school day is due that morning)."""
    local = moment.astimezone(zone)
    day = local.date()
    if local.time() >= SCHOOL_STARTS or not is_school_day(day):
        day += timedelta(days=1)
        while not is_school_day(day):
            day += timedelta(days=1)
    return datetime.combine(day, SCHOOL_STARTS, tzinfo=zone)


def next_working_day_end(moment: datetime, *, hours: WorkingHours, zone: tzinfo) -> datetime:
    """One full working day of the front door's clock after `moment`."""
    return working_deadline(moment, working_days=1, hours=hours, zone=zone)
