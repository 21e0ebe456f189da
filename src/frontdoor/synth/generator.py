"""The synthetic borough generator: all demo, test and benchmark data, with its ground truth.

Standard library only and no Django, so it is fast and gives the same bytes for the same
arguments on any machine. Households are generated one at a time from their own random streams;
messages are spilled to per-month files and merged, so a million-record borough never sits in
memory.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from .household import Config, HouseholdSim, HouseholdStory
from .world import World, build_world

DEFAULT_END = date(2026, 10, 31)
DEFAULT_INVALID_RATE = 0.002

AGENCIES_FILE = "agencies.json"
MESSAGES_FILE = "messages.jsonl"
TRUTH_FILE = "truth.json"


def period_start(end: date, years: int) -> date:
    """The first day of the period: `years` before `end` (28 February for a 29th)."""
    try:
        return end.replace(year=end.year - years)
    except ValueError:
        return end.replace(year=end.year - years, day=28)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run produced, for the command's one-line report and for benchmarks."""

    households: int
    people: int
    messages: int
    subject_records: int  # subjects counted across all messages
    source_records: int  # distinct (source, source_person_id)
    invalid_messages: int
    incidents: int
    start: date
    end: date
    seconds: float

    def line(self) -> str:
        return (
            f"{self.households} households, {self.people} people, {self.messages} messages, "
            f"{self.subject_records} source records ({self.source_records} distinct), "
            f"{self.invalid_messages} invalid messages, {self.incidents} police incidents, "
            f"{self.start.isoformat()} to {self.end.isoformat()}, {self.seconds:.1f}s"
        )


