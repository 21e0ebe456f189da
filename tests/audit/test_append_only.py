"""The audit trail can be added to and read, never changed or removed: in code on every database,
and on PostgreSQL by a trigger as well, so not even SQL run beside the code can rewrite it."""

import pytest
from django.db import IntegrityError, connection, transaction

from frontdoor.audit.models import AccessLog, AppendOnlyError, AuditEvent
from frontdoor.audit.services import access_record, audit_record


@pytest.fixture
def trail(front_door_user) -> tuple[AccessLog, AuditEvent]:
    access_record(user=front_door_user, person_ids=[7], purpose="person_page", route="front_door")
    event = audit_record(actor=front_door_user, action="alert.close")
    return AccessLog.objects.get(), event


def test_a_row_of_the_trail_cannot_be_saved_again(trail) -> None:
    read, event = trail
    read.purpose = "nothing to see"
    with pytest.raises(AppendOnlyError, match="AccessLog is append-only: update refused"):
        read.save()
    event.action = "tidy"
    with pytest.raises(AppendOnlyError, match="AuditEvent is append-only: update refused"):
        event.save()


@pytest.mark.parametrize("model", [AccessLog, AuditEvent])
def test_the_trail_refuses_every_update_and_delete_the_code_offers(trail, model) -> None:
    row = model.objects.get()
    attempts = {
        "delete": [row.delete, model.objects.all().delete],
        "update": [
            lambda: model.objects.filter(pk=row.pk).update(at=row.at),
            lambda: model.objects.bulk_update([row], ["at"]),
        ],
    }
    for refused, calls in attempts.items():
        for call in calls:
            with pytest.raises(AppendOnlyError, match=f"{refused} refused"), transaction.atomic():
                call()
    assert model.objects.filter(pk=row.pk, at=row.at).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    ("table", "column"), [("audit_accesslog", "purpose"), ("audit_auditevent", "action")]
)
def test_postgresql_refuses_sql_that_would_rewrite_the_trail(trail, table, column) -> None:
    for sql in (f"UPDATE {table} SET {column} = 'rewritten'", f"DELETE FROM {table}"):  # noqa: S608
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} <> 'rewritten'")  # noqa: S608
        assert cursor.fetchone() == (1,)
