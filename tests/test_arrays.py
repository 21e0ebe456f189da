"""On PostgreSQL a list of values is one array parameter, and finds what an IN list finds."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from frontdoor.intake.models import Channel, InboxMessage, Status

pytestmark = pytest.mark.django_db


def _messages(count: int) -> list[InboxMessage]:
    return [
        InboxMessage.objects.create(
            source="police",
            message_id=f"m-{number}",
            raw="{}",
            channel=Channel.FILE,
            received_at=datetime(2026, 7, 1, tzinfo=UTC),
        )
        for number in range(count)
    ]


def _array_sent(sql: str) -> bool:
    return "= ANY(" in sql


def test_a_list_of_values_finds_each_row_once_whatever_its_length_or_repeats() -> None:
    messages = _messages(3)
    ids = [m.pk for m in messages]

    for wanted in (ids[:1], ids, [*ids, *ids, None]):
        found = InboxMessage.objects.filter(pk__in=wanted).order_by("pk")
        assert [m.pk for m in found] == sorted({pk for pk in wanted if pk is not None})
        assert _array_sent(str(found.query)) == (connection.vendor == "postgresql")
    assert not InboxMessage.objects.filter(pk__in=[]).exists()
    assert not InboxMessage.objects.filter(pk__in=[None]).exists()


def test_text_and_related_ids_are_sent_as_arrays_too() -> None:
    first, second = _messages(2)
    second.corrects = first
    second.save()

    by_text = InboxMessage.objects.filter(message_id__in=["m-1", "absent"])
    by_relation = InboxMessage.objects.filter(corrects__in=[first])
    by_relation_id = InboxMessage.objects.filter(corrects_id__in=[first.pk])

    assert [m.pk for m in by_text] == [second.pk]
    assert [m.pk for m in by_relation] == [m.pk for m in by_relation_id] == [second.pk]
    for query in (by_text, by_relation, by_relation_id):
        assert _array_sent(str(query.query)) == (connection.vendor == "postgresql")


def test_a_subquery_stays_a_subquery() -> None:
    first, _ = _messages(2)
    first.status = Status.PROCESSED
    first.save()

    processed = InboxMessage.objects.filter(status=Status.PROCESSED).values("pk")
    query = InboxMessage.objects.filter(pk__in=processed)

    assert [m.pk for m in query] == [first.pk]
    assert not _array_sent(str(query.query))
