"""POST /api/v1/messages: per-agency tokens, one message or a list, an answer for each."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.utils import timezone

from frontdoor.access.models import ApiToken
from frontdoor.access.tokens import token_issue
from frontdoor.intake.models import InboxMessage, Status
from tests.factories import message, subject

URL = "/api/v1/messages"


@pytest.fixture
def police_token(agencies) -> str:
    return token_issue(agency=agencies["police"], name="Niche RMS", issued_by=None)


def post(client: Client, body: object, token: str | None) -> tuple[int, object]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(URL, data=data, content_type="application/json", headers=headers)
    return response.status_code, response.json()


def test_one_message_is_accepted(client: Client, police_token: str) -> None:
    status, answer = post(client, message(message_id="i-1"), police_token)
    assert status == 201
    assert answer == {"status": "accepted", "source": "police", "message_id": "i-1"}


def test_the_same_message_again_is_a_duplicate(client: Client, police_token: str) -> None:
    post(client, message(message_id="i-1"), police_token)
    status, answer = post(client, message(message_id="i-1"), police_token)
    assert (status, answer["status"]) == (200, "duplicate")


def test_a_list_gets_an_answer_for_each_in_order(client: Client, police_token: str) -> None:
    body = [message(message_id="a"), message(message_id="b", kind="gossip")]
    status, answers = post(client, body, police_token)
    assert status == 200
    assert [a["status"] for a in answers] == ["accepted", "rejected"]
    assert answers[1]["errors"][0].startswith("kind: not one of")


def test_a_rejected_message_is_answered_422_and_kept(client: Client, police_token: str) -> None:
    status, answer = post(
        client, message(subjects=[subject(date_of_birth="2099-01-01")]), police_token
    )
    assert status == 422
    assert answer["errors"] == [
        "subjects[0].date_of_birth: '2099-01-01' is after occurred_at (2026-03-01)"
    ]
    assert InboxMessage.objects.get().status == Status.REJECTED


def test_a_body_that_is_not_json_is_kept_in_quarantine(client: Client, police_token: str) -> None:
    status, _ = post(client, "{oops", police_token)
    assert status == 422
    assert InboxMessage.objects.get().raw == "{oops"


def test_a_referral_is_answered_with_its_reference(client: Client, agencies) -> None:
    token = token_issue(agency=agencies["school"], name="MIS", issued_by=None)
    body = message(source="school-105899", kind="referral", facts={"reason": "worried"})
    status, answer = post(client, body, token)
    assert status == 201
    assert answer["reference"].startswith("FD-")


def test_an_agency_cannot_send_as_another(client: Client, police_token: str) -> None:
    status, answer = post(client, message(source="csc"), police_token)
    assert status == 422
    assert answer["errors"] == ["source: 'csc' is not the sending agency 'police'"]


@pytest.mark.parametrize("token", [None, "fd_wrong"])
def test_no_valid_token_no_entry(client: Client, agencies, token: str | None) -> None:
    status, _ = post(client, message(), token)
    assert status == 401
    assert not InboxMessage.objects.exists()


def test_a_revoked_token_no_longer_works(client: Client, police_token: str) -> None:
    ApiToken.objects.update(revoked_at=timezone.now())
    status, _ = post(client, message(), police_token)
    assert status == 401


def test_too_many_messages_are_refused_whole(client: Client, police_token: str) -> None:
    status, _ = post(client, [message() for _ in range(1001)], police_token)
    assert status == 413
    assert not InboxMessage.objects.exists()


def test_the_openapi_description_is_served(client: Client, db: None) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    assert "/messages" in document["paths"]
    assert "Subject" in document["components"]["schemas"]
    schema = client.get("/api/v1/exchange-v1.schema.json").json()
    assert schema["title"].startswith("Frontdoor exchange message")


def test_tokens_are_issued_listed_and_revoked_from_the_console(client: Client, agencies) -> None:
    out = StringIO()
    call_command("tokens", "issue", "police", "Niche RMS", stdout=out)
    secret = out.getvalue().strip()
    assert post(client, message(), secret)[0] == 201
    token = ApiToken.objects.get()
    call_command("tokens", "revoke", str(token.pk), stdout=StringIO())
    assert post(client, message(), secret)[0] == 401
    listing = StringIO()
    call_command("tokens", "list", stdout=listing)
    assert "police\tNiche RMS\trevoked" in listing.getvalue()
    assert secret not in listing.getvalue()
    assert token.token_hash != secret


def test_a_body_over_the_size_limit_is_refused_with_a_reason(
    client: Client, police_token: str, settings
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    status, answer = post(client, [message() for _ in range(20)], police_token)
    assert status == 413
    assert answer["detail"] == "Send at most 1,000 bytes a request."


@pytest.mark.parametrize("failure", [OperationalError, InterfaceError])
def test_a_lost_database_is_answered_503_with_retry_after(
    client: Client, police_token: str, monkeypatch: pytest.MonkeyPatch, failure: type[Exception]
) -> None:
    def lost(*args: object, **kwargs: object) -> None:
        raise failure("server closed the connection unexpectedly")

    monkeypatch.setattr("frontdoor.intake.views.messages_receive", lost)
    response = client.post(
        URL,
        data=json.dumps(message()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {police_token}"},
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    answer = response.json()
    assert answer["title"] == "Database unavailable"
    assert "answered as a duplicate, never stored twice" in answer["detail"]
    assert "server closed" not in answer["detail"]
