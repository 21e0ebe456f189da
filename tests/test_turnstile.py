"""The order in which SQLite's writers take their turns, with threads (as a web server's are)
and a process killed while it holds one; and the size of a bulk writer's batches, small while
prompt writers come."""

import fcntl
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection, transaction

from frontdoor.turnstile import GIVING_WAY_BATCH, Batch, Turnstile, write_turn

# Only a guard against a deadlock hanging the suite: a turn is never timed.
DEADLOCK_SECONDS = 30


@pytest.fixture
def turnstile(tmp_path: Path) -> Turnstile:
    return Turnstile(tmp_path / "hub.sqlite3")


def _lock_file(turnstile: Turnstile, role: str) -> Path:
    return turnstile.database.with_name(f"{turnstile.database.name}-{role}.lock")


def _waiting(turnstile: Turnstile, role: str) -> int:
    """How many writers are blocked, waiting for the lock file `role` (Linux's /proc/locks)."""
    inode = f":{_lock_file(turnstile, role).stat().st_ino} "
    return sum(
        1
        for line in Path("/proc/locks").read_text().splitlines()
        if " -> FLOCK " in line and inode in line
    )


def _until(condition: Callable[[], bool]) -> None:
    """Wait until another thread has reached a state, as the kernel's lock table shows it (or
    give up after a while, and the test's assertion fails)."""
    pause = threading.Event()
    for _ in range(DEADLOCK_SECONDS * 1000):
        if condition():
            return
        pause.wait(0.001)


def _run(*workers: Callable[[], None]) -> None:
    threads = [threading.Thread(target=worker, daemon=True) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLOCK_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "the writers deadlocked"


def test_a_prompt_writer_waiting_during_a_batch_writes_before_the_next(
    turnstile: Turnstile,
) -> None:
    order: list[str] = []
    batch_running = threading.Event()

    def bulk() -> None:
        with turnstile.bulk_turn():
            batch_running.set()
            # The request is through the gate, waiting in the queue for this batch to end.
            _until(lambda: _waiting(turnstile, "queue") == 1)
            order.append("batch 1")
        with turnstile.bulk_turn():
            order.append("batch 2")

    def prompt() -> None:
        batch_running.wait()
        with turnstile.prompt_turn():
            order.append("request")

    _run(bulk, prompt)
    assert order == ["batch 1", "request", "batch 2"]


def test_a_prompt_writer_waits_for_one_batch_while_two_bulk_writers_take_turns(
    turnstile: Turnstile,
) -> None:
    order: list[str] = []
    ingest_running = threading.Event()

    def ingest() -> None:
        with turnstile.bulk_turn():
            ingest_running.set()
            # The worker waits for its turn, and the request, behind it, for this batch.
            _until(lambda: _waiting(turnstile, "batch") == 1 and _waiting(turnstile, "queue") == 1)
            order.append("ingest's batch")

    def worker() -> None:
        ingest_running.wait()
        with turnstile.bulk_turn():
            order.append("worker's batch")

    def prompt() -> None:
        ingest_running.wait()
        _until(lambda: _waiting(turnstile, "batch") == 1)
        with turnstile.prompt_turn():
            order.append("request")

    _run(ingest, worker, prompt)
    assert order == ["ingest's batch", "request", "worker's batch"]


def test_two_bulk_writers_alternate(turnstile: Turnstile) -> None:
    order: list[str] = []
    ingest_running = threading.Event()

    def ingest() -> None:
        with turnstile.bulk_turn():
            ingest_running.set()
            _until(lambda: _waiting(turnstile, "batch") == 1)
            order.append("ingest's first batch")
        with turnstile.bulk_turn():
            order.append("ingest's second batch")

    def worker() -> None:
        ingest_running.wait()
        with turnstile.bulk_turn():
            order.append("worker's batch")

    _run(ingest, worker)
    assert order == ["ingest's first batch", "worker's batch", "ingest's second batch"]


def test_a_batch_waits_for_the_prompt_writer_writing(turnstile: Turnstile) -> None:
    order: list[str] = []
    writing = threading.Event()

    def prompt() -> None:
        with turnstile.prompt_turn():
            writing.set()
            # The bulk writer waits for the queue, which this request is in, to empty.
            _until(lambda: _waiting(turnstile, "queue") == 1)
            order.append("request")

    def bulk() -> None:
        writing.wait()
        with turnstile.bulk_turn():
            order.append("batch")

    _run(prompt, bulk)
    assert order == ["request", "batch"]


def test_prompt_writers_write_one_at_a_time(turnstile: Turnstile) -> None:
    order: list[str] = []
    first_writing = threading.Event()

    def first() -> None:
        with turnstile.prompt_turn():
            first_writing.set()
            # The second request waits for the pen this one holds.
            _until(lambda: _waiting(turnstile, "pen") == 1)
            order.append("first")

    def second() -> None:
        first_writing.wait()
        with turnstile.prompt_turn():
            order.append("second")

    _run(first, second)
    assert order == ["first", "second"]


def test_a_killed_bulk_writer_leaves_its_turn(turnstile: Turnstile) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from frontdoor.turnstile import Turnstile\n"
            f"with Turnstile(Path({str(turnstile.database)!r})).bulk_turn():\n"
            "    print('holding', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "holding\n"
    queue = os.open(_lock_file(turnstile, "queue"), os.O_RDONLY)
    with pytest.raises(BlockingIOError):
        fcntl.flock(queue, fcntl.LOCK_SH | fcntl.LOCK_NB)
    os.close(queue)
    holder.kill()
    holder.wait()
    order: list[str] = []

    def prompt() -> None:
        with turnstile.prompt_turn():
            order.append("request")

    _run(prompt)
    assert order == ["request"]


@pytest.mark.django_db
def test_a_turn_asked_for_within_a_turn_or_a_transaction_is_already_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("turns are taken on SQLite only")
    database = tmp_path / "hub.sqlite3"
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))
    order: list[str] = []

    def ingest() -> None:
        # Messages received within a batch: waiting there for a prompt turn would never end.
        with write_turn(bulk=True), write_turn():
            order.append("batch")

    def page() -> None:
        # On SQLite this transaction holds the write lock: another turn could only deadlock.
        with transaction.atomic(), write_turn():
            order.append("page")

    _run(ingest)
    _run(page)
    assert order == ["batch", "page"]
    assert not Turnstile(database).database.with_name("hub.sqlite3-pen.lock").exists()


