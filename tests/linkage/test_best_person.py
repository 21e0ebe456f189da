"""The matcher's choice of person: the best record's score, among people no constraint bars."""

from datetime import date

from frontdoor.linkage.constraints import Stage
from frontdoor.linkage.index import Indexed
from frontdoor.linkage.matcher import best_person
from frontdoor.linkage.weights import UNTRAINED
from tests.linkage.test_constraints import TODAY, record

ADULT_PERSON, OTHER_PERSON = 7, 8


def born_as_held(person_id: int) -> Stage:
    return Stage(born=date(1990, 4, 2)) if person_id == ADULT_PERSON else Stage()


def test_a_child_is_not_joined_to_a_person_another_record_says_is_an_adult() -> None:
    # The only record found for the person has no date of birth; the person's does.
    found = [Indexed(ADULT_PERSON, record(), ())]
    best = best_person(
        UNTRAINED, record(child_on=date(2026, 3, 1)), found, on=TODAY, stage=born_as_held
    )
    assert best.person_id is None
    assert best.held_apart == "one is a child and the other an adult"


def test_a_child_is_joined_to_the_best_person_not_barred() -> None:
    found = [Indexed(ADULT_PERSON, record(), ()), Indexed(OTHER_PERSON, record(), ())]
    child = record(born=date(2015, 6, 1))
    best = best_person(UNTRAINED, child, found, on=TODAY, stage=born_as_held)
    assert best.person_id == OTHER_PERSON


def test_a_person_without_a_date_of_birth_bars_no_one() -> None:
    found = [Indexed(OTHER_PERSON, record(), ())]
    best = best_person(
        UNTRAINED, record(born=date(2015, 6, 1)), found, on=TODAY, stage=born_as_held
    )
    assert best.person_id == OTHER_PERSON


def test_a_child_is_not_joined_to_a_person_recorded_as_an_adult_without_a_date_of_birth() -> None:
    # Neither the record found nor the person has a date of birth; another record of the
    # person's, not found, was made in an adult's part in 2020.
    found = [Indexed(OTHER_PERSON, record(), ())]
    best = best_person(
        UNTRAINED,
        record(born=date(2015, 6, 1)),
        found,
        on=TODAY,
        stage=lambda _: Stage(adult_on=date(2020, 1, 1)),
    )
    assert best.person_id is None
    assert best.held_apart == "one is a child and the other an adult"
