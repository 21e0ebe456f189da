"""Whole months of the loads' rows, kept between views while no write could have changed them
(docs/decisions/0026).

A month's rows of a load are kept with the sum of the versions (`WrittenDay`) of every day
whose writes could change them, read before the rows were: from the month's first day (UTC) to
its last, or for the repeat incidents a year and a day past it (`Load.reach`). The database's
triggers add to a day's version in the same transaction as any write to the facts (`written.py`),
and versions only grow. So while the sum read now is the sum kept, no write has committed
since the rows were read, and they are what a read now would give; once a write commits, the
sum differs and the month is read again. A write committing while a month is read can only
make the kept sum older than the rows, never newer: the month is then read again, never used
stale. Rows the clock alone can change (notifications not yet due) are not kept.
"""

import hashlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, groupby
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import KeptMonth, WrittenDay

if TYPE_CHECKING:
    from .loads import Load, Period

# What the kept rows were read by: a change to any of these files may change them.
SOURCES = ("loads.py", "extract.py", "written.py", "months.py")
CODE = hashlib.sha256(
    b"".join((Path(__file__).parent / name).read_bytes() for name in SOURCES)
).hexdigest()


@dataclass(frozen=True)
class Span:
    """The part of a period in one local month: `whole` when it is the whole month."""

    month: str
    start: datetime
    end: datetime
    whole: bool


def spans(period: "Period") -> list[Span]:
    """The period, month by month."""
    found = []
    for month in period.months():
        first = date.fromisoformat(f"{month}-01")
        after = (first + timedelta(days=31)).replace(day=1)
        start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
        end = timezone.make_aware(datetime.combine(after, datetime.min.time()))
        found.append(
            Span(
                month,
                max(start, period.start),
                min(end, period.end),
                period.start <= start and end <= period.end,
            )
        )
    return found


class Versions:
    """The days' versions from the database, summed over any stretch of days."""

    def __init__(self, first: date, last: date) -> None:
        rows = list(
            WrittenDay.objects.filter(day__gte=first, day__lte=last)
            .order_by("day")
            .values_list("day", "version")
        )
        self.days = [day for day, _ in rows]
        self.sums = [0, *accumulate(version for _, version in rows)]

    def over(self, start: datetime, end: datetime) -> int:
        """The sum of the versions of every day (UTC) from `start`'s to `end`'s."""
        first = bisect_left(self.days, start.astimezone(UTC).date())
        last = bisect_right(self.days, end.astimezone(UTC).date())
        return self.sums[last] - self.sums[first]


class KeptMonths:
    """A view's loads: the whole months kept while still current, the rest read afresh, and
    the whole months read afresh to keep for the next view (`keep`). Made in the view's
    transaction, before any load is read."""

    def __init__(self, period: "Period", agencies: pa.Table, reach: timedelta) -> None:
        """`reach`: the longest of the loads'."""
        self.spans = spans(period)
        self.zone = settings.TIME_ZONE
        # whether health answered a decision's checks depends on the agencies' types
        types = sorted(zip(agencies["id"].to_pylist(), agencies["type"].to_pylist(), strict=True))
        self.code = hashlib.sha256(f"{CODE}|{types}".encode()).hexdigest()
        self.versions = Versions(
            period.start.astimezone(UTC).date(), (period.end + reach).astimezone(UTC).date()
        )
        whole = [span.month for span in self.spans if span.whole]
        self.kept = {
            (month, load): (written, bytes(arrow))
            for month, load, written, arrow in KeptMonth.objects.filter(
                month__in=whole, zone=self.zone, code=self.code
            ).values_list("month", "load", "written", "arrow")
        }
        self.keeping: list[KeptMonth] = []

    def table(self, load: "Load", now: datetime) -> pa.Table:
        """The load's rows over the period."""
        parts: list[pa.Table] = []
        written = {
            span.month: self.versions.over(span.start, span.end + load.reach)
            for span in self.spans
            if span.whole
        }
        current = {
            month
            for month, versions in written.items()
            if (month, load.name) in self.kept and self.kept[(month, load.name)][0] == versions
        }
        for is_kept, run in groupby(self.spans, key=lambda span: span.month in current):
            stretch = list(run)
            if is_kept:
                parts += [_arrow_table(self.kept[(s.month, load.name)][1]) for s in stretch]
                continue
            rows = load.read(stretch[0].start, stretch[-1].end, now)
            parts.append(rows)
            unsettled = (
                load.unsettled(stretch[0].start, stretch[-1].end, now) if load.unsettled else set()
            )
            self.keeping += [
                KeptMonth(
                    month=s.month,
                    load=load.name,
                    zone=self.zone,
                    code=self.code,
                    written=written[s.month],
                    arrow=_arrow_bytes(rows.filter(pc.equal(rows["month"], s.month))),
                )
                for s in stretch
                if s.whole and s.month not in unsettled
            ]
        return pa.concat_tables(parts)

    def keep(self) -> None:
        """Keep the whole months read afresh, in a transaction of their own."""
        if self.keeping:
            with transaction.atomic():
                KeptMonth.objects.bulk_create(
                    self.keeping,
                    update_conflicts=True,
                    unique_fields=["month", "load"],
                    update_fields=["zone", "code", "written", "arrow"],
                )


def _arrow_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _arrow_table(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()
