"""Work done ahead of its caller by a thread of its own."""

import threading

import pytest

from frontdoor.batches import worked_ahead

pytestmark = pytest.mark.django_db


def test_each_item_is_worked_in_order_and_by_another_thread() -> None:
    threads: set[int] = set()

    def square(n: int) -> int:
        threads.add(threading.get_ident())
        return n * n

    assert list(worked_ahead(range(6), square)) == [0, 1, 4, 9, 16, 25]
    assert threads
    assert threading.get_ident() not in threads


def test_an_error_in_the_work_is_raised_to_the_caller_after_the_items_before_it() -> None:
    def fail_on_three(n: int) -> int:
        if n == 3:
            raise ValueError(f"item {n}")
        return n

    results = worked_ahead(range(6), fail_on_three)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="item 3"):
        next(results)


def test_a_caller_that_stops_early_stops_the_work_soon_after() -> None:
    taken = []

    def items():  # type: ignore[no-untyped-def]
        for n in range(1000):
            taken.append(n)
            yield n

    results = worked_ahead(items(), lambda n: n)
    assert next(results) == 0
    results.close()
    assert len(taken) <= 4  # the one returned, one waiting, one under way, one read