def test_a_bulk_writer_takes_whole_batches_until_a_prompt_writer_comes(
    turnstile: Turnstile,
) -> None:
    first = turnstile.next_batch(500, after=None)
    assert turnstile.next_batch(500, after=first).size == first.size == 500


def test_a_prompt_writer_waiting_during_a_batch_makes_the_next_batch_small(
    turnstile: Turnstile,
) -> None:
    with turnstile.prompt_turn():
        pass
    sizes: list[int] = []
    batch_running = threading.Event()

    def bulk() -> None:
        quiet = turnstile.next_batch(500, after=Batch(250, turnstile.next_batch(500, None).mark))
        sizes.append(quiet.size)
        with turnstile.bulk_turn():
            batch_running.set()
            _until(lambda: _waiting(turnstile, "queue") == 1)
        sizes.append(turnstile.next_batch(500, after=quiet).size)

    def prompt() -> None:
        batch_running.wait()
        with turnstile.prompt_turn():
            pass

    _run(bulk, prompt)
    assert sizes == [500, GIVING_WAY_BATCH]


def test_batches_double_back_one_batch_at_a_time_while_no_prompt_writer_comes(
    turnstile: Turnstile,
) -> None:
    with turnstile.prompt_turn():
        pass
    batch = turnstile.next_batch(500, after=None)
    sizes = [batch.size]
    for _ in range(6):
        batch = turnstile.next_batch(500, after=batch)
        sizes.append(batch.size)
    with turnstile.prompt_turn():
        pass
    sizes.append(turnstile.next_batch(500, after=batch).size)
    assert sizes == [25, 50, 100, 200, 400, 500, 500, 25]
