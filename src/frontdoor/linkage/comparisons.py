"""How two records are compared, field by field: once in Python, once in SQL for Splink.

Each comparison has ordered levels, from the strongest agreement to none. Splink trains the
model on the SQL form of every level (so the batch job can run wherever Splink runs); the hub
scores each incoming record with the Python form, against the weights Splink trained. The two
forms sit side by side here, and a test checks they put sample pairs on the same level.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

from frontdoor.people.normalise import (
    address_line,
    normalise_name,
    normalise_postcode,
    phonetic_key,
)

from .names import name_groups, surname_parts

CLOSE = 0.88  # Jaro-Winkler similarity of a typing slip ("Wlliam" / "William", "Pauk" / "Paul")
SIMILAR = 0.80  # a looser spelling ("Mohammed" / "Muhamad")
DUE_DATE_DAYS = 28  # a baby is born within four weeks of the due date, as recorded
SHORTEST_PREFIX = 3  # "Gem" for Gemma, "Kie" for Kieran: a name's start recorded as the name
# What agencies record for a child not yet named: no given name at all, as far as matching goes.
PLACEHOLDER_NAMES = frozenset({"unborn", "baby", "infant", "unknown", "not known"})


@dataclass(frozen=True)
class Features:
    """A record as the matcher sees it: every field normalised, ready to compare."""

    given: str
    given_groups: frozenset[str]
    given_sound: str
    family: str
    family_parts: frozenset[str]
    date_of_birth: date | None
    postcode: str
    sex: str
    nhs_number: str
    address: str
    # A day the agency recorded the person as a child (an unborn child's due date), or as an adult.
    child_on: date | None = None
    adult_on: date | None = None
    due_date: date | None = None

    @property
    def district(self) -> str:
        """The outward code of the postcode ("E16AN" -> "E1"): the area, not the street."""
        return self.postcode[:-3] if len(self.postcode) > 4 else ""

    def as_row(self) -> dict[str, Any]:
        """The columns Splink's SQL compares (see each level's `sql`)."""
        return {
            "given": self.given or None,
            "given_groups": sorted(self.given_groups) or None,
            "given_sound": self.given_sound or None,
            "family": self.family or None,
            "family_parts": sorted(self.family_parts) or None,
            "date_of_birth": self.date_of_birth,
            "dob_text": self.date_of_birth.isoformat() if self.date_of_birth else None,
            "due_date": self.due_date,
            "postcode": self.postcode or None,
            "district": self.district or None,
            "address": self.address or None,
            "sex": self.sex or None,
            "nhs_number": self.nhs_number or None,
        }


def features_of(
    *,
    given_name: str,
    family_name: str,
    other_names: tuple[str, ...] | list[str] = (),
    date_of_birth: date | None,
    postcode: str,
    sex: str,
    nhs_number: str,
    line1: str = "",
    child_on: date | None = None,
    adult_on: date | None = None,
    due_date: date | None = None,
) -> Features:
    """The matcher's view of one record; `nhs_number` only when valid, aliases as full names."""
    if normalise_name(given_name) in PLACEHOLDER_NAMES:
        given_name = ""
    given_groups = name_groups(given_name)
    family_parts = surname_parts(family_name)
    for alias in other_names:
        words = normalise_name(alias).split(" ")
        given_groups |= name_groups(words[0])
        family_parts |= surname_parts(words[-1]) if len(words) > 1 else frozenset()
    return Features(
        given=normalise_name(given_name).split(" ")[0] if given_name.strip() else "",
        given_groups=given_groups,
        given_sound=phonetic_key(given_name),
        family=normalise_name(family_name),
        family_parts=family_parts,
        date_of_birth=date_of_birth,
        postcode=normalise_postcode(postcode),
        sex=sex if sex in ("F", "M") else "",
        nhs_number=nhs_number,
        address=address_line(line1),
        child_on=child_on or due_date,
        adult_on=adult_on,
        due_date=due_date,
    )


Test = Callable[[Features, Features], bool]


@dataclass(frozen=True)
class Level:
    """One degree of agreement: its words for a practitioner, its SQL, its Python test."""

    label: str
    sql: str
    test: Test
    term_frequency: str = ""  # the column whose value's frequency adjusts this level's weight


