"""On SQLite, intake's long runs of writes (an ingest, the intake worker's recording and
deriving) take a small batch after an API request, and grow back batch by batch while none comes
(decision 25)."""

from pathlib import Path
from unittest import mock

import pytest
from django.db import connection

from frontdoor import turnstile
from frontdoor.intake import derivation, services
from frontdoor.intake.derivation import derivations_run
from frontdoor.intake.models import Channel
from frontdoor.intake.services import (
    Arriving,
    checked_messages_record,
    messages_ingest,
    messages_receive,
)
from tests.factories import message, raw

# Outside the test's transaction, as the ingest and the worker write: inside one, no turn is taken.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("agencies")]
WHOLE, GIVING_WAY = 4, 2


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings) -> Path:
    """A database file for the turns' lock files to stand beside (the suite's database may be in
    memory, where no turn is taken); batches of 4, or of 2 while prompt writers come."""
    if connection.vendor != "sqlite":
        pytest.skip("turns are taken on SQLite only")
    database = tmp_path / "hub.sqlite3"
    monkeypatch.setitem(connection.settings_dict, "NAME", str(database))
    monkeypatch.setattr(turnstile, "GIVING_WAY_BATCH", GIVING_WAY)
    settings.FRONTDOOR_INGEST_BATCH_SIZE = WHOLE
    return database


def test_an_ingest_takes_a_small_batch_after_an_api_request_then_grows_back(
    database: Path,
) -> None:
    sizes = []
    arriving = (Arriving(raw(message())) for _ in range(9))
    for batch, _ in messages_ingest(arriving, channel=Channel.FILE):
        sizes.append(len(batch))
        if len(sizes) == 1:
            messages_receive([raw(message())], channel=Channel.API)
    assert sizes == [WHOLE, GIVING_WAY, 3]


def test_the_intake_worker_takes_a_small_batch_after_an_api_request_then_grows_back(
    database: Path, settings
) -> None:
    settings.FRONTDOOR_INTAKE = derivation.WORKER
    # The API checks the messages and leaves them to the worker to record and derive.
    messages_receive([raw(message()) for _ in range(5)], channel=Channel.API, record=False)
    with (
        mock.patch.object(services, "_process_batch", wraps=services._process_batch) as records,
        mock.patch.object(derivation, "_derive", wraps=derivation._derive) as derives,
    ):
        assert checked_messages_record(skip=set()) == 5
        assert derivations_run() == 5
    # Recording reads 4 messages at a time: 2 in the batch after the request, the other 2 (of
    # 4 it may take now) in the next.
    assert [len(call.args[0]) for call in records.call_args_list] == [2, 2, 1]
    assert [len(call.args[0]) for call in derives.call_args_list] == [4, 1]
