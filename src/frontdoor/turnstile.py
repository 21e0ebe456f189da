"""SQLite's writers take turns: a bulk load gives way, between batches, to whoever waits.

SQLite lets one connection write at a time. The others poll for its lock, sleeping longer at
each try (up to 100 ms); a bulk writer that begins its next batch the moment it commits takes the
lock again before they wake, so an agency's request could wait for many batches (decision 24).
Here writers queue on file locks (`flock`) beside the database instead: the kernel wakes a
waiter as soon as the lock is released, and a process that dies releases its locks with it.

- A *prompt* writer (someone is waiting for its answer: an API request, a page sending a message)
  waits only for one batch, the one under way or already let in, and the prompt writers ahead
  of it.
- A *bulk* writer (an ingest, the intake worker) takes a turn for each batch, after every prompt
  writer that was waiting when the batch before it ended; bulk writers take their turns one
  after the other.

Five lock files do it. A prompt writer goes through the *gate* (shared) into the *queue*
(shared, held until it has written), then takes the *pen* (exclusive: one prompt writer at a
time). A bulk writer takes the *batch* (exclusive, until its batch ends: one bulk writer at a
time), closes the gate (exclusive), waits for the queue to empty (exclusive), opens the gate
again, and holds the queue while its batch runs; prompt writers arriving meanwhile hold the gate
as they wait, so the next batch cannot start before they have written. Only the holder of the
batch closes the gate, so no bulk writer can close it between a batch and the prompt writers
waiting for it. A bulk writer waiting for the batch holds the *line* (exclusive), so the one
whose batch has just ended waits behind it, and two bulk writers alternate (decision 25).

A prompt writer still waits for the batch under way, so while prompt writers come, batches are
small (decision 25): each prompt writer touches the pen as it arrives, and a bulk writer that
finds the pen touched since its last batch takes a small batch, and otherwise twice its last
(`bulk_batches`).

On PostgreSQL, whose writers lock rows and not the database, and for an in-memory SQLite
database, a turn is nothing. Nor is it inside a transaction: on SQLite that transaction already
holds the write lock, and waiting for a turn while holding it could deadlock.
"""

import fcntl
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.creation import DatabaseCreation

T = TypeVar("T")
# A bulk writer's batch after a prompt writer has come; it doubles for each batch after which
# none has, up to FRONTDOOR_INGEST_BATCH_SIZE.
GIVING_WAY_BATCH = 25

# Whether this thread holds a turn: a turn asked for within another is part of it.
_held = threading.local()
# This thread's last bulk batch on each database, which its next one there follows.
_last_batches = threading.local()


@dataclass(frozen=True)
class Batch:
    """A bulk writer's batch as it was sized: how many items it may hold, and the pen's mark
    then (its modification time; None before any prompt writer came)."""

    size: int
    mark: int | None


@dataclass(frozen=True)
class Turnstile:
    """The lock files that order the writers of one SQLite database."""

    database: Path

    @contextmanager
    def prompt_turn(self) -> Iterator[None]:
        """Write as soon as the batch under way, and any prompt writer ahead, has finished."""
        with ExitStack() as stack:
            pen = stack.enter_context(_opened(self._file("pen")))
            _mark(pen)
            gate = stack.enter_context(_opened(self._file("gate")))
            fcntl.flock(gate, fcntl.LOCK_SH)
            fcntl.flock(stack.enter_context(_opened(self._file("queue"))), fcntl.LOCK_SH)
            fcntl.flock(gate, fcntl.LOCK_UN)
            fcntl.flock(pen, fcntl.LOCK_EX)
            yield

    @contextmanager
    def bulk_turn(self) -> Iterator[None]:
        """Write one batch, after any other bulk writer's batch under way or asked for first,
        and once every prompt writer waiting when the gate closed has written."""
        with ExitStack() as stack:
            batch = stack.enter_context(_opened(self._file("batch")))
            with _opened(self._file("line")) as line:
                fcntl.flock(line, fcntl.LOCK_EX)
                fcntl.flock(batch, fcntl.LOCK_EX)
            queue = stack.enter_context(_opened(self._file("queue")))
            with _opened(self._file("gate")) as gate:
                fcntl.flock(gate, fcntl.LOCK_EX)
                fcntl.flock(queue, fcntl.LOCK_EX)
            yield

    def next_batch(self, largest: int, after: Batch | None) -> Batch:
        """The bulk batch to follow `after` (None for a writer's first): `GIVING_WAY_BATCH`
        items if a prompt writer has come since `after` was sized, else twice as many as
        `after`, never more than `largest`; `largest` while no prompt writer has ever come.

        The pen's mark is compared, not the clock: prompt writers that wait through a long
        batch make no new mark, but the one they made on arriving is still new to the next."""
        try:
            mark = self._file("pen").stat().st_mtime_ns
        except FileNotFoundError:
            return Batch(largest, None)
        if after is None or mark != after.mark:
            return Batch(min(largest, GIVING_WAY_BATCH), mark)
        return Batch(min(largest, 2 * after.size), mark)

    def _file(self, role: str) -> Path:
        return self.database.with_name(f"{self.database.name}-{role}.lock")


