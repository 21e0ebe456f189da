"""What no score overrides: pairs of records that are never one person.

Two different valid NHS numbers are two people. A child is never linked to an adult, nor to a
child born more than a typing slip and nine months apart. Twins (the
same surname, date of birth and home, different given names) stay apart, however alike the rest,
unless they have the same valid NHS number. Two subjects of one message are two people: an agency
names each person once in a message (ADR 29); the matcher and the re-link hold them apart by the
messages they came in, not by their details, so that is not a test of two records here.
"""

from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

from .comparisons import SIMILAR, Features, short_form, transposed
from .names import recorded_forms

ADULT_AGE = 18
SHORTEST_SLIPPED_NAME = 4  # "Margarer" for Margaret: long enough that one slip leaves it clear
SIBLING_GAP_DAYS = 270  # siblings other than twins are born at least this far apart
CHILD_AND_ADULT = "one is a child and the other an adult"
NAMED_TOGETHER = "one message names them as two people"


def is_child(born: date, on: date) -> bool:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < ADULT_AGE


@dataclass(frozen=True)
class Stage:
    """What records say about when someone was a child and when an adult.

    `born` is a date of birth; `child_on` a day an agency recorded them as a child (in a child's
    part, or as a child not yet born) and `adult_on` a day one recorded them as an adult (in an
    adult's part), both from records without a date of birth: a record's date of birth outweighs
    its part. For a person, the latest day recorded a child and the earliest recorded an adult,
    the days that say most: a child on one day was a child on every day before, and an adult on
    one day is an adult on every day after.
    """

    born: date | None = None
    child_on: date | None = None
    adult_on: date | None = None

    @classmethod
    def of(cls, record: Features) -> "Stage":
        if record.date_of_birth:
            return cls(born=record.date_of_birth)
        return cls(child_on=record.child_on, adult_on=record.adult_on)

    def widened(self, record: Features) -> "Stage":
        """This person's stage with what one more record of theirs says of their parts."""
        other = Stage.of(record)
        return Stage(
            born=self.born,
            child_on=max(filter(None, (self.child_on, other.child_on)), default=None),
            adult_on=min(filter(None, (self.adult_on, other.adult_on)), default=None),
        )


def _stage_clashes(left: Stage, right: Stage, *, on: date) -> bool:
    """Left's date of birth against everything right says, and left recorded as a child on or
    after a day right was recorded as an adult."""
    if left.born:
        if (
            right.born
            and not _a_slip_apart(left.born, right.born)
            and is_child(left.born, on) != is_child(right.born, on)
        ):
            return True
        if right.child_on and not is_child(left.born, right.child_on):
            return True
        if right.adult_on and is_child(left.born, right.adult_on):
            return True
    return bool(left.child_on and right.adult_on and right.adult_on <= left.child_on)


def _a_slip_apart(left: date, right: date) -> bool:
    """The same date of birth as far as a typing slip goes: the same, day and month swapped, or
    one digit apart. Which is right is not known, so neither says child or adult against the
    other (a child of 17 on one, 18 on the other, is one child)."""
    return (
        left == right
        or transposed(left, right)
        or Levenshtein.distance(left.isoformat(), right.isoformat()) <= 1
    )


def child_and_adult(left: Stage, right: Stage, *, on: date) -> bool:
    """One is a child and the other an adult: by both dates of birth on `on` (unless a typing
    slip apart); by one date of birth on the day the other was recorded as a child or as an
    adult; or by one recorded as a child on or after the day the other was recorded as an
    adult."""
    return _stage_clashes(left, right, on=on) or _stage_clashes(right, left, on=on)


def _two_children_born_apart(left: Features, right: Features, *, on: date) -> bool:
    """Both children by their dates of birth, which differ beyond a typing slip and by more than
    the shortest gap between siblings: siblings, not one child, however alike their names."""
    if not (left.date_of_birth and right.date_of_birth):
        return False
    if not (is_child(left.date_of_birth, on) and is_child(right.date_of_birth, on)):
        return False
    if abs((left.date_of_birth - right.date_of_birth).days) < SIBLING_GAP_DAYS:
        return False
    return not _a_slip_apart(left.date_of_birth, right.date_of_birth)


def _a_slip_of_another_form(left: Features, right: Features) -> bool:
    """One given name is a typing slip of a name the other may be recorded as, the full name it
    stands for or another short form of it ("Meg" and "Margarer", "Thomas" and "Tomm"): one
    person's records, not twins'."""
    return any(
        DamerauLevenshtein.distance(form, other.given) <= 1
        for one, other in ((left, right), (right, left))
        if len(other.given) >= SHORTEST_SLIPPED_NAME
        for form in recorded_forms(one.given_groups) - {one.given}
    )


def _twins(left: Features, right: Features) -> bool:
    return (
        not (left.nhs_number and left.nhs_number == right.nhs_number)
        and left.date_of_birth is not None
        and left.date_of_birth == right.date_of_birth
        and not left.family_parts.isdisjoint(right.family_parts)
        and bool(left.postcode)
        and left.postcode == right.postcode
        and bool(left.given and right.given)
        and not short_form(left, right)
        and not _a_slip_of_another_form(left, right)
        and left.given_sound != right.given_sound
        and JaroWinkler.similarity(left.given, right.given) < SIMILAR
    )


def never_the_same(left: Features, right: Features, *, on: date) -> str:
    """Why the two records can never be one person, in words; blank when they can be."""
    if left.nhs_number and right.nhs_number and left.nhs_number != right.nhs_number:
        return "two different valid NHS numbers"
    if child_and_adult(Stage.of(left), Stage.of(right), on=on):
        return CHILD_AND_ADULT
    if _two_children_born_apart(left, right, on=on):
        return "two children with different dates of birth"
    if _twins(left, right):
        return "twins: the same surname, date of birth and home, but different given names"
    return ""
