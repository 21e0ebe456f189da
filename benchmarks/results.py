"""Results as workers hand them to the parent (JSON), and the plain-text tables both print."""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Result:
    """One benchmark on one backend: the headline figure, its target, and the detail behind it."""

    benchmark: str
    backend: str
    scale: str
    figure: str
    target: str
    passed: bool
    table: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load_before: str = ""
    load_after: str = ""

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "MISS"

    def save(self, path: Path) -> None:
        results = load(path) if path.exists() else []
        results.append(self)
        path.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")

    def print(self) -> None:
        print(f"\n== {self.benchmark} on {self.backend} ({self.scale} scale) ==")
        if self.table:
            print(table(self.table))
        for note in self.notes:
            print(f"  {note}")
        print(f"  load average before {self.load_before}; after {self.load_after}")
        print(f"  {self.figure}  (target: {self.target})  {self.verdict}", flush=True)


def load(path: Path) -> list[Result]:
    return [Result(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


# Additions in a Python loop that `machine_pace` times.
PACE_ADDITIONS = 10_000_000


def machine_pace() -> float:
    """The seconds of CPU a loop of ten million additions in Python takes now.

    The machines here change speed from hour to hour, idle or not, by as much as a third
    (docs/benchmarks.md), so a rate is comparable only with the pace it was measured at.
    """
    began = time.process_time()
    total = 0
    for number in range(PACE_ADDITIONS):
        total += number
    return time.process_time() - began


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: figures on a busy 2-core machine need them."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile by linear interpolation between ranks (NumPy's default method)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as a Markdown table (the first row is the header), so it pastes into the docs."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row: Sequence[str]) -> str:
        cells = (cell.rjust(width) for cell, width in zip(row, widths, strict=True))
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join("-" * (width + 1) + ":" for width in widths) + "|"
    return "\n".join([line(rows[0]), rule, *(line(row) for row in rows[1:])])