def _mark(pen: int) -> None:
    """Say that a prompt writer has come: set the pen's modification time to the clock's time,
    finer than the kernel's own stamp, so that two writers even a moment apart leave two marks.
    Only the pen's owner (the web server, which makes it) may; another leaves no mark, and the
    batches keep their size for it, as they did before decision 25."""
    now = time.time_ns()
    with suppress(PermissionError):
        os.utime(pen, ns=(now, now))


@contextmanager
def _opened(path: Path) -> Iterator[int]:
    """The lock file, opened for this turn alone: `flock` excludes any other opening of it, even
    by another thread of the same process, and closing it releases the lock. Reading is all
    `flock` needs, so the web server's user and an operator's can share the files; only prompt
    writers (the web server) touch the pen."""
    descriptor = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _turnstile() -> Turnstile | None:
    """The turnstile this thread must pass to write now, if any: on a SQLite file, outside any
    transaction, when it holds no turn already."""
    database = connection.settings_dict["NAME"]
    if (
        connection.vendor != "sqlite"
        or connection.in_atomic_block
        or DatabaseCreation.is_in_memory_db(database)
        or getattr(_held, "turn", False)
    ):
        return None
    return Turnstile(Path(database))


def bulk_batch_size() -> int:
    """How many items this thread's next batch of a long run of writes should hold: on SQLite,
    fewer while prompt writers come (`Turnstile.next_batch`); otherwise, or within a turn
    (where giving way is not this thread's to do), `FRONTDOOR_INGEST_BATCH_SIZE`."""
    largest = int(settings.FRONTDOOR_INGEST_BATCH_SIZE)
    turnstile = _turnstile()
    if turnstile is None:
        return largest
    if not hasattr(_last_batches, "by_database"):
        _last_batches.by_database = {}
    last: dict[Path, Batch] = _last_batches.by_database
    batch = turnstile.next_batch(largest, after=last.get(turnstile.database))
    last[turnstile.database] = batch
    return batch.size


def bulk_batches(items: Iterable[T]) -> Iterator[list[T]]:
    """The items in batches for a bulk writer, each sized by `bulk_batch_size` as it is taken;
    lazily, so a batch is sized just before its turn."""
    iterator = iter(items)
    for first in iterator:
        yield [first, *islice(iterator, bulk_batch_size() - 1)]


@contextmanager
def write_turn(*, bulk: bool = False) -> Iterator[None]:
    """Wait for this thread's turn to write, and hold it for the block.

    A prompt turn (the default) is for writes someone is waiting for; a `bulk` turn is for one
    batch of a long run of writes (an ingest's, the intake worker's), and gives way to them.
    """
    turnstile = _turnstile()
    if turnstile is None:
        yield
        return
    with turnstile.bulk_turn() if bulk else turnstile.prompt_turn():
        _held.turn = True
        try:
            yield
        finally:
            _held.turn = False
