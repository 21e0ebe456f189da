"""Column charts drawn on the server as SVG: no script, no inline style, readable without them.

A chart is geometry worked out here and drawn by `insights/chart.svg.html`, so every label goes
through the template's escaping. Each chart has a title and a description for screen readers,
and the same figures are in the table beside it.
"""

import math
from dataclasses import dataclass

from .figures import Breakdown, Cell
from .measures import COUNT, MEDIAN_HOURS, RATE, Statistic

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 48
MOST_LABELS = 12  # month names on the axis at most; the table has every one


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    figure: str


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class AxisLabel:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    ident: str
    title: str
    description: str
    unit: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[AxisLabel, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def _unit(statistic: Statistic) -> str:
    return {RATE: "per cent", MEDIAN_HOURS: "hours", COUNT: "number"}[statistic.kind]


def _top(statistic: Statistic, values: list[float]) -> float:
    """The axis' highest value: 100 for a share, else a round number above the highest bar;
    for a count, four round steps, so every tick is a whole number."""
    if statistic.kind == RATE:
        return 100.0
    highest = max(values, default=0.0)
    if statistic.kind == COUNT:
        quarter = max(highest, 1.0) / 4
        step = 10 ** math.floor(math.log10(quarter)) if quarter >= 1 else 1
        return 4.0 * next(m * step for m in (1, 2, 5, 10) if m * step >= quarter)
    if highest <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(highest))
    for multiple in (1, 2, 5, 10):
        if multiple * step >= highest:
            return float(multiple * step)
    return float(10 * step)


def _figure(statistic: Statistic, value: float) -> str:
    if statistic.kind == RATE:
        return f"{value:.1f}%"
    if statistic.kind == MEDIAN_HOURS:
        return f"{value:.1f} hours"
    return f"{value:,.0f}"


def month_chart(ident: str, statistic: Statistic, breakdown: Breakdown, index: int) -> Chart:
    """The statistic (the `index`th of its measure) month by month, as columns."""
    cells: list[Cell] = [line.cells[index] for line in breakdown.lines]
    values = [cell.shown for cell in cells]
    top = _top(statistic, [v for v in values if v is not None])
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(1, len(cells))
    bars = []
    for n, (line, value) in enumerate(zip(breakdown.lines, values, strict=True)):
        if value is None:
            continue
        height = plot_height * min(value, top) / top
        bars.append(
            Bar(
                x=round(LEFT + n * slot + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=line.label,
                figure=_figure(statistic, value),
            )
        )
    ticks = tuple(
        Tick(y=round(TOP + plot_height * (1 - share), 1), text=_tick(statistic, top * share))
        for share in (0.0, 0.25, 0.5, 0.75, 1.0)
    )
    every = max(1, math.ceil(len(cells) / MOST_LABELS))
    labels = tuple(
        AxisLabel(x=round(LEFT + n * slot + slot / 2, 1), text=_short(line.label))
        for n, line in enumerate(breakdown.lines)
        if n % every == 0
    )
    return Chart(
        ident=ident,
        title=f"{statistic.label}, by month",
        description=_describe(statistic, breakdown, values),
        unit=_unit(statistic),
        bars=tuple(bars),
        ticks=ticks,
        labels=labels,
    )


def _tick(statistic: Statistic, value: float) -> str:
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text}%" if statistic.kind == RATE else text


def _short(month_label: str) -> str:
    """ "March 2026" as "Mar 26"."""
    name, _, year = month_label.partition(" ")
    return f"{name[:3]} {year[-2:]}"


def _describe(statistic: Statistic, breakdown: Breakdown, values: list[float | None]) -> str:
    shown = [
        (v, line.label) for v, line in zip(values, breakdown.lines, strict=True) if v is not None
    ]
    if not shown:
        return "No month has a figure to show. The table below gives the reasons."
    high, low = max(shown), min(shown)
    return (
        f"{len(shown)} of {len(values)} months have a figure. Highest: {high[1]}, "
        f"{_figure(statistic, high[0])}. Lowest: {low[1]}, {_figure(statistic, low[0])}. "
        "Every month's figure is in the table below."
    )
