"""The measures worked out for a period (and one agency), with small numbers suppressed.

Every measure is one DuckDB query that groups its rows by month, by agency and by its own
breakdown at once (GROUPING SETS), over the tables `loads.hub_load` read from the hub.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
from django.utils import timezone

from frontdoor.triage.configuration import Timeline

from .loads import Period, hub_load
from .measures import (
    AGENCY,
    COUNT,
    MEASURES,
    MEDIAN_HOURS,
    MONTH,
    RATE,
    Dimension,
    Measure,
    Statistic,
)


@dataclass(frozen=True)
class Cell:
    """One statistic for one group: `count` of `of` (a share), or a median over `of`."""

    kind: str
    count: int | None
    of: int | None
    value: float | None
    suppressed: bool
    text: str

    @property
    def empty(self) -> bool:
        return (self.count if self.kind == COUNT else self.of) == 0

    @property
    def shown(self) -> float | None:
        """The figure a chart draws: a percentage, hours or a count; none when suppressed."""
        if self.suppressed or self.empty:
            return None
        return self.value if self.kind != COUNT else float(self.count or 0)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Breakdown:
    dimension: Dimension
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Result:
    measure: Measure
    total: Line
    breakdowns: tuple[Breakdown, ...]

    @property
    def by_month(self) -> Breakdown:
        return self.breakdowns[0]

    @property
    def summary(self) -> tuple[tuple[Statistic, Cell], ...]:
        """Each statistic with its figure over the whole period."""
        return tuple(zip(self.measure.statistics, self.total.cells, strict=True))


@dataclass(frozen=True)
class Insights:
    period: Period
    agency: str
    suppress_below: int
    results: tuple[Result, ...]


def insights_compute(period: Period, *, agency_code: str = "") -> Insights:
    """Every measure over the period, for all agencies or the one with this code."""
    suppress_below = Timeline.load().on(timezone.localdate()).suppress_below
    duck = hub_load(period)
    try:
        agencies = dict(duck.execute("SELECT CAST(id AS VARCHAR), name FROM agencies").fetchall())
        agency_id = _agency_id(duck, agency_code)
        parameters = {
            "start": period.start,
            "end": period.end,
            "now": timezone.now(),
            "agency": agency_id,
        }
        results = tuple(
            _result(duck, measure, parameters, period, agencies, suppress_below)
            for measure in MEASURES
        )
    finally:
        duck.close()
    return Insights(period, agency_code, suppress_below, results)


def _agency_id(duck: duckdb.DuckDBPyConnection, code: str) -> int | None:
    if not code:
        return None
    found = duck.execute("SELECT id FROM agencies WHERE code = $code", {"code": code}).fetchone()
    if found is None:
        raise ValueError(f"agency: no agency with the code {code!r}")
    return int(found[0])


def _aggregates(statistic: Statistic, n: int) -> list[str]:
    among, value = f"b{n}", f"x{n}"
    if statistic.kind == RATE:
        return [
            f"count(*) FILTER (WHERE {value} AND {among})",
            f"count(*) FILTER (WHERE {among})",
            "NULL",
        ]
    if statistic.kind == MEDIAN_HOURS:
        return [
            "NULL",
            f"count({value}) FILTER (WHERE {among})",
            f"median({value}) FILTER (WHERE {among})",
        ]
    return [f"count(*) FILTER (WHERE {among})", "NULL", "NULL"]


def _query(measure: Measure, *, one_agency: bool) -> str:
    """The measure's rows grouped by each dimension and in total, in one pass."""
    inputs = [
        "strftime(CAST(counted_at AS TIMESTAMP), '%Y-%m') AS month"
        if d is MONTH
        else f"CAST({d.column} AS VARCHAR) AS {d.column}"
        for d in measure.dimensions
    ]
    aggregates: list[str] = []
    for n, statistic in enumerate(measure.statistics):
        inputs += [f"({statistic.expression}) AS x{n}", f"({statistic.among}) AS b{n}"]
        aggregates += _aggregates(statistic, n)
    columns = [d.column for d in measure.dimensions]
    groupings = ", ".join(f"GROUPING({c})" for c in columns)
    sets = ", ".join([*(f"({c})" for c in columns), "()"])
    where = "counted_at >= $start AND counted_at < $end" + (
        " AND agency_id = $agency" if one_agency else ""
    )
    return (
        f"WITH measured AS ({measure.rows}), "  # noqa: S608  # nosec B608
        f"rows AS (SELECT {', '.join(inputs)} FROM measured WHERE {where}) "
        f"SELECT {', '.join(columns)}, {groupings}, {', '.join(aggregates)} "
        f"FROM rows GROUP BY GROUPING SETS ({sets})"
    )


