"""The linkage benchmark's count of people holding a child's records beside an adult's."""

from datetime import date

from benchmarks.linkage import child_beside_adult

BORN = {
    "mother": date(1984, 12, 11),
    "daughter": date(2012, 7, 23),
    "amy": date(2001, 2, 16),
    "amy-namesake": date(2001, 2, 16),
    "dick": date(1999, 1, 5),
    "dick-namesake": date(1999, 5, 1),
}


def test_a_mother_and_her_daughter_are_a_child_beside_an_adult() -> None:
    records = [
        ("daughter", date(2016, 11, 7), date(2016, 11, 7)),
        ("mother", date(2017, 1, 27), date(2017, 1, 27)),
    ]
    assert child_beside_adult(records, BORN)


def test_two_people_born_the_same_day_are_never_a_child_beside_an_adult() -> None:
    records = [
        ("amy", date(2017, 2, 7), date(2017, 2, 11)),
        ("amy-namesake", date(2021, 9, 22), date(2021, 11, 1)),
    ]
    assert not child_beside_adult(records, BORN)


def test_two_adults_on_every_day_their_records_cover_are_not_counted() -> None:
    # Between 5 January and 1 May 2017 one was 18 and the other 17, before any record.
    records = [
        ("dick", date(2017, 10, 10), date(2017, 10, 10)),
        ("dick-namesake", date(2020, 10, 24), date(2020, 10, 24)),
    ]
    assert not child_beside_adult(records, BORN)
    assert child_beside_adult([*records, ("dick", date(2017, 3, 1), date(2017, 3, 1))], BORN)


def test_one_persons_records_alone_are_not_counted() -> None:
    records = [("daughter", date(2016, 11, 7), date(2031, 1, 1))]
    assert not child_beside_adult(records, BORN)
