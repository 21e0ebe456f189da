"""The errors real agency records carry, at rates that differ by agency type.

Linkage is only tested honestly if the synthetic records are as untidy as real ones: short forms
of names, one-key typos, day and month swapped, missing identifiers, stale addresses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from . import data

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _row_index, _row in enumerate(_KEYBOARD_ROWS):
    for _i, _ch in enumerate(_row):
        near = _row[max(0, _i - 1) : _i] + _row[_i + 1 : _i + 2]
        for _other_index in (_row_index - 1, _row_index + 1):
            if 0 <= _other_index < len(_KEYBOARD_ROWS):
                _other = _KEYBOARD_ROWS[_other_index]
                near += _other[max(0, _i - 1) : _i + 1]
        _NEIGHBOURS[_ch] = near


@dataclass(frozen=True, slots=True)
class NoiseProfile:
    """Per-record error rates of one agency type (each a probability)."""

    nickname: float
    typo: float
    swap_dob: float
    missing_dob: float
    nhs_recorded: float
    nhs_mistyped: float
    address_update: float
    odd_postcode: float
    abbreviate_street: float
    other_surname: float
    duplicate: float
    alias: float = 0.0


PROFILES: dict[str, NoiseProfile] = {
    "police": NoiseProfile(0.12, 0.03, 0.02, 0.06, 0.05, 0.06, 0.9, 0.08, 0.12, 0.10, 0.02, 0.15),
    "csc": NoiseProfile(0.04, 0.015, 0.01, 0.02, 0.6, 0.02, 0.8, 0.03, 0.05, 0.06, 0.005),
    "early_help": NoiseProfile(0.06, 0.02, 0.01, 0.05, 0.3, 0.03, 0.8, 0.05, 0.08, 0.06, 0.005),
    "gp": NoiseProfile(0.02, 0.01, 0.005, 0.0, 1.0, 0.0, 0.5, 0.02, 0.03, 0.02, 0.0),
    "midwifery": NoiseProfile(0.02, 0.01, 0.005, 0.0, 0.97, 0.01, 0.8, 0.02, 0.03, 0.03, 0.0),
    "health_visiting": NoiseProfile(0.03, 0.01, 0.005, 0.0, 1.0, 0.0, 0.7, 0.02, 0.03, 0.03, 0.0),
    "emergency_department": NoiseProfile(
        0.06, 0.03, 0.02, 0.03, 0.6, 0.03, 0.7, 0.06, 0.10, 0.05, 0.01
    ),
    "adult_mental_health": NoiseProfile(
        0.04, 0.01, 0.01, 0.01, 0.85, 0.02, 0.6, 0.03, 0.05, 0.03, 0.005
    ),
    "substance_misuse": NoiseProfile(
        0.10, 0.02, 0.01, 0.04, 0.5, 0.04, 0.6, 0.05, 0.08, 0.05, 0.01, 0.10
    ),
    "school": NoiseProfile(0.03, 0.01, 0.005, 0.0, 0.3, 0.02, 0.7, 0.03, 0.05, 0.10, 0.0),
    "probation": NoiseProfile(0.08, 0.02, 0.01, 0.01, 0.1, 0.05, 0.8, 0.04, 0.05, 0.04, 0.01, 0.2),
    "youth_offending": NoiseProfile(
        0.08, 0.02, 0.01, 0.01, 0.3, 0.03, 0.8, 0.04, 0.05, 0.06, 0.0, 0.1
    ),
    "cafcass": NoiseProfile(0.02, 0.01, 0.005, 0.0, 0.2, 0.02, 0.9, 0.02, 0.03, 0.05, 0.0),
    "housing": NoiseProfile(0.05, 0.03, 0.02, 0.15, 0.05, 0.05, 0.9, 0.10, 0.15, 0.06, 0.01),
    "idva": NoiseProfile(0.08, 0.02, 0.01, 0.10, 0.1, 0.05, 0.9, 0.05, 0.08, 0.05, 0.0),
    "prison": NoiseProfile(0.05, 0.02, 0.01, 0.0, 0.2, 0.03, 0.3, 0.04, 0.05, 0.02, 0.0, 0.25),
}


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a substituted neighbouring key, a dropped, doubled or swapped letter."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return text
    i = rng.choice(letters[1:])
    ch = text[i]
    kind = rng.randrange(4)
    if kind == 0:
        options = _NEIGHBOURS.get(ch.lower(), "")
        if not options:
            return text
        new = rng.choice(options)
        new = new.upper() if ch.isupper() else new
        return text[:i] + new + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + ch + text[i:]
    if i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != ch:
        return text[:i] + text[i + 1] + ch + text[i + 2 :]
    return text[:i] + text[i + 1 :]


def nickname(rng: random.Random, given: str) -> str:
    """A short form of the given name, or the name itself when it has none."""
    options = data.NICKNAMES.get(given)
    return rng.choice(options) if options else given


def swap_day_month(born: date) -> date | None:
    """The date with day and month swapped (an American-style entry), when that is a date."""
    if born.day > 12 or born.day == born.month:
        return None
    return date(born.year, born.day, born.month)


def postcode_variant(rng: random.Random, postcode: str) -> str:
    """The postcode as a careless system stores it: no space, lower case or a double space."""
    outward, inward = postcode.split(" ")
    kind = rng.randrange(4)
    if kind == 0:
        return outward + inward
    if kind == 1:
        return postcode.lower()
    if kind == 2:
        return f"{outward}  {inward}"
    return (outward + inward).lower()


def surname_variant(rng: random.Random, surname: str) -> str:
    """How a double-barrelled or punctuated surname gets mangled: one half, or spaces for marks."""
    if "-" in surname:
        first, second = surname.split("-", 1)
        return rng.choice((first, second, f"{first} {second}", surname.replace("-", "")))
    if "'" in surname:
        return rng.choice((surname.replace("'", ""), surname.replace("'", " ")))
    if " " in surname:
        return rng.choice((surname.replace(" ", ""), surname.replace(" ", "-")))
    return surname


def abbreviate_street(line1: str) -> str:
    """'12 Oak Road' as '12 Oak Rd'."""
    head, _, last = line1.rpartition(" ")
    short = data.SUFFIX_ABBREVIATIONS.get(last)
    return f"{head} {short}" if short and head else line1