def _result(
    duck: duckdb.DuckDBPyConnection,
    measure: Measure,
    parameters: dict[str, Any],
    period: Period,
    agencies: dict[str, str],
    suppress_below: int,
) -> Result:
    one_agency = parameters["agency"] is not None
    sql = _query(measure, one_agency=one_agency)
    used = {k: v for k, v in parameters.items() if f"${k}" in sql}
    rows = duck.execute(sql, used).fetchall()
    columns = len(measure.dimensions)
    grouped: dict[str, dict[str, tuple[Cell, ...]]] = {d.code: {} for d in measure.dimensions}
    total: tuple[Cell, ...] = ()
    for row in rows:
        keys, flags, figures = row[:columns], row[columns : 2 * columns], row[2 * columns :]
        cells = _cells(measure.statistics, figures, suppress_below)
        open_ = [n for n, flag in enumerate(flags) if flag == 0]
        if not open_:
            total = cells
            continue
        dimension = measure.dimensions[open_[0]]
        grouped[dimension.code][str(keys[open_[0]])] = cells
    empty = _cells(measure.statistics, [0, 0, None] * len(measure.statistics), suppress_below)
    breakdowns = []
    for dimension in measure.dimensions:
        found = grouped[dimension.code]
        if dimension is MONTH:
            shown = period.months()
        else:
            shown = sorted(
                found.keys() | set(dimension.every),
                key=lambda k: _label(measure, dimension, k, agencies),
            )
        lines = tuple(
            Line(k, _label(measure, dimension, k, agencies), found.get(k, empty)) for k in shown
        )
        breakdowns.append(Breakdown(dimension, lines))
    return Result(measure, Line("all", "All", total or empty), tuple(breakdowns))


def _label(measure: Measure, dimension: Dimension, key: str, agencies: dict[str, str]) -> str:
    if dimension is MONTH:
        return date.fromisoformat(f"{key}-01").strftime("%B %Y")
    if dimension is AGENCY:
        return agencies.get(key, key)
    return measure.labels.get(key, key.replace("_", " ").capitalize())


def _cells(
    statistics: Sequence[Statistic], figures: Sequence[Any], suppress_below: int
) -> tuple[Cell, ...]:
    cells = []
    for n, statistic in enumerate(statistics):
        count, of, value = figures[3 * n : 3 * n + 3]
        if statistic.kind == RATE and of:
            value = 100.0 * count / of
        small = [x for x in (count, of) if x is not None and 0 < x < suppress_below]
        count = None if count is None else int(count)
        of = None if of is None else int(of)
        value = None if value is None else float(value)
        cells.append(
            Cell(
                kind=statistic.kind,
                count=count,
                of=of,
                value=value,
                suppressed=bool(small),
                text=_text(statistic.kind, count, of, value, suppress_below),
            )
        )
    return tuple(cells)


def _text(kind: str, count: int | None, of: int | None, value: float | None, below: int) -> str:
    """The figure as a table shows it; a count from 1 to `below` - 1 only as "fewer than"."""

    def small(x: int | None) -> bool:
        return x is not None and 0 < x < below

    if kind == COUNT:
        return f"fewer than {below}" if small(count) else f"{count or 0:,}"
    if not of:
        return "none to count"
    if small(of):
        return f"fewer than {below}"
    if kind == MEDIAN_HOURS:
        return f"{value or 0:.1f} hours (of {of:,})"
    if small(count):
        return f"fewer than {below} of {of:,}"
    return f"{value or 0:.1f}% ({count or 0:,} of {of:,})"
