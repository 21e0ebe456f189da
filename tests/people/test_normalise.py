"""Normal forms: the same name, postcode or address however an agency typed it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdoor.people.normalise import (
    address_key,
    normalise_name,
    normalise_postcode,
    phonetic_key,
)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("  O'Brien ", "obrien"),
        ("Smith-Jones", "smith jones"),
        ("ZOË", "zoe"),
        ("Mc Donald", "mc donald"),
    ],
)
def test_names(typed: str, normal: str) -> None:
    assert normalise_name(typed) == normal


def test_postcodes_ignore_case_and_spacing() -> None:
    assert normalise_postcode(" zz1  1aa") == normalise_postcode("ZZ11AA") == "ZZ11AA"


def test_addresses_spell_out_abbreviations_and_keep_numbers() -> None:
    assert address_key("Flat 59, Beacon Ct.", "fd3 2ty") == address_key(
        "Flat 59 Beacon Court", "FD3 2TY"
    )
    assert address_key("Flat 59 Beacon Court", "FD3 2TY") != address_key(
        "Flat 60 Beacon Court", "FD3 2TY"
    )


def test_sound_alike_surnames_share_a_phonetic_key() -> None:
    assert phonetic_key("Whitfield") == phonetic_key("Whitfeild")


@given(st.text())
def test_normal_forms_are_idempotent(text: str) -> None:
    assert normalise_name(normalise_name(text)) == normalise_name(text)
    assert normalise_postcode(normalise_postcode(text)) == normalise_postcode(text)


def test_an_address_needs_both_its_first_line_and_its_postcode() -> None:
    assert address_key("", "E1 6AN") == ""
    assert address_key("Flat 1", "") == ""


def test_a_name_in_another_script_is_kept() -> None:
    assert normalise_name("李 小龙") == "李 小龙"
    assert normalise_name("ΑΛΕΞ") == "αλεξ"
