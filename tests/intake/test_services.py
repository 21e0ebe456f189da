"""The intake spine: raw first, once only, nothing lost, and everything rebuildable."""

from unittest import mock

import pytest
from django.db import connection

from frontdoor.chronology.models import Event, Participant
from frontdoor.intake import services
from frontdoor.intake.models import Channel, InboxMessage, Status
from frontdoor.intake.services import (
    Arriving,
    inbox_process_pending,
    inbox_rebuild,
    inbox_store,
    message_correct,
    messages_receive,
)
from frontdoor.people.models import Person, Relationship, Residence, SourceRecord
from frontdoor.triage.models import Referral
from tests.factories import message, raw, subject

pytestmark = pytest.mark.usefixtures("agencies")


def household_incident(**envelope: object) -> dict:
    address = {"line1": "1 Elm Road", "town": "Synthtown", "postcode": "ZZ1 1AA"}
    return message(
        subjects=[
            subject(
                "v",
                "victim",
                source_person_id="P1",
                given_name="Amy",
                family_name="Stone",
                date_of_birth="1990-04-02",
                address=address,
            ),
            subject(
                "a",
                "alleged_perpetrator",
                source_person_id="P2",
                given_name="Rob",
                family_name="Stone",
            ),
            subject(
                "c",
                "child",
                source_person_id="P3",
                given_name="Lily",
                family_name="Stone",
                date_of_birth="2021-06-05",
                present=True,
                seen=True,
                spoken_to=False,
                voice="I hid upstairs",
                address=address,
            ),
        ],
        relationships=[
            {"from": "a", "to": "v", "type": "partner"},
            {"from": "v", "to": "c", "type": "parent"},
        ],
        facts={"category": "domestic_abuse", "officer_risk": "medium", "injury": True},
        **envelope,
    )


def test_a_valid_message_is_stored_raw_then_derived() -> None:
    text = raw(household_incident(message_id="inc-1"))
    [outcome] = messages_receive([text], channel=Channel.FILE)
    assert outcome.status == "accepted"
    stored = InboxMessage.objects.get()
    assert stored.raw == text
    assert (stored.source, stored.message_id, stored.status) == (
        "police",
        "inc-1",
        Status.PROCESSED,
    )
    event = Event.objects.get()
    assert event.message == stored
    assert "officer risk medium; injury" in event.summary
    child = Participant.objects.get(role="child")
    assert (child.present, child.seen, child.spoken_to, child.voice) == (
        True,
        True,
        False,
        "I hid upstairs",
    )
    assert Person.objects.count() == 3
    assert Relationship.objects.filter(type="partner").count() == 1
    assert Residence.objects.count() == 2


def test_the_same_message_twice_is_stored_once() -> None:
    text = raw(household_incident(message_id="inc-1"))
    first = messages_receive([text], channel=Channel.API)
    second = messages_receive([text, text], channel=Channel.FILE)
    assert [o.status for o in first + second] == ["accepted", "duplicate", "duplicate"]
    assert InboxMessage.objects.count() == 1
    assert Event.objects.count() == 1


def test_a_duplicate_within_one_batch_is_stored_once() -> None:
    text = raw(household_incident(message_id="inc-1"))
    outcomes = messages_receive([text, text], channel=Channel.FILE)
    assert [o.status for o in outcomes] == ["accepted", "duplicate"]


def test_a_rejected_message_is_kept_in_quarantine_with_every_reason() -> None:
    text = raw(message(message_id="bad", subjects=[subject(date_of_birth="2016-02-31")]))
    [outcome] = messages_receive([text], channel=Channel.FILE)
    assert outcome.status == "rejected"
    assert outcome.errors == [
        "subjects[0].date_of_birth: not a date: '2016-02-31' (expected YYYY-MM-DD)"
    ]
    stored = InboxMessage.objects.get()
    assert (stored.raw, stored.status) == (text, Status.REJECTED)
    assert not Event.objects.exists()


def test_text_that_is_not_json_is_kept_too() -> None:
    [outcome] = messages_receive(["{not json"], channel=Channel.FILE)
    assert outcome.status == "rejected"
    assert outcome.errors[0].startswith("(message): not valid JSON")
    assert InboxMessage.objects.get().raw == "{not json"