@dataclass(frozen=True)
class Comparison:
    """One field's comparison: when it cannot be made, then its levels from strongest down."""

    name: str
    title: str
    missing_sql: str
    missing: Test
    levels: tuple[Level, ...]
    otherwise: str

    def level_of(self, left: Features, right: Features) -> int:
        """0 when the field is missing on either side, then 1.. for the levels, last for none."""
        if self.missing(left, right):
            return 0
        for index, level in enumerate(self.levels, start=1):
            if level.test(left, right):
                return index
        return len(self.levels) + 1

    def label_of(self, index: int) -> str:
        if index == 0:
            return f"{self.title} not known on one record or both"
        if index > len(self.levels):
            return self.otherwise
        return self.levels[index - 1].label

    def splink_comparison(self) -> dict[str, Any]:
        """This comparison in Splink's settings format."""
        missing = {"sql_condition": self.missing_sql, "label_for_charts": "missing"}
        levels: list[dict[str, Any]] = [missing | {"is_null_level": True}]
        for level in self.levels:
            entry: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.label}
            if level.term_frequency:
                entry |= {
                    "tf_adjustment_column": level.term_frequency,
                    "tf_adjustment_weight": 1.0,
                }
            levels.append(entry)
        levels.append({"sql_condition": "ELSE", "label_for_charts": self.otherwise})
        return {"output_column_name": self.name, "comparison_levels": levels}


def _either_missing(column: str) -> str:
    return f'"{column}_l" IS NULL OR "{column}_r" IS NULL'


def short_form(left: Features, right: Features) -> bool:
    """One given name is a short form of the other: by the nickname table, or as its start."""
    if not left.given_groups.isdisjoint(right.given_groups):
        return True
    shorter, longer = sorted((left.given, right.given), key=len)
    return len(shorter) >= SHORTEST_PREFIX and longer.startswith(shorter)


def names_swapped(left: Features, right: Features) -> bool:
    """The given name and surname entered in each other's places on one of the records."""
    return bool(left.given and left.family) and (left.given, left.family) == (
        right.family,
        right.given,
    )


SWAPPED_SQL = '"given_l" = "family_r" AND "family_l" = "given_r"'


def born_when_due(left: Features, right: Features) -> bool:
    """One record is of a child not yet born, the other born (or due) within four weeks of it."""
    for unborn, other in ((left, right), (right, left)):
        when = other.date_of_birth or other.due_date
        if unborn.due_date and when and abs((when - unborn.due_date).days) <= DUE_DATE_DAYS:
            return True
    return False


BORN_WHEN_DUE_SQL = " OR ".join(
    f"abs(date_diff('day', \"due_date_{a}\", "
    f'coalesce("date_of_birth_{b}", "due_date_{b}"))) <= {DUE_DATE_DAYS}'
    for a, b in (("l", "r"), ("r", "l"))
)


def _both_born(left: Features, right: Features) -> bool:
    return left.date_of_birth is not None and right.date_of_birth is not None


