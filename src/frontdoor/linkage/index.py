"""The person index as the matcher reads it: a stored record's columns, its features and the
blocking keys it is found by. The real-time matcher, training and batch re-linking share it, so
a record means the same to all three.
"""

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .comparisons import Features, features_of

BlockKey = tuple[str, object, object]

# The source record's columns the matcher reads: the record, its person, then its description.
COLUMNS = (
    "id",
    "person_id",
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "due_date",
    "child_on",
    "adult_on",
    "sex",
    "nhs_number",
    "nhs_number_valid",
    "line1",
    "postcode",
    "given_key",
    "family_key",
)


def _swapped(born: date) -> date | None:
    """The date with day and month exchanged, when that is a date and a different one."""
    try:
        other = born.replace(month=born.day, day=born.month)
    except ValueError:
        return None
    return other if other != born else None


def block_keys(
    nhs_number: str, given_key: str, family_key: str, born: date | None, postcode: str
) -> Iterator[BlockKey]:
    """The keys under which a record is found (see `frontdoor.linkage.matcher`).

    Both names' sounds alone find too many records of a common name in a large index, so they
    are a key only of a record with no date of birth, to find the records that have one.
    """
    if nhs_number:
        yield ("nhs", nhs_number, "")
    if family_key and postcode:
        yield ("family_postcode", family_key, postcode)
    if born and postcode:
        yield ("born_postcode", born, postcode)
    if born:
        for day in (born, _swapped(born)):
            if day and family_key:
                yield ("family_born", family_key, day)
        if given_key:
            yield ("given_born", given_key, born)
    elif given_key and family_key:
        yield ("names", given_key, family_key)


@dataclass(frozen=True)
class Indexed:
    """A record found in the index (or remembered from this batch) and the person it is."""

    person_id: int
    features: Features
    keys: tuple[BlockKey, ...]


def indexed(row: Sequence[Any]) -> Indexed:
    """A row of `COLUMNS` as the matcher sees it: the record's person, features and blocking
    keys.

    Worked out afresh for each row: remembering them by description (up to 200,000, as intake
    once did) grew a long load's process by 270 MB for a quarter of lookups found, and the load
    went no faster (docs/benchmarks.md, 2 December 2026).
    """
    values = dict(zip(COLUMNS, row, strict=True))
    nhs = values["nhs_number"] if values["nhs_number_valid"] else ""
    other = values["other_names"]
    born, due, child_on, adult_on = (
        _as_date(values[name]) for name in ("date_of_birth", "due_date", "child_on", "adult_on")
    )
    features = features_of(
        given_name=values["given_name"],
        family_name=values["family_name"],
        other_names=(json.loads(other) if isinstance(other, str) else other) or (),
        date_of_birth=born,
        postcode=values["postcode"],
        sex=values["sex"],
        nhs_number=nhs,
        line1=values["line1"],
        child_on=child_on,
        adult_on=adult_on,
        due_date=due,
    )
    keys = block_keys(nhs, values["given_key"], values["family_key"], born, values["postcode"])
    return Indexed(values["person_id"], features, tuple(keys))


def _as_date(value: date | str | None) -> date | None:
    """A date column's value as a date, whichever the database driver returned."""
    return date.fromisoformat(value) if isinstance(value, str) else value
