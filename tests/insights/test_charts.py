"""The month charts' axes: a count's ticks are whole numbers however small the counts."""

import pytest

from frontdoor.insights.charts import month_chart
from frontdoor.insights.figures import Breakdown, Cell, Line
from frontdoor.insights.measures import COUNT, MONTH, Statistic


def chart_of_counts(*counts: int) -> list[str]:
    lines = tuple(
        Line(f"2026-0{n + 1}", f"Month {n + 1} 2026", (Cell(COUNT, c, None, None, False, ""),))
        for n, c in enumerate(counts)
    )
    chart = month_chart("c", Statistic("n", "Reviews", COUNT), Breakdown(MONTH, lines), 0)
    return [tick.text for tick in chart.ticks]


@pytest.mark.parametrize(
    ("counts", "ticks"),
    [
        ((1, 0), ["0", "1", "2", "3", "4"]),
        ((3, 7), ["0", "2", "4", "6", "8"]),
        ((1855, 1200), ["0", "500", "1,000", "1,500", "2,000"]),
    ],
)
def test_a_counts_ticks_are_whole_numbers(counts: tuple[int, ...], ticks: list[str]) -> None:
    assert chart_of_counts(*counts) == ticks