def transposed(left: date, right: date) -> bool:
    return (left.year, left.month, left.day) == (right.year, right.day, right.month)


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        name="given_name",
        title="Given name",
        missing_sql=_either_missing("given"),
        missing=lambda a, b: not (a.given and b.given),
        levels=(
            Level(
                "the same given name",
                '"given_l" = "given_r"',
                lambda a, b: a.given == b.given,
                term_frequency="given",
            ),
            Level(
                "the given name and surname recorded the other way round",
                SWAPPED_SQL,
                names_swapped,
            ),
            Level(
                "a short form of the same name",
                'list_has_any("given_groups_l", "given_groups_r") OR (least(length("given_l"), '
                f'length("given_r")) >= {SHORTEST_PREFIX} AND (starts_with("given_l", "given_r") '
                'OR starts_with("given_r", "given_l")))',
                short_form,
            ),
            Level(
                "given names that sound the same",
                '"given_sound_l" = "given_sound_r"',
                lambda a, b: bool(a.given_sound) and a.given_sound == b.given_sound,
            ),
            Level(
                "given names a typing slip apart",
                f'jaro_winkler_similarity("given_l", "given_r") >= {CLOSE}',
                lambda a, b: JaroWinkler.similarity(a.given, b.given) >= CLOSE,
            ),
            Level(
                "similar given names",
                f'jaro_winkler_similarity("given_l", "given_r") >= {SIMILAR}',
                lambda a, b: JaroWinkler.similarity(a.given, b.given) >= SIMILAR,
            ),
        ),
        otherwise="different given names",
    ),
    Comparison(
        name="family_name",
        title="Surname",
        missing_sql=_either_missing("family"),
        missing=lambda a, b: not (a.family and b.family),
        levels=(
            Level(
                "the same surname",
                '"family_l" = "family_r"',
                lambda a, b: a.family == b.family,
                term_frequency="family",
            ),
            Level(
                "the surname and given name recorded the other way round",
                SWAPPED_SQL,
                names_swapped,
            ),
            Level(
                "a surname in common (double-barrelled, changed, or an alias)",
                'list_has_any("family_parts_l", "family_parts_r")',
                lambda a, b: not a.family_parts.isdisjoint(b.family_parts),
            ),
            Level(
                "surnames a typing slip apart",
                f'jaro_winkler_similarity("family_l", "family_r") >= {CLOSE}',
                lambda a, b: JaroWinkler.similarity(a.family, b.family) >= CLOSE,
            ),
            Level(
                "similar surnames",
                f'jaro_winkler_similarity("family_l", "family_r") >= {SIMILAR}',
                lambda a, b: JaroWinkler.similarity(a.family, b.family) >= SIMILAR,
            ),
        ),
        otherwise="different surnames",
    ),
    Comparison(
        name="date_of_birth",
        title="Date of birth",
        missing_sql=(
            '("date_of_birth_l" IS NULL AND "due_date_l" IS NULL) '
            'OR ("date_of_birth_r" IS NULL AND "due_date_r" IS NULL)'
        ),
        missing=lambda a, b: (
            not ((a.date_of_birth or a.due_date) and (b.date_of_birth or b.due_date))
        ),
        levels=(
            Level(
                "the same date of birth",
                '"date_of_birth_l" = "date_of_birth_r"',
                lambda a, b: _both_born(a, b) and a.date_of_birth == b.date_of_birth,
            ),
            Level(
                "the same date of birth with day and month swapped",
                'year("date_of_birth_l") = year("date_of_birth_r") '
                'AND month("date_of_birth_l") = day("date_of_birth_r") '
                'AND day("date_of_birth_l") = month("date_of_birth_r")',
                lambda a, b: (
                    _both_born(a, b) and transposed(a.date_of_birth, b.date_of_birth)  # type: ignore[arg-type]
                ),
            ),
            Level(
                "dates of birth one digit apart",
                'levenshtein("dob_text_l", "dob_text_r") <= 1',
                lambda a, b: (
                    _both_born(a, b)
                    and Levenshtein.distance(
                        a.date_of_birth.isoformat(),  # type: ignore[union-attr]
                        b.date_of_birth.isoformat(),  # type: ignore[union-attr]
                    )
                    <= 1
                ),
            ),
            Level(
                "born within four weeks of the due date recorded before the birth",
                BORN_WHEN_DUE_SQL,
                born_when_due,
            ),
        ),
        otherwise="different dates of birth",
    ),
    Comparison(
        name="address",
        title="Address",
        missing_sql=f"({_either_missing('postcode')}) AND ({_either_missing('address')})",
        missing=lambda a, b: not (a.postcode and b.postcode) and not (a.address and b.address),
        levels=(
            Level(
                "the same address",
                '"postcode_l" = "postcode_r" AND "address_l" = "address_r"',
                lambda a, b: (
                    bool(a.address and a.postcode)
                    and (a.postcode, a.address) == (b.postcode, b.address)
                ),
            ),
            Level(
                "the same postcode",
                '"postcode_l" = "postcode_r"',
                lambda a, b: bool(a.postcode) and a.postcode == b.postcode,
            ),
            Level(
                "the same first line of the address, without the same postcode",
                '"address_l" = "address_r"',
                lambda a, b: bool(a.address) and a.address == b.address,
            ),
            Level(
                "postcodes in the same district",
                '"district_l" = "district_r"',
                lambda a, b: bool(a.district) and a.district == b.district,
            ),
            Level(
                "postcodes a typing slip apart",
                'damerau_levenshtein("postcode_l", "postcode_r") <= 1',
                lambda a, b: (
                    bool(a.postcode and b.postcode)
                    and DamerauLevenshtein.distance(a.postcode, b.postcode) <= 1
                ),
            ),
        ),
        otherwise="different addresses",
    ),
    Comparison(
        name="sex",
        title="Sex",
        missing_sql=_either_missing("sex"),
        missing=lambda a, b: not (a.sex and b.sex),
        levels=(Level("the same sex", '"sex_l" = "sex_r"', lambda a, b: a.sex == b.sex),),
        otherwise="a different sex recorded",
    ),
    Comparison(
        name="nhs_number",
        title="NHS number",
        missing_sql=_either_missing("nhs_number"),
        missing=lambda a, b: not (a.nhs_number and b.nhs_number),
        levels=(
            Level(
                "the same valid NHS number",
                '"nhs_number_l" = "nhs_number_r"',
                lambda a, b: a.nhs_number == b.nhs_number,
            ),
        ),
        otherwise="different valid NHS numbers",
    ),
)
