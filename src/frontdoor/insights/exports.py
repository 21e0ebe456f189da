"""The insights as flat rows, for the CSV download and `frontdoor insights`: one row a figure."""

import csv
from collections.abc import Iterator
from typing import Any, Protocol

from .figures import Insights

COLUMNS = (
    "from",
    "to",
    "agency",
    "team",
    "measure",
    "statistic",
    "breakdown",
    "key",
    "category",
    "count",
    "of",
    "value",
    "unit",
    "suppressed",
)


def figure_rows(insights: Insights) -> Iterator[dict[str, Any]]:
    """Every figure: each statistic of each measure, in total and in every breakdown. A
    suppressed figure keeps its row, with its numbers left out."""
    period = insights.period
    for result in insights.results:
        if not result.counted:
            continue
        groups = [("all", result.total)] + [
            (b.dimension.code, line) for b in result.breakdowns for line in b.lines
        ]
        for breakdown, line in groups:
            for statistic, cell in zip(result.measure.statistics, line.cells, strict=True):
                hidden = cell.suppressed
                yield {
                    "from": period.first.isoformat(),
                    "to": period.last.isoformat(),
                    "agency": insights.agency,
                    "team": insights.team,
                    "measure": result.measure.code,
                    "statistic": statistic.code,
                    "breakdown": breakdown,
                    "key": line.key,
                    "category": line.label,
                    "count": None if hidden else cell.count,
                    "of": None if hidden else cell.of,
                    "value": None if hidden or cell.value is None else round(cell.value, 2),
                    "unit": statistic.kind,
                    "suppressed": hidden,
                }


class Writable(Protocol):
    """Where CSV goes: a file, an HTTP response, a command's output."""

    def write(self, text: str, /) -> object: ...


def insights_csv(insights: Insights, out: Writable) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in figure_rows(insights):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def insights_document(insights: Insights) -> dict[str, Any]:
    """The insights as one JSON document: the period, the definitions and every figure."""
    return {
        "from": insights.period.first.isoformat(),
        "to": insights.period.last.isoformat(),
        "agency": insights.agency,
        "team": insights.team,
        "suppress_below": insights.suppress_below,
        "measures": [
            {
                "code": r.measure.code,
                "title": r.measure.title,
                "definition": r.measure.definition,
                "statistics": {s.code: s.label for s in r.measure.statistics},
            }
            for r in insights.results
            if r.counted
        ],
        "figures": list(figure_rows(insights)),
    }
