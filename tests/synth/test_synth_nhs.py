"""NHS numbers: valid modulus-11 numbers, unique per slot, and mistypes that always fail."""

from __future__ import annotations

import random

import pytest

from frontdoor.synth import nhs


def test_known_valid_and_invalid_numbers() -> None:
    assert nhs.is_valid("9434765919")
    assert not nhs.is_valid("9434765918")
    assert not nhs.is_valid("943476591")
    assert not nhs.is_valid("94347659x9")


def test_numbers_are_valid_unique_and_in_the_test_range() -> None:
    capacity = nhs.capacity_for(20_000)
    numbers = [nhs.number_for(i, capacity) for i in range(20_000)]
    assert len(set(numbers)) == len(numbers)
    assert all(nhs.is_valid(n) for n in numbers)
    assert all(n.startswith("999") for n in numbers)


def test_the_wide_range_is_used_beyond_the_test_range() -> None:
    capacity = nhs.capacity_for(nhs.TEST_RANGE_CAPACITY + 1)
    assert capacity == nhs.WIDE_RANGE_CAPACITY
    last = nhs.number_for(capacity - 1, capacity)
    assert nhs.is_valid(last)
    with pytest.raises(ValueError, match="outside"):
        nhs.number_for(capacity, capacity)


def test_a_mistype_always_fails_the_check() -> None:
    rng = random.Random(5)
    capacity = nhs.capacity_for(1000)
    for i in range(2000):
        number = nhs.number_for(i % 1000, capacity)
        wrong = nhs.mistype(rng, number)
        assert wrong != number
        assert sum(a != b for a, b in zip(wrong, number, strict=True)) == 1
        assert not nhs.is_valid(wrong)
