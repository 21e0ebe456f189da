"""What no score overrides: pairs of records that are never one person.

Two different valid NHS numbers are two people. A child is never linked to an adult, nor to a
child born more than a typing slip and nine months apart. Twins (the
same surname, date of birth and home, different given names) stay apart, however alike the rest,
unless they have the same valid NHS number.
"""

from datetime import date

from rapidfuzz.distance import JaroWinkler

from .comparisons import COMPARISONS, SIMILAR, Features, short_form

ADULT_AGE = 18
SIBLING_GAP_DAYS = 270  # siblings other than twins are born at least this far apart
CHILD_AND_ADULT = "one is a child and the other an adult"


def is_child(born: date, on: date) -> bool:
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < ADULT_AGE


def child_and_adult_born(record: Features, born: date, *, on: date) -> bool:
    """The record is of a child and someone born on `born` is an adult, or the other way round:
    on `on` by the record's date of birth, or, for a record with none, on the day its agency
    recorded a child."""
    if record.date_of_birth:
        return is_child(record.date_of_birth, on) != is_child(born, on)
    return record.child_on is not None and not is_child(born, record.child_on)


def _child_and_adult(left: Features, right: Features, *, on: date) -> bool:
    """One record is of a child and the other of an adult on the same day."""
    return bool(
        (right.date_of_birth and child_and_adult_born(left, right.date_of_birth, on=on))
        or (left.date_of_birth and child_and_adult_born(right, left.date_of_birth, on=on))
    )


def _two_children_born_apart(left: Features, right: Features, *, on: date) -> bool:
    """Both children by their dates of birth, which differ beyond a typing slip and by more than
    the shortest gap between siblings: siblings, not one child, however alike their names."""
    if not (left.date_of_birth and right.date_of_birth):
        return False
    if not (is_child(left.date_of_birth, on) and is_child(right.date_of_birth, on)):
        return False
    if abs((left.date_of_birth - right.date_of_birth).days) < SIBLING_GAP_DAYS:
        return False
    born = next(c for c in COMPARISONS if c.name == "date_of_birth")
    return born.label_of(born.level_of(left, right)) == born.otherwise


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
        and left.given_sound != right.given_sound
        and JaroWinkler.similarity(left.given, right.given) < SIMILAR
    )


def never_the_same(left: Features, right: Features, *, on: date) -> str:
    """Why the two records can never be one person, in words; blank when they can be."""
    if left.nhs_number and right.nhs_number and left.nhs_number != right.nhs_number:
        return "two different valid NHS numbers"
    if _child_and_adult(left, right, on=on):
        return CHILD_AND_ADULT
    if _two_children_born_apart(left, right, on=on):
        return "two children with different dates of birth"
    if _twins(left, right):
        return "twins: the same surname, date of birth and home, but different given names"
    return ""
