"""The intake worker (decision 15): the API answers once a message is checked and the worker
records it; the worker derives what inline processing would, once, in arrival order; a message it
cannot record or derive stays waiting without holding up the rest."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from frontdoor.access.models import Scope
from frontdoor.access.tokens import token_issue
from frontdoor.chronology.models import Event
from frontdoor.intake import derivation
from frontdoor.intake.derivation import derivation_due, derivations_run
from frontdoor.intake.models import InboxMessage, Status
from frontdoor.intake.services import (
    checked_messages_record,
    inbox_process_pending,
    inbox_rebuild,
)
from frontdoor.marac.models import MaracReferral
from frontdoor.risk.models import Alert
from frontdoor.sharing.models import Notification
from frontdoor.triage.models import Referral
from tests.risk.family import about, school_referral, send, victim
from tests.risk.test_scenario import the_year

pytestmark = pytest.mark.django_db
WORKER = override_settings(FRONTDOOR_INTAKE="worker")


def year_with_a_marac_referral() -> list[dict]:
    return [
        *the_year(),
        about(
            "police",
            "marac",
            "2025-10-21T10:00:00",
            victim(),
            event="referred",
            criterion="potential_escalation",
        ),
    ]


def derived_state() -> dict[str, list[tuple]]:
    """What derivation made, in terms that survive a rebuild (no person or row ids)."""
    return {
        "alerts": sorted(
            (a.rule, tuple(a.messages), a.status, a.raised_at, a.due_by)
            for a in Alert.objects.all()
        ),
        "notifications": sorted(
            (n.duty, n.recipient_id, tuple(n.messages), n.status, n.due_by)
            for n in Notification.objects.all()
        ),
        "marac": sorted((r.reference, r.criterion, r.repeat) for r in MaracReferral.objects.all()),
    }


def test_with_a_worker_intake_records_the_events_and_leaves_derivation_due(agencies) -> None:
    with WORKER:
        send(*year_with_a_marac_referral())
    assert not Alert.objects.exists()
    assert not Notification.objects.exists()
    assert not MaracReferral.objects.exists()
    assert derivation_due().count() == InboxMessage.objects.count() == 9


def test_the_worker_derives_what_inline_processing_derives(agencies) -> None:
    with WORKER:
        send(*year_with_a_marac_referral())
        assert derivations_run() == 9
    by_worker = derived_state()
    assert all(by_worker.values()), by_worker
    assert not derivation_due().exists()
    assert derivations_run() == 0
    inbox_rebuild()
    assert derived_state() == by_worker


def test_a_worker_keeping_up_message_by_message_derives_what_inline_processing_does(
    agencies,
) -> None:
    with WORKER:
        for message in year_with_a_marac_referral():
            send(message)
            assert derivations_run() == 1
    kept_up = derived_state()
    inbox_rebuild()
    assert derived_state() == kept_up


def test_a_message_that_cannot_be_derived_stays_due_and_the_rest_are_derived(
    agencies, monkeypatch, caplog
) -> None:
    with WORKER:
        send(*the_year())
    broken = InboxMessage.objects.order_by("pk")[2].pk
    events_derive = derivation.events_derive

    def failing_for_one(events: list) -> None:
        if any(event.message_id == broken for event in events):
            raise RuntimeError("a fault of the hub's own")
        events_derive(events)

    monkeypatch.setattr(derivation, "events_derive", failing_for_one)
    monkeypatch.setattr("frontdoor.batches.time.sleep", lambda seconds: None)
    skip: set[int] = set()
    assert derivations_run(skip=skip) == 7
    assert skip == {broken}
    assert list(derivation_due().values_list("pk", flat=True)) == [broken]
    assert f"could not derive inbox message {broken}" in caplog.text
    monkeypatch.setattr(derivation, "events_derive", events_derive)
    assert derivations_run() == 1


def test_process_derives_what_a_stopped_worker_left_due(agencies) -> None:
    with WORKER:
        send(*the_year())
        assert inbox_process_pending() == 0
    assert not derivation_due().exists()
    assert Alert.objects.exists()
    assert set(InboxMessage.objects.values_list("status", flat=True)) == {Status.PROCESSED}


def test_process_says_what_it_did_and_what_is_left(agencies) -> None:
    with WORKER:
        send(*the_year())
    out = StringIO()
    call_command("process", stdout=out)
    assert out.getvalue().splitlines() == ["processed 0 pending messages"]
    assert not derivation_due().exists()


def post(client: Client, body: dict, token: str) -> tuple[int, dict]:
    response = client.post(
        "/api/v1/messages",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code, response.json()


@pytest.fixture
def school_token(agencies) -> str:
    return token_issue(
        agency=agencies["school"], name="School MIS", issued_by=None, scopes=[*Scope]
    )


def school_referral_as(message_id: str, **changes: object) -> dict:
    return {**school_referral(), "message_id": message_id, **changes}


def test_with_a_worker_the_api_answers_once_checked_and_the_worker_records(
    client: Client, school_token: str
) -> None:
    with WORKER:
        status, answer = post(client, school_referral_as("r-1"), school_token)
        assert (status, answer["status"]) == (201, "accepted")
        stored = InboxMessage.objects.get()
        assert stored.status == Status.CHECKED
        assert not Event.objects.exists()
        asked = client.get(
            "/api/v1/messages/school-105899/r-1",
            headers={"Authorization": f"Bearer {school_token}"},
        )
        assert asked.json() == answer
        duplicate_status, duplicate = post(client, school_referral_as("r-1"), school_token)
        assert (duplicate_status, duplicate["status"]) == (200, "duplicate")
        assert checked_messages_record(skip=set()) == 1
        assert derivations_run() == 1
    referral = Referral.objects.get()
    assert answer["reference"] == referral.reference
    stored.refresh_from_db()
    assert stored.status == Status.PROCESSED
    assert stored.derived_at is not None


def test_with_a_worker_the_api_still_rejects_at_once(client: Client, school_token: str) -> None:
    with WORKER:
        status, answer = post(
            client, school_referral_as("r-2", occurred_at="2099-01-01T09:00:00"), school_token
        )
    assert (status, answer["status"]) == (422, "rejected")
    assert answer["errors"][0].startswith("occurred_at: '2099-01-01T09:00:00'")
    assert InboxMessage.objects.get().status == Status.REJECTED


def test_with_a_worker_the_api_stores_each_message_with_its_verdict_in_one_write(
    client: Client, school_token: str
) -> None:
    with WORKER, CaptureQueriesContext(connection) as queries:
        post(client, school_referral_as("r-4"), school_token)
        post(client, school_referral_as("r-5", occurred_at="2099-01-01T09:00:00"), school_token)
    writes = [
        q["sql"].split('"intake_inboxmessage"')[0].strip()
        for q in queries.captured_queries
        if '"intake_inboxmessage"' in q["sql"] and not q["sql"].startswith("SELECT")
    ]
    assert writes == ["INSERT INTO", "INSERT INTO"]
    accepted, rejected = InboxMessage.objects.order_by("pk")
    assert (accepted.status, accepted.processed_at) == (Status.CHECKED, None)
    assert (rejected.status, rejected.processed_at) == (Status.REJECTED, rejected.received_at)
    assert rejected.errors[0].startswith("occurred_at: '2099-01-01T09:00:00'")


def test_a_message_the_api_cannot_check_is_stored_all_the_same_and_process_finishes_it(
    client: Client, school_token: str, monkeypatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a fault of the hub's own")

    monkeypatch.setattr("frontdoor.intake.services.check_message", broken)
    with WORKER:
        status, answer = post(client, school_referral_as("r-6"), school_token)
    assert (status, answer["status"]) == (202, "pending")
    stored = InboxMessage.objects.get()
    assert (stored.status, stored.errors, stored.warnings) == (Status.RECEIVED, [], [])
    monkeypatch.undo()
    assert inbox_process_pending() == 1
    assert Referral.objects.get().message_id == stored.pk


def test_a_checked_message_the_worker_cannot_record_stays_checked(
    client: Client, school_token: str, monkeypatch
) -> None:
    with WORKER:
        post(client, school_referral_as("r-3"), school_token)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a fault of the hub's own")

    monkeypatch.setattr("frontdoor.intake.services.records_resolve", broken)
    monkeypatch.setattr("frontdoor.batches.time.sleep", lambda seconds: None)
    skip: set[int] = set()
    assert checked_messages_record(skip=skip) == 0
    stored = InboxMessage.objects.get()
    assert skip == {stored.pk}
    assert stored.status == Status.CHECKED
    assert stored.errors == ["(hub): not processed yet (RuntimeError); it will be retried"]
    monkeypatch.undo()
    assert inbox_process_pending() == 1
    assert Referral.objects.exists()


def test_an_unknown_intake_mode_is_refused_at_start_up() -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "frontdoor.manage", "check"],
        env={"FRONTDOOR_INTAKE": "later", "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode != 0
    assert "FRONTDOOR_INTAKE: 'later' is neither 'inline' nor 'worker'" in checked.stderr
