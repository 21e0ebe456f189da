"""What a name may stand for: short forms and nicknames, and the parts of a surname.

The nickname table (`data/nicknames.csv`) is curated for the names of the people the hub serves:
each row is a full name and the short forms agencies record instead. A short form may belong to
several names ("Alex" is Alexander or Alexandra), so a name stands for a set of full names, and
two names can be the same person's when their sets meet.
"""

import csv
import functools
from pathlib import Path

from frontdoor.people.normalise import normalise_name

NICKNAMES_FILE = Path(__file__).with_name("data") / "nicknames.csv"


@functools.cache
def _full_names_by_form() -> dict[str, frozenset[str]]:
    """Every normalised name or short form in the table, with the full names it stands for."""
    forms: dict[str, set[str]] = {}
    with NICKNAMES_FILE.open(encoding="utf-8", newline="") as table:
        for row in csv.DictReader(table):
            full = normalise_name(row["name"])
            forms.setdefault(full, set()).add(full)
            for short in row["short_forms"].split():
                forms.setdefault(normalise_name(short), set()).add(full)
    return {form: frozenset(names) for form, names in forms.items()}


@functools.cache
def _short_forms_by_full_name() -> dict[str, frozenset[str]]:
    """Every full name in the table with its short forms."""
    forms: dict[str, set[str]] = {}
    for form, full_names in _full_names_by_form().items():
        for full in full_names:
            forms.setdefault(full, set()).add(form)
    return {full: frozenset(names) for full, names in forms.items()}


@functools.cache
def recorded_forms(groups: frozenset[str]) -> frozenset[str]:
    """Every name a person known by these full names may be recorded as: the full names and
    each of their short forms."""
    table = _short_forms_by_full_name()
    return groups.union(*(table.get(full, frozenset()) for full in groups))


def name_groups(given_name: str) -> frozenset[str]:
    """The full names a given name may stand for: itself, and what it is a short form of.

    Only the first word counts: "Mary Ann" and "Mary" are both Mary.
    """
    normal = normalise_name(given_name)
    if not normal:
        return frozenset()
    first = normal.split(" ")[0]
    return _full_names_by_form().get(first, frozenset()) | {first}


def surname_parts(family_name: str) -> frozenset[str]:
    """The words of a surname: "Smith-Jones" and "Smith Jones" are {"smith", "jones"}.

    A child often carries one parent's surname, the other's, or both joined.
    """
    return frozenset(word for word in normalise_name(family_name).split(" ") if len(word) > 1)
