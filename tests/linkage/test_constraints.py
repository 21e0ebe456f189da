"""The constraints no score overrides, on records as the matcher sees them."""

from datetime import date

import pytest

from frontdoor.linkage.comparisons import Features, features_of
from frontdoor.linkage.constraints import never_the_same

TODAY = date(2026, 11, 30)


def record(
    *,
    born: date | None = None,
    child_on: date | None = None,
    adult_on: date | None = None,
    **names: str,
) -> Features:
    return features_of(
        given_name=names.get("given", "Amy"),
        family_name=names.get("family", "Stone"),
        date_of_birth=born,
        postcode=names.get("postcode", "ZZ1 1AA"),
        sex="F",
        nhs_number=names.get("nhs", ""),
        child_on=child_on,
        adult_on=adult_on,
    )


def test_a_child_without_a_date_of_birth_is_judged_on_the_day_it_was_recorded() -> None:
    child_in_2016 = record(child_on=date(2016, 5, 1))
    # Born 2004: twelve in 2016, an adult now. The same person, grown up.
    assert never_the_same(child_in_2016, record(born=date(2004, 1, 1)), on=TODAY) == ""
    # Born 1990: already an adult in 2016.
    assert never_the_same(record(born=date(1990, 1, 1)), child_in_2016, on=TODAY) == (
        "one is a child and the other an adult"
    )


def test_an_adult_without_a_date_of_birth_is_judged_on_the_day_it_was_recorded() -> None:
    adult_in_2020 = record(adult_on=date(2020, 5, 1))
    # Born 2010: ten in 2020.
    assert never_the_same(adult_in_2020, record(born=date(2010, 1, 1)), on=TODAY) == (
        "one is a child and the other an adult"
    )
    # Born 2001: nineteen in 2020, and an adult since.
    assert never_the_same(record(born=date(2001, 1, 1)), adult_in_2020, on=TODAY) == ""


def test_recorded_as_a_child_after_being_recorded_as_an_adult_is_someone_else() -> None:
    adult_in_2020 = record(adult_on=date(2020, 5, 1))
    assert never_the_same(adult_in_2020, record(child_on=date(2021, 2, 1)), on=TODAY) == (
        "one is a child and the other an adult"
    )
    # A child in 2017 may be the adult of 2020: children grow up.
    assert never_the_same(record(child_on=date(2017, 2, 1)), adult_in_2020, on=TODAY) == ""


def test_a_date_of_birth_outweighs_the_part_a_record_was_made_in() -> None:
    dated = record(born=date(2001, 1, 1), child_on=date(2026, 1, 1))
    assert never_the_same(dated, record(adult_on=date(2020, 5, 1)), on=TODAY) == ""


def test_dates_of_birth_on_both_sides_are_compared_on_the_day() -> None:
    child, adult = record(born=date(2010, 1, 1)), record(born=date(1990, 1, 1))
    assert never_the_same(child, adult, on=TODAY) == "one is a child and the other an adult"
    assert never_the_same(child, record(born=date(2010, 1, 10)), on=TODAY) == ""


def test_dates_of_birth_a_typing_slip_apart_say_nothing_of_child_or_adult() -> None:
    # Seventeen by one, eighteen by the other: day and month swapped, or one digit mistyped.
    assert (
        never_the_same(record(born=date(2008, 9, 12)), record(born=date(2008, 12, 9)), on=TODAY)
        == ""
    )
    assert (
        never_the_same(record(born=date(2007, 5, 24)), record(born=date(2017, 5, 24)), on=TODAY)
        == ""
    )
    assert never_the_same(
        record(born=date(1990, 5, 24)), record(born=date(2017, 5, 24)), on=TODAY
    ) == ("one is a child and the other an adult")


def test_an_unborn_child_is_a_child_on_its_due_date() -> None:
    unborn = features_of(
        given_name="",
        family_name="Stone",
        date_of_birth=None,
        postcode="ZZ1 1AA",
        sex="",
        nhs_number="",
        due_date=date(2026, 6, 1),
    )
    assert never_the_same(unborn, record(born=date(1990, 1, 1)), on=TODAY)
    assert never_the_same(unborn, record(born=date(2026, 5, 30)), on=TODAY) == ""


def test_without_a_date_of_birth_or_a_child_on_either_side_nothing_is_known() -> None:
    assert never_the_same(record(), record(), on=TODAY) == ""


def test_two_different_valid_nhs_numbers_are_two_people() -> None:
    left, right = record(nhs="9434765919"), record(nhs="9434765870")
    assert never_the_same(left, right, on=TODAY) == "two different valid NHS numbers"


def test_twins_stay_apart_unless_they_share_a_valid_nhs_number() -> None:
    ava = record(born=date(2015, 3, 4), given="Ava")
    isla = record(born=date(2015, 3, 4), given="Isla")
    assert never_the_same(ava, isla, on=TODAY).startswith("twins")
    same_number = {"born": date(2015, 3, 4), "nhs": "9434765919"}
    assert (
        never_the_same(
            record(given="Ava", **same_number), record(given="Isla", **same_number), on=TODAY
        )
        == ""
    )


@pytest.mark.parametrize(
    ("short", "mistyped"),
    [("Meg", "Margarer"), ("Shell", "Michellle"), ("Thomas", "Tomm"), ("Alexander", "Xaner")],
)
def test_a_name_beside_another_form_of_it_mistyped_is_not_twins(short: str, mistyped: str) -> None:
    born = date(1982, 7, 2)
    assert (
        never_the_same(record(born=born, given=short), record(born=born, given=mistyped), on=TODAY)
        == ""
    )


def test_twins_whose_names_are_a_slip_apart_stay_twins() -> None:
    ava, eva = (record(born=date(2015, 3, 4), given=name) for name in ("Ava", "Eva"))
    assert never_the_same(ava, eva, on=TODAY).startswith("twins")


def test_two_children_born_apart_are_siblings_not_one_child() -> None:
    isabelle = record(born=date(2014, 10, 16), given="Isabelle", family="Mistry")
    isabella = record(born=date(2021, 7, 18), given="Isabella", family="Mistry")
    assert never_the_same(isabelle, isabella, on=TODAY) == (
        "two children with different dates of birth"
    )
    one_slip = record(born=date(2014, 10, 26), given="Isabelle", family="Mistry")
    assert never_the_same(isabelle, one_slip, on=TODAY) == ""
    adults = record(born=date(1980, 1, 1)), record(born=date(1984, 5, 5))
    assert never_the_same(*adults, on=TODAY) == ""
