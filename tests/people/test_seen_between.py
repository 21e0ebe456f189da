"""When a relationship and an address were first and last reported, whatever order the
messages come in: the earliest report with its message, and the latest."""

from datetime import datetime

import pytest
from django.utils import timezone

from frontdoor.intake.models import Channel, InboxMessage
from frontdoor.intake.services import messages_receive
from frontdoor.people.models import Relationship, Residence
from tests.factories import message, raw, subject

pytestmark = pytest.mark.usefixtures("agencies")

HOME = {"line1": "4 Ash Grove", "postcode": "ZZ1 1AA"}


def incident(number: int, occurred_at: str) -> str:
    return raw(
        message(
            message_id=f"seen-{number}",
            occurred_at=occurred_at,
            subjects=[
                subject("v", "victim", source_person_id="V", given_name="Rhea", address=HOME),
                subject("c", "child", source_person_id="C", given_name="Ivo", address=HOME),
            ],
            relationships=[{"from": "v", "to": "c", "type": "parent"}],
        )
    )


def receive(*messages: str) -> None:
    outcomes = messages_receive(list(messages), channel=Channel.FILE)
    assert {o.status for o in outcomes} == {"accepted"}, [o.errors for o in outcomes]


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def spans() -> set[tuple[datetime, str, datetime]]:
    ids = dict(InboxMessage.objects.values_list("pk", "message_id"))
    rows = [*Residence.objects.all(), *Relationship.objects.all()]
    return {(row.first_seen, ids[row.first_message_id], row.last_seen) for row in rows}


def test_reports_in_order_widen_the_last_seen_and_keep_the_first() -> None:
    receive(incident(1, "2025-01-10T09:00:00"))
    receive(incident(2, "2025-03-10T09:00:00"))
    assert Residence.objects.count() == 2
    assert Relationship.objects.count() == 1
    assert spans() == {(at("2025-01-10T09:00"), "seen-1", at("2025-03-10T09:00"))}


def test_an_earlier_report_arriving_late_moves_the_first_seen_and_its_message() -> None:
    receive(incident(1, "2025-03-10T09:00:00"))
    receive(incident(2, "2025-01-10T09:00:00"))
    assert spans() == {(at("2025-01-10T09:00"), "seen-2", at("2025-03-10T09:00"))}


def test_a_report_between_the_first_and_last_changes_nothing() -> None:
    receive(incident(1, "2025-01-10T09:00:00"), incident(2, "2025-05-10T09:00:00"))
    receive(incident(3, "2025-03-10T09:00:00"))
    assert spans() == {(at("2025-01-10T09:00"), "seen-1", at("2025-05-10T09:00"))}


def test_one_batch_out_of_order_gives_the_same_dates_as_one_message_at_a_time() -> None:
    receive(
        incident(1, "2025-03-10T09:00:00"),
        incident(2, "2025-01-10T09:00:00"),
        incident(3, "2025-05-10T09:00:00"),
    )
    assert spans() == {(at("2025-01-10T09:00"), "seen-2", at("2025-05-10T09:00"))}
