"""`frontdoor ingest` killed in the middle of a batch loses nothing and leaves nothing half-done.

The file is taken in by a process that is killed (SIGKILL: no clean-up of any kind) while a batch
is being processed, then `frontdoor process` finishes what it stored, and the same file is sent
again, several times over. The end state is compared with the same file taken in without a kill.
"""

import subprocess
import time
from pathlib import Path

from .conftest import (
    COMMAND_SECONDS,
    PROJECT_DIR,
    frontdoor,
    frontdoor_command,
    frontdoor_env,
    query,
)

BATCH_SIZE = "50"
KILLS = 4
POLL_SECONDS = 0.002

RECEIVED = "SELECT count(*) FROM intake_inboxmessage WHERE status = 'received'"
# Every derived row, by the message it came from.
DERIVED = {
    "event": "chronology_event d JOIN intake_inboxmessage m ON m.id = d.message_id",
    "referral": "triage_referral d JOIN intake_inboxmessage m ON m.id = d.message_id",
    "source record": (
        "people_sourcerecord d JOIN intake_inboxmessage m ON m.id = d.first_message_id"
    ),
    "link decision": "people_linkdecision d JOIN intake_inboxmessage m ON m.id = d.message_id",
}


def _ingest(url: str, messages_file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        frontdoor_command("ingest", "--quiet", str(messages_file)),
        cwd=PROJECT_DIR,
        env=frontdoor_env(url, FRONTDOOR_INGEST_BATCH_SIZE=BATCH_SIZE),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_while_processing(ingest: subprocess.Popen[bytes], url: str) -> bool:
    """SIGKILL the ingest as soon as it has stored a batch it has not yet processed; False if
    it finished first."""
    deadline = time.monotonic() + COMMAND_SECONDS
    while ingest.poll() is None and time.monotonic() < deadline:
        if query(url, RECEIVED)[0][0]:
            ingest.kill()
            ingest.wait()
            return True
        time.sleep(POLL_SECONDS)
    assert ingest.wait(timeout=COMMAND_SECONDS) == 0, "ingest failed by itself"
    return False


def _messages(url: str) -> list[tuple[str, str, str]]:
    """Every inbox row's key and status, sorted: a message stored twice shows twice."""
    return sorted(query(url, "SELECT source, message_id, status FROM intake_inboxmessage"))


def _derived(url: str) -> dict[str, list[tuple[str, str]]]:
    """For each kind of derived row, the key of the message of each row, sorted."""
    return {
        kind: sorted(query(url, f"SELECT m.source, m.message_id FROM {rows}"))  # noqa: S608
        for kind, rows in DERIVED.items()
    }


def _half_done(url: str) -> dict[str, int]:
    """Derived rows whose message is not marked processed: a partial write."""
    return {
        kind: count
        for kind, rows in DERIVED.items()
        if (count := query(url, f"SELECT count(*) FROM {rows} WHERE m.status <> 'processed'")[0][0])  # noqa: S608
    }


def test_ingest_killed_mid_batch_then_finished_holds_each_message_once(
    hub_database: str, clean_database: str, messages_file: Path
) -> None:
    frontdoor(clean_database, "ingest", "--quiet", str(messages_file))
    expected_messages, expected_derived = _messages(clean_database), _derived(clean_database)
    assert len({(source, key) for source, key, _ in expected_messages}) == len(expected_messages)

    killed_mid_batch = 0
    for _ in range(KILLS):
        if not _kill_while_processing(_ingest(hub_database, messages_file), hub_database):
            break
        left = query(hub_database, RECEIVED)[0][0]
        killed_mid_batch += left > 0
        assert _half_done(hub_database) == {}
        finished = frontdoor(hub_database, "process").stdout
        assert finished.strip() == f"processed {left} pending messages"
        assert query(hub_database, RECEIVED)[0][0] == 0
    assert killed_mid_batch, "no kill landed between storing a batch and processing it"

    frontdoor(hub_database, "ingest", "--quiet", str(messages_file))
    assert _half_done(hub_database) == {}
    assert _messages(hub_database) == expected_messages
    assert _derived(hub_database) == expected_derived