def test_a_corrected_message_supersedes_the_rejected_one(data_manager) -> None:
    bad = raw(message(message_id="m-9", subjects=[subject(date_of_birth="2016-02-31")]))
    messages_receive([bad], channel=Channel.FILE)
    rejected = InboxMessage.objects.get()
    good = raw(message(message_id="m-9", subjects=[subject(date_of_birth="2016-02-28")]))
    outcome = message_correct(rejected, good, corrected_by=data_manager, sender=None)
    assert outcome.status == "accepted"
    rejected.refresh_from_db()
    assert rejected.status == Status.SUPERSEDED
    corrected = InboxMessage.objects.get(revision=2)
    assert (corrected.corrects, corrected.received_by) == (rejected, data_manager)
    assert Event.objects.get().message == corrected


def test_the_sender_resending_a_fixed_message_supersedes_the_rejected_one() -> None:
    bad = message(message_id="m-7", subjects=[subject(date_of_birth="2016-02-31")])
    messages_receive([raw(bad)], channel=Channel.FILE)
    [outcome] = messages_receive([raw(message(message_id="m-7"))], channel=Channel.FILE)
    assert outcome.status == "accepted"
    assert list(InboxMessage.objects.order_by("pk").values_list("status", flat=True)) == [
        Status.SUPERSEDED,
        Status.PROCESSED,
    ]


def test_a_crash_after_storing_loses_nothing_and_process_finishes_it_once() -> None:
    texts = [raw(household_incident(message_id=f"inc-{n}")) for n in range(3)]
    with (
        mock.patch(
            "frontdoor.intake.services.events_record", side_effect=RuntimeError("power cut")
        ),
        mock.patch("frontdoor.intake.services.logger"),
    ):
        inbox_store([Arriving(text) for text in texts], channel=Channel.FILE)
    assert InboxMessage.objects.filter(status=Status.RECEIVED).count() == 3
    assert inbox_process_pending() == 3
    assert inbox_process_pending() == 0
    assert Event.objects.count() == 3
    assert SourceRecord.objects.count() == 3


def test_a_failure_of_the_hub_leaves_no_partial_write_and_is_retried_later() -> None:
    text = raw(household_incident(message_id="inc-1"))
    with (
        mock.patch(
            "frontdoor.intake.services.referrals_record", side_effect=RuntimeError("disk full")
        ),
        mock.patch("frontdoor.intake.services.logger"),
        mock.patch("time.sleep"),
    ):
        [outcome] = messages_receive([text], channel=Channel.API)
    assert outcome.status == "pending"
    assert not Person.objects.exists()
    assert not Event.objects.exists()
    stored = InboxMessage.objects.get()
    assert stored.status == Status.RECEIVED
    assert stored.errors == ["(hub): not processed yet (RuntimeError); it will be retried"]
    assert messages_receive([text], channel=Channel.API)[0].status == "duplicate"
    assert inbox_process_pending() == 1
    stored.refresh_from_db()
    assert (stored.status, stored.errors) == (Status.PROCESSED, [])
    assert Event.objects.count() == 1


def test_one_failing_message_does_not_hold_up_the_rest_of_its_batch() -> None:
    texts = [raw(household_incident(message_id=f"inc-{n}")) for n in range(6)]
    real = services.events_record

    def fail_on_inc_3(arrivals, records, agencies):  # type: ignore[no-untyped-def]
        if any(a.envelope.message_id == "inc-3" for a in arrivals):
            raise RuntimeError("bug")
        return real(arrivals, records, agencies)

    with (
        mock.patch.object(services, "events_record", side_effect=fail_on_inc_3),
        mock.patch("frontdoor.intake.services.logger"),
        mock.patch("time.sleep"),
    ):
        outcomes = messages_receive(texts, channel=Channel.FILE)
    assert [o.status for o in outcomes] == ["accepted"] * 3 + ["pending"] + ["accepted"] * 2


def test_rebuild_derives_the_same_hub_from_the_inbox() -> None:
    referral = message(
        kind="referral",
        source="school-105899",
        message_id="r-1",
        subjects=[
            subject(
                "c",
                "child",
                source_person_id="S1",
                given_name="Lily",
                family_name="Stone",
                date_of_birth="2021-06-05",
            )
        ],
        facts={"reason": "worried", "concerns": ["domestic_abuse"]},
    )
    messages_receive(
        [raw(household_incident(message_id="inc-1")), raw(referral), "junk"],
        channel=Channel.FILE,
    )

    def snapshot() -> tuple:
        return (
            sorted(
                SourceRecord.objects.values_list(
                    "agency__code", "source_person_id", "person__given_name"
                )
            ),
            sorted(Event.objects.values_list("message__message_id", "summary")),
            list(Referral.objects.values_list("reference", flat=True)),
            sorted(InboxMessage.objects.values_list("status", flat=True)),
        )

    before = snapshot()
    assert inbox_rebuild() == 3
    assert snapshot() == before


