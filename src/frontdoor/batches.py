"""Working through many items a batch at a time, where one bad item must not stop the rest."""

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from itertools import islice
from typing import TypeVar, cast

from django.db import connection

T = TypeVar("T")
R = TypeVar("R")
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


def worked_ahead(items: Iterable[T], work: Callable[[T], R]) -> Iterator[R]:
    """`work` done on each item, in order, by a thread of its own that keeps one item ahead of
    the caller: while the caller waits for its database, the thread's Python runs.

    The thread has a database connection of its own, closed when it ends; an error it meets is
    raised to the caller, and a caller that stops early stops it after the item under way.
    """
    done = object()
    results: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=1)
    stopping = threading.Event()

    def run() -> None:
        try:
            for item in items:
                if stopping.is_set():
                    return
                results.put((work(item), None))
            results.put((done, None))
        except BaseException as error:  # raised again in the caller's thread
            results.put((done, error))
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="worked-ahead", daemon=True)
    thread.start()
    try:
        while True:
            result, error = results.get()
            if error is not None:
                raise error
            if result is done:
                return
            yield cast(R, result)
    finally:
        stopping.set()
        with suppress(queue.Empty):
            results.get_nowait()
        thread.join()
