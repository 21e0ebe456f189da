"""Working through many items a batch at a time, where one bad item must not stop the rest."""

import time
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
ATTEMPTS = 3


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of `size` (the last may be shorter), lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def halving_apply(batch: list[T], work: Callable[[list[T]], None]) -> list[tuple[T, Exception]]:
    """Do `work` on the batch; if it fails, on each half, down to single items.

    A single item that still fails is tried again (another writer may have been in the way).
    Returns the items that failed every time, each with its last error; the rest were done.
    """
    if len(batch) > 1:
        try:
            work(batch)
        except Exception:
            middle = len(batch) // 2
            return halving_apply(batch[:middle], work) + halving_apply(batch[middle:], work)
        return []
    for attempt in range(1, ATTEMPTS + 1):
        try:
            work(batch)
            return []
        except Exception as error:
            if attempt == ATTEMPTS:
                return [(batch[0], error)]
            time.sleep(0.05 * attempt)
    return []
