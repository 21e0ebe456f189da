"""Input broken in every way a sender can break it: each is kept, none stops the rest."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from frontdoor.access.tokens import token_issue
from frontdoor.intake.models import Channel, InboxMessage, Status
from frontdoor.intake.services import HAS_NUL, NOT_UTF8, inbox_rebuild, messages_receive
from tests.factories import message, raw, subject

pytestmark = pytest.mark.usefixtures("agencies")


def test_a_file_of_broken_lines_keeps_every_line_and_accepts_the_good_ones(tmp_path: Path) -> None:
    good = [raw(message(message_id=f"ok-{n}")).encode() for n in range(3)]
    lines = [
        good[0],
        raw(message(message_id="x" * 250)).encode(),
        b'{"message_id": "nul\x00", "source": "police"}',
        b'{"given_name": "\xff\xfeAnn"}',
        b"[" * 50000,
        good[1],
        "\ufeff".encode() + good[2],
    ]
    path = tmp_path / "messages.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = StringIO()
    call_command("ingest", str(path), "--quiet", stdout=out, stderr=StringIO())
    assert out.getvalue() == "accepted 3, duplicate 0, rejected 4 (in quarantine)\n"
    rejected = InboxMessage.objects.filter(status=Status.REJECTED).order_by("pk")
    reasons = [m.errors[0] for m in rejected]
    assert reasons[0].startswith("message_id: longer than 200 characters")
    assert reasons[1:3] == [HAS_NUL, NOT_UTF8]
    assert reasons[3].startswith("(message): not valid JSON")
    assert [m.origin.split(" by ")[0] for m in rejected] == [f"{path}:{n}" for n in (2, 3, 4, 5)]


def test_rebuild_keeps_unreadable_messages_in_quarantine() -> None:
    messages_receive([b'{"message_id": "a", "source": "police"\x00}'], channel=Channel.FILE)
    inbox_rebuild()
    assert InboxMessage.objects.get().errors == [HAS_NUL]


def test_rebuild_checks_each_message_as_of_when_it_arrived(settings) -> None:
    tomorrow = "2099-01-01"
    messages_receive([raw(message(occurred_at=tomorrow))], channel=Channel.FILE)
    inbox_rebuild()
    assert InboxMessage.objects.get().errors == ["occurred_at: '2099-01-01' is in the future"]


@pytest.fixture
def police_token(agencies) -> str:
    return token_issue(agency=agencies["police"], name="RMS", issued_by=None)


def post(client: Client, body: object, token: str, content_type: str = "application/json"):  # type: ignore[no-untyped-def]
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(
        "/api/v1/messages", data=data, content_type=content_type,
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip


def test_a_list_item_that_cannot_be_encoded_does_not_lose_the_others(
    client: Client, police_token: str
) -> None:
    good = raw(message(message_id="good"))
    body = "[" + good + ', {"message_id": "bad", "source": "police", "given_name": "\\ud800"}]'
    answers = post(client, body, police_token).json()
    assert [a["status"] for a in answers] == ["accepted", "rejected"]


def test_the_api_wants_json(client: Client, police_token: str) -> None:
    response = post(client, "a=1", police_token, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert not InboxMessage.objects.exists()


def test_a_token_cannot_touch_another_agencys_message(client: Client, police_token: str) -> None:
    bad = message(source="csc", message_id="c-1", subjects=[subject(date_of_birth="2016-02-31")])
    messages_receive([raw(bad)], channel=Channel.FILE)
    response = post(client, message(source="csc", message_id="c-1"), police_token)
    assert response.json()["errors"] == ["source: 'csc' is not the sending agency 'police'"]
    csc_copy = InboxMessage.objects.get(source="csc")
    assert csc_copy.status == Status.REJECTED


def test_a_duplicate_is_answered_with_what_became_of_the_original(client: Client, agencies) -> None:
    token = token_issue(agency=agencies["school"], name="MIS", issued_by=None)
    referral = message(source="school-105899", kind="referral", message_id="r-1")
    first = post(client, referral, token).json()
    again = post(client, referral, token).json()
    assert again["status"] == "duplicate"
    assert again["reference"] == first["reference"]
