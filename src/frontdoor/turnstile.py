"""SQLite's writers take turns: a bulk load gives way, between batches, to whoever waits.

SQLite lets one connection write at a time. The others poll for its lock, sleeping longer at
each try (up to 100 ms); a bulk writer that begins its next batch the moment it commits takes the
lock again before they wake, so an agency's request could wait for many batches (decision 24).
Here writers queue on file locks (`flock`) beside the database instead: the kernel wakes a
waiter as soon as the lock is released, and a process that dies releases its locks with it.

- A *prompt* writer (someone is waiting for its answer: an API request, a page sending a message)
  waits only for the batches already let in (at most one of each bulk writer's) and the prompt
  writers ahead of it.
- A *bulk* writer (an ingest, the intake worker) takes a turn for each batch, after every prompt
  writer that was waiting when the batch before it ended.

Three lock files do it. A prompt writer goes through the *gate* (shared) into the *queue*
(shared, held until it has written), then takes the *pen* (exclusive: one prompt writer at a
time). A bulk writer closes the gate (exclusive), waits for the queue to empty (exclusive),
opens the gate again, and holds the queue while its batch runs; prompt writers arriving
meanwhile hold the gate as they wait, so the next batch cannot start before they have written.

On PostgreSQL, whose writers lock rows and not the database, and for an in-memory SQLite
database, a turn is nothing. Nor is it inside a transaction: on SQLite that transaction already
holds the write lock, and waiting for a turn while holding it could deadlock.
"""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.backends.sqlite3.creation import DatabaseCreation

# Whether this thread holds a turn: a turn asked for within another is part of it.
_held = threading.local()


@dataclass(frozen=True)
class Turnstile:
    """The lock files that order the writers of one SQLite database."""

    database: Path

    @contextmanager
    def prompt_turn(self) -> Iterator[None]:
        """Write as soon as the batch under way, and any prompt writer ahead, has finished."""
        with ExitStack() as stack:
            gate = stack.enter_context(_opened(self._file("gate")))
            fcntl.flock(gate, fcntl.LOCK_SH)
            fcntl.flock(stack.enter_context(_opened(self._file("queue"))), fcntl.LOCK_SH)
            fcntl.flock(gate, fcntl.LOCK_UN)
            fcntl.flock(stack.enter_context(_opened(self._file("pen"))), fcntl.LOCK_EX)
            yield

    @contextmanager
    def bulk_turn(self) -> Iterator[None]:
        """Write one batch, once every prompt writer waiting when it was asked for has written."""
        with _opened(self._file("queue")) as queue:
            with _opened(self._file("gate")) as gate:
                fcntl.flock(gate, fcntl.LOCK_EX)
                fcntl.flock(queue, fcntl.LOCK_EX)
            yield

    def _file(self, role: str) -> Path:
        return self.database.with_name(f"{self.database.name}-{role}.lock")


@contextmanager
def _opened(path: Path) -> Iterator[int]:
    """The lock file, opened for this turn alone: `flock` excludes any other opening of it, even
    by another thread of the same process, and closing it releases the lock. Reading is all
    `flock` needs, so the web server's user and an operator's can share the files."""
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
