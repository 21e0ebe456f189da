"""Working-day deadlines for the front door, counted on a working clock.

A working day is a weekday that is not an England and Wales bank holiday, from the partnership's
start to its end of day. A deadline of N working days is N full working days of that clock from
receipt, so a referral received on Friday afternoon is due on Monday afternoon, and one received
at the weekend or after hours is due by the end of the next working day.
"""

from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from frontdoor.workdays import is_working_day, next_working_day


@dataclass(frozen=True)
class WorkingHours:
    """When the front door's working day starts and ends, in the partnership's local time."""

    starts: time
    ends: time

    def __post_init__(self) -> None:
        if self.starts >= self.ends:
            raise ValueError(
                f"working_day.ends: {self.ends:%H:%M} must be after the start, {self.starts:%H:%M}"
            )

    @property
    def minutes(self) -> int:
        return _minutes(self.ends) - _minutes(self.starts)


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def working_deadline(
    received_at: datetime, *, working_days: int, hours: WorkingHours, zone: tzinfo
) -> datetime:
    """`working_days` full working days of the working clock after `received_at`.

    Time outside working hours does not count: the clock starts at the next working moment.
    """
    if working_days < 1:
        raise ValueError(f"working_days: must be at least 1, got {working_days!r}")
    local = received_at.astimezone(zone)
    day, now = local.date(), _minutes(local.time())
    if not is_working_day(day) or now >= _minutes(hours.ends):
        day, now = next_working_day(day), _minutes(hours.starts)
    now = max(now, _minutes(hours.starts))
    remaining = working_days * hours.minutes
    while remaining > _minutes(hours.ends) - now:
        remaining -= _minutes(hours.ends) - now
        day, now = next_working_day(day), _minutes(hours.starts)
    return datetime.combine(day, _clock(now + remaining), tzinfo=zone)


def time_left(due_at: datetime, now: datetime) -> str:
    """How long until the deadline, or how long past it, in days, hours and minutes."""
    seconds = int((due_at - now).total_seconds())
    overdue = seconds < 0
    days, rest = divmod(abs(seconds), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((days, "day"), (hours, "hour"), (minutes if not days else 0, "minute"))
        if n
    ] or ["less than a minute"]
    text = " ".join(parts)
    return f"overdue by {text}" if overdue else f"{text} left"