class Borough:
    """One synthetic borough: its agencies and, lazily, its households' stories."""

    def __init__(
        self,
        households: int,
        years: int,
        seed: int,
        end: date = DEFAULT_END,
        invalid_rate: float = DEFAULT_INVALID_RATE,
    ) -> None:
        if households < 1:
            raise ValueError("households must be at least 1")
        if years < 1:
            raise ValueError("years must be at least 1")
        if not 0.0 <= invalid_rate <= 1.0:
            raise ValueError("invalid_rate must be between 0 and 1")
        self.households = households
        self.years = years
        self.seed = seed
        self.end = end
        self.start = period_start(end, years)
        self.world: World = build_world(seed, households)
        self.config = Config.make(seed, households, years, self.start, end, invalid_rate)

    def agencies(self) -> list[dict[str, str]]:
        """The agencies.json list."""
        return [agency.as_json() for agency in self.world.agencies]

    def story(self, index: int) -> HouseholdStory:
        """Household `index` (0-based): the same story whatever else is generated."""
        return HouseholdSim(self.world, self.config, index).run()

    def stories(self) -> Iterator[HouseholdStory]:
        for index in range(self.households):
            yield self.story(index)

    def truth_header(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "household_count": self.households,
            "years": self.years,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def generate(
    households: int,
    years: int,
    seed: int,
    end: date = DEFAULT_END,
    invalid_rate: float = DEFAULT_INVALID_RATE,
) -> Iterator[dict[str, Any]]:
    """Every message of a borough in time order, held in memory: for small boroughs.

    The order is the same as messages.jsonl from write_borough with the same arguments; use that
    for large boroughs.
    """
    borough = Borough(households, years, seed, end, invalid_rate)
    keyed: list[tuple[str, dict[str, Any]]] = []
    for story in borough.stories():
        keyed.extend(story.messages)
    keyed.sort(key=lambda item: item[0])
    for _, message in keyed:
        yield message


class _Fragments:
    """A JSON object's or list's members written to a file one per line, commas between."""

    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.count = 0

    def add(self, text: str) -> None:
        self.handle.write(",\n" if self.count else "\n")
        self.handle.write(text)
        self.count += 1


def write_borough(
    out_dir: Path,
    households: int,
    years: int,
    seed: int,
    end: date = DEFAULT_END,
    invalid_rate: float = DEFAULT_INVALID_RATE,
) -> Summary:
    """Write agencies.json, messages.jsonl (time order, streamed) and truth.json to out_dir.

    Each file is written under a temporary name and renamed when complete, so a crashed run
    never leaves a file that looks finished.
    """
    began = time.monotonic()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    borough = Borough(households, years, seed, end, invalid_rate)

    agencies_tmp = out_dir / f".{AGENCIES_FILE}.partial"
    agencies_tmp.write_text(json.dumps(borough.agencies(), indent=2) + "\n", encoding="utf-8")
    os.replace(agencies_tmp, out_dir / AGENCIES_FILE)

    people = messages = subject_records = source_records = incidents = 0
    invalid: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix=".synth-", dir=out_dir) as tmp_name:
        tmp = Path(tmp_name)
        buckets: dict[str, IO[str]] = {}
        people_part = (tmp / "people.part").open("w", encoding="utf-8")
        records_part = (tmp / "records.part").open("w", encoding="utf-8")
        households_part = (tmp / "households.part").open("w", encoding="utf-8")
        people_out = _Fragments(people_part)
        records_out = _Fragments(records_part)
        households_out = _Fragments(households_part)
        try:
            for story in borough.stories():
                for key, message in story.messages:
                    month = key[:7]
                    bucket = buckets.get(month)
                    if bucket is None:
                        bucket = (tmp / f"{month}.bucket").open("w", encoding="utf-8")
                        buckets[month] = bucket
                    bucket.write(f"{key}\t{_dumps(message)}\n")
                messages += len(story.messages)
                for pid, entry in story.people.items():
                    people_out.add(f"{_dumps(pid)}:{_dumps(entry)}")
                for record, pid in story.records.items():
                    records_out.add(f"{_dumps(record)}:{_dumps(pid)}")
                households_out.add(_dumps(story.household))
                people += len(story.people)
                subject_records += story.subject_records
                source_records += len(story.records)
                incidents += story.incidents
                invalid.extend(story.invalid)
        finally:
            for handle in (*buckets.values(), people_part, records_part, households_part):
                handle.close()

        messages_tmp = out_dir / f".{MESSAGES_FILE}.partial"
        with messages_tmp.open("w", encoding="utf-8") as out:
            for month in sorted(buckets):
                path = tmp / f"{month}.bucket"
                lines = path.read_text(encoding="utf-8").splitlines()
                path.unlink()
                # Keys are fixed-width and unique, so sorting whole lines sorts by key.
                lines.sort()
                out.writelines(line.split("\t", 1)[1] + "\n" for line in lines)
        os.replace(messages_tmp, out_dir / MESSAGES_FILE)

        truth_tmp = out_dir / f".{TRUTH_FILE}.partial"
        with truth_tmp.open("w", encoding="utf-8") as out:
            out.write("{")
            for name, value in borough.truth_header().items():
                out.write(f"{_dumps(name)}:{_dumps(value)},\n")
            for name, part, opener, closer in (
                ("people", "people.part", "{", "}"),
                ("records", "records.part", "{", "}"),
                ("households", "households.part", "[", "]"),
            ):
                out.write(f"{_dumps(name)}:{opener}")
                with (tmp / part).open(encoding="utf-8") as handle:
                    while chunk := handle.read(1 << 20):
                        out.write(chunk)
                out.write(f"\n{closer},\n")
            out.write('"invalid_messages":[')
            out.write(",\n".join(_dumps(item) for item in invalid))
            out.write("]}\n")
        os.replace(truth_tmp, out_dir / TRUTH_FILE)

    return Summary(
        households=households,
        people=people,
        messages=messages,
        subject_records=subject_records,
        source_records=source_records,
        invalid_messages=len(invalid),
        incidents=incidents,
        start=borough.start,
        end=end,
        seconds=time.monotonic() - began,
    )
