"""The bulk writes of the ingest path keep every value as the ORM would have written it."""

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from frontdoor.bulk import rows_add, rows_insert, rows_update, statistics_refresh
from frontdoor.intake.models import Channel, InboxMessage, Status
from frontdoor.people.models import LinkDecision, LinkMethod, Person, SourceRecord
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_times_and_json_values_are_written_and_read_back_unchanged() -> None:
    received = datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=LONDON)
    message = InboxMessage(
        source="police",
        message_id="m-1",
        raw="{}",
        received_at=received,
        channel=Channel.FILE,
        errors=["subjects[0].date_of_birth: '2099-01-01' is after occurred_at"],
    )
    rows_insert(InboxMessage, [message])
    stored = InboxMessage.objects.get(pk=message.pk)
    assert stored.received_at == received
    assert stored.errors == message.errors

    message.status, message.processed_at = Status.PROCESSED, datetime(2026, 7, 1, tzinfo=UTC)
    message.warnings = [{"field": "nhs_number", "values": {1: "kept, not used to link"}}]
    rows_update(InboxMessage, [message], ["status", "processed_at", "warnings"])
    stored = InboxMessage.objects.get(pk=message.pk)
    assert (stored.status, stored.processed_at) == (Status.PROCESSED, message.processed_at)
    # JSON object keys are text, whoever writes them.
    assert stored.warnings == [{"field": "nhs_number", "values": {"1": "kept, not used to link"}}]


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 7, 1, 9, 30, 15, 123456, tzinfo=LONDON),
        datetime(2026, 12, 1, 0, 0, tzinfo=LONDON),
        datetime(2026, 3, 29, 0, 59, 59, 1, tzinfo=UTC),
    ],
)
def test_a_moment_is_stored_as_the_orm_stores_it_so_it_is_found_by_it(moment: datetime) -> None:
    by_orm = InboxMessage.objects.create(
        source="police", message_id="m-1", raw="{}", channel=Channel.FILE, received_at=moment
    )
    in_bulk = InboxMessage(
        source="police", message_id="m-2", raw="{}", channel=Channel.FILE, received_at=moment
    )
    rows_insert(InboxMessage, [in_bulk])
    assert set(InboxMessage.objects.filter(received_at=moment).values_list("pk", flat=True)) == {
        by_orm.pk,
        in_bulk.pk,
    }


def test_plain_rows_are_written_as_model_instances_would_be_and_stamped() -> None:
    received = datetime(2026, 7, 1, 9, 30, tzinfo=LONDON)
    message = InboxMessage.objects.create(
        source="police", message_id="m-1", raw="{}", channel=Channel.FILE, received_at=received
    )
    person = Person.objects.create(given_name="Ada")
    record = SourceRecord.objects.create(
        agency=AgencyFactory(), person=person, first_message=message, last_seen_at=received
    )

    rows_add(
        LinkDecision,
        [
            SimpleNamespace(
                record_id=record.pk,
                person_id=person.pk,
                method=LinkMethod.NEW_PERSON,
                score=None,
                explanation={"match": "no record in the index was close enough to compare"},
                model_version=3,
                decided_by_id=None,
                message_id=message.pk,
            )
        ],
    )

    decision = LinkDecision.objects.get()
    assert (decision.record, decision.person, decision.message) == (record, person, message)
    assert decision.explanation == {"match": "no record in the index was close enough to compare"}
    assert (decision.method, decision.score, decision.model_version) == (
        LinkMethod.NEW_PERSON,
        None,
        3,
    )
    assert decision.decided_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_refresh_after_a_load_clears_the_old_versions_of_the_rows_it_wrote_again() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no old versions of rows")
    message = InboxMessage(source="police", message_id="m-1", raw="{}", channel=Channel.FILE)
    message.received_at = datetime(2026, 7, 1, tzinfo=UTC)
    rows_insert(InboxMessage, [message])
    message.status = Status.PROCESSED
    rows_update(InboxMessage, [message], ["status"])

    statistics_refresh(rewritten=[InboxMessage])

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT n_dead_tup, last_vacuum IS NOT NULL FROM pg_stat_user_tables "
            "WHERE relname = %s",
            [InboxMessage._meta.db_table],
        )
        assert cursor.fetchone() == (0, True)