def test_a_copy_stored_at_the_same_moment_by_another_request_is_a_duplicate() -> None:
    text = raw(household_incident(message_id="inc-1"))
    messages_receive([text], channel=Channel.API)
    real = services._latest_revisions
    calls = iter([{}])  # the first read misses the copy another request has just committed
    with mock.patch.object(
        services, "_latest_revisions", side_effect=lambda keys: next(calls, None) or real(keys)
    ):
        outcomes = messages_receive(
            [text, raw(household_incident(message_id="inc-2"))], channel=Channel.API
        )
    assert [o.status for o in outcomes] == ["duplicate", "accepted"]
    assert InboxMessage.objects.count() == 2


def test_a_long_load_refreshes_the_database_statistics_as_it_doubles(settings) -> None:
    settings.FRONTDOOR_INGEST_BATCH_SIZE = 2
    texts = [Arriving(raw(household_incident(message_id=f"inc-{n}"))) for n in range(9)]
    with (
        mock.patch.object(services, "FIRST_STATISTICS_REFRESH", 2),
        mock.patch.object(services, "statistics_refresh") as refresh,
    ):
        answered = [o.status for _, outcomes in services.messages_ingest(
            texts, channel=Channel.FILE) for o in outcomes]  # fmt: skip
    assert answered == ["accepted"] * 9
    assert refresh.call_count == 3  # after 2, 4 and 8 messages


def test_a_load_small_beside_what_the_inbox_holds_refreshes_no_statistics(settings) -> None:
    settings.FRONTDOOR_INGEST_BATCH_SIZE = 2
    held = [Arriving(raw(household_incident(message_id=f"held-{n}"))) for n in range(6)]
    messages_receive(held, channel=Channel.FILE)
    texts = [Arriving(raw(household_incident(message_id=f"inc-{n}"))) for n in range(5)]
    with (
        mock.patch.object(services, "FIRST_STATISTICS_REFRESH", 2),
        mock.patch.object(services, "statistics_refresh") as refresh,
    ):
        for _batch, _outcomes in services.messages_ingest(texts, channel=Channel.FILE):
            pass
    assert refresh.call_count == 0  # 5 new messages do not double the 6 held


def test_a_long_load_checks_each_message_once(settings) -> None:
    settings.FRONTDOOR_INGEST_BATCH_SIZE = 2
    texts = [Arriving(raw(household_incident(message_id=f"inc-{n}"))) for n in range(5)]
    with mock.patch.object(services, "check_message", wraps=services.check_message) as check:
        answered = [o.status for _, outcomes in services.messages_ingest(
            texts, channel=Channel.FILE) for o in outcomes]  # fmt: skip
    assert answered == ["accepted"] * 5
    assert check.call_count == 5
    assert Event.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_load_stores_each_batch_while_recording_the_one_before(
    settings,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one connection write at a time")
    settings.FRONTDOOR_INGEST_BATCH_SIZE = 2
    bad = household_incident(message_id="inc-bad", occurred_at="2099-01-01T00:00:00Z")
    texts = [raw(household_incident(message_id=f"inc-{n}")) for n in range(6)]
    texts.insert(3, raw(bad))
    with mock.patch.object(services, "worked_ahead", wraps=services.worked_ahead) as ahead:
        answered = [o.status for _, outcomes in services.messages_ingest(
            [Arriving(t) for t in texts], channel=Channel.FILE) for o in outcomes]  # fmt: skip
    assert ahead.call_count == 1
    assert answered == ["accepted"] * 3 + ["rejected"] + ["accepted"] * 3
    assert Event.objects.count() == 6
    assert SourceRecord.objects.count() == 3
    assert InboxMessage.objects.get(message_id="inc-bad").status == Status.REJECTED
    assert not InboxMessage.objects.filter(status__in=(Status.RECEIVED, Status.CHECKED)).exists()
