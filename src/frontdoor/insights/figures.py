"""The measures worked out for a period (and one agency), with small numbers suppressed.

Every measure is one DuckDB query that groups its rows by month, by agency and by its own
breakdown at once (GROUPING SETS), over the tables `loads.hub_load` read from the hub; a row
stands for `n` things counted alike.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
from django.utils import timezone

from frontdoor.quality.selectors import QUESTION_FIELDS, DipSampleMonth, dip_sample_results
from frontdoor.triage.configuration import Timeline

from .loads import Period, hub_load
from .measures import (
    AGENCY,
    COUNT,
    DIP_SAMPLES,
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
    counted: bool = True  # False: the view is of a team, and this measure has none

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
    team: str
    suppress_below: int
    results: tuple[Result, ...]
    teams: tuple[str, ...]  # every police station or team an incident of the period names


def insights_compute(period: Period, *, agency_code: str = "", team: str = "") -> Insights:
    """Every measure over the period, for all agencies or the one with this code, and all teams
    or one (a police station or team, as incidents name it)."""
    suppress_below = Timeline.load().on(timezone.localdate()).suppress_below
    duck = hub_load(period, timezone.now())
    try:
        agencies = dict(duck.execute("SELECT CAST(id AS VARCHAR), name FROM agencies").fetchall())
        teams = tuple(
            str(row[0])
            for row in duck.execute(
                "SELECT DISTINCT team FROM incidents WHERE team <> '' ORDER BY team"
            ).fetchall()
        )
        if team and team not in teams:
            raise ValueError(f"team: no incident in the period names the team {team!r}")
        parameters = {
            "agency": _agency_id(duck, agency_code),
            "team": team or None,
        }
        results = [
            _result(duck, measure, parameters, period, agencies, suppress_below)
            for measure in MEASURES
        ]
    finally:
        duck.close()
    results.append(_dip_samples(period, agency_code, team, suppress_below))
    return Insights(period, agency_code, team, suppress_below, tuple(results), teams)


def _uncounted(measure: Measure, suppress_below: int) -> Result:
    """A measure whose rows have no team, in a team's view: nothing to show."""
    return Result(measure, Line("all", "All", _empty(measure, suppress_below)), (), counted=False)


def _empty(measure: Measure, suppress_below: int) -> tuple[Cell, ...]:
    return _cells(measure.statistics, [0, 0, None] * len(measure.statistics), suppress_below)


def _dip_samples(period: Period, agency_code: str, team: str, suppress_below: int) -> Result:
    """The dip samples' findings, month by month, from the quality app's counts."""
    months = dip_sample_results(
        period.first, period.last, agency_code=agency_code or None, station=team or None
    )
    lines = tuple(
        Line(
            f"{m.month:%Y-%m}",
            f"{m.month:%B %Y}",
            _cells(DIP_SAMPLES.statistics, _dip_figures(m), suppress_below),
        )
        for m in months
    )
    total = DipSampleMonth(
        month=period.first,
        reviews=sum(m.reviews for m in months),
        no={f: sum(m.no[f] for m in months) for f in QUESTION_FIELDS},
        partly={f: sum(m.partly[f] for m in months) for f in QUESTION_FIELDS},
        results={r: sum(m.results[r] for m in months) for r in months[0].results} if months else {},
    )
    return Result(
        DIP_SAMPLES,
        Line("all", "All", _cells(DIP_SAMPLES.statistics, _dip_figures(total), suppress_below)),
        (Breakdown(MONTH, lines),),
    )


def _dip_figures(month: DipSampleMonth) -> list[int | None]:
    """A month's counts as `_cells` takes them: (count, of, value) for each statistic."""
    figures: list[int | None] = [month.reviews, None, None]
    for field in QUESTION_FIELDS:
        figures += [month.no[field], month.reviews, None]
    for statistic in DIP_SAMPLES.statistics[1 + len(QUESTION_FIELDS) :]:
        figures += [month.results.get(statistic.code, 0), month.reviews, None]
    return figures


def _agency_id(duck: duckdb.DuckDBPyConnection, code: str) -> int | None:
    if not code:
        return None
    found = duck.execute("SELECT id FROM agencies WHERE code = $code", {"code": code}).fetchone()
    if found is None:
        raise ValueError(f"agency: no agency with the code {code!r}")
    return int(found[0])


def _aggregates(statistic: Statistic, n: int) -> list[str]:
    """The statistic's (count, of, value) over rows that each stand for `n` things; a median's
    rows stand for one thing each."""
    among, value = f"b{n}", f"x{n}"

    def counted(where: str) -> str:
        return f"coalesce(sum(n) FILTER (WHERE {where}), 0)"

    if statistic.kind == RATE:
        return [counted(f"{value} AND {among}"), counted(among), "NULL"]
    if statistic.kind == MEDIAN_HOURS:
        return [
            "NULL",
            counted(f"{value} IS NOT NULL AND {among}"),
            f"median({value}) FILTER (WHERE {among})",
        ]
    return [counted(among), "NULL", "NULL"]


def _query(measure: Measure, *, one_agency: bool, one_team: bool) -> str:
    """The measure's rows grouped by each dimension and in total, in one pass."""
    inputs = ["n", *(f"CAST({d.column} AS VARCHAR) AS {d.column}" for d in measure.dimensions)]
    aggregates: list[str] = []
    for n, statistic in enumerate(measure.statistics):
        inputs += [f"({statistic.expression}) AS x{n}", f"({statistic.among}) AS b{n}"]
        aggregates += _aggregates(statistic, n)
    columns = [d.column for d in measure.dimensions]
    groupings = ", ".join(f"GROUPING({c})" for c in columns)
    sets = ", ".join([*(f"({c})" for c in columns), "()"])
    conditions = ["TRUE"]
    conditions += ["agency_id = $agency"] if one_agency else []
    conditions += ["team = $team"] if one_team else []
    return (
        f"WITH measured AS ({measure.rows}), "  # noqa: S608  # nosec B608
        f"rows AS (SELECT {', '.join(inputs)} FROM measured WHERE {' AND '.join(conditions)}) "
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
    one_team = parameters["team"] is not None
    if one_team and not measure.teams:
        return _uncounted(measure, suppress_below)
    sql = _query(measure, one_agency=parameters["agency"] is not None, one_team=one_team)
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
    empty = _empty(measure, suppress_below)
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
