"""NHS numbers for synthetic people: valid modulus-11 numbers, unique per person, and mistypes.

Numbers are drawn from the 999 range, which the NHS reserves for testing and never issues, for as
long as the borough fits in it (900,000 people); beyond that from the wider 9 range.
"""

from __future__ import annotations

import random

_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
TEST_RANGE_CAPACITY = 100_000 * 9
WIDE_RANGE_CAPACITY = 10_000_000 * 9


def check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no number can end them (10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def is_valid(number: str) -> bool:
    """Whether ten characters are digits that pass the NHS modulus-11 check."""
    if len(number) != 10 or not number.isdigit():
        return False
    return check_digit(number[:9]) == int(number[9])


def capacity_for(people: int) -> int:
    """How big a number space to permute people into: the test range when they fit."""
    return TEST_RANGE_CAPACITY if people <= TEST_RANGE_CAPACITY else WIDE_RANGE_CAPACITY


def number_for(index: int, capacity: int) -> str:
    """The NHS number of the index-th slot, a bijection so no two slots share a number.

    Eight leading digits come from index // 9; of the ten possible ninth digits at most one gives
    an impossible check digit, so the (index % 9)-th of the others is used.
    """
    if not 0 <= index < capacity:
        raise ValueError(f"index {index} outside 0..{capacity - 1}")
    prefix_index, pick = divmod(index, 9)
    wide = capacity != TEST_RANGE_CAPACITY
    prefix = f"9{prefix_index:07d}" if wide else f"999{prefix_index:05d}"
    seen = 0
    for ninth in "0123456789":
        check = check_digit(prefix + ninth)
        if check is None:
            continue
        if seen == pick:
            return f"{prefix}{ninth}{check}"
        seen += 1
    raise AssertionError("unreachable: every prefix has at least nine valid endings")


def mistype(rng: random.Random, number: str) -> str:
    """The number with one of its first nine digits replaced: always fails the check."""
    position = rng.randrange(9)
    old = number[position]
    new = rng.choice([d for d in "0123456789" if d != old])
    return number[:position] + new + number[position + 1 :]
