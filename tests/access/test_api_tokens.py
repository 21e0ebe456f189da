"""API tokens: scoped to sending or reading, rate-limited per token, revocable and rotated."""

import json
import socket
import time
from datetime import timedelta
from io import StringIO
from uuid import uuid4

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from frontdoor.access.models import ApiToken, Scope
from frontdoor.access.tokens import token_issue
from frontdoor.audit.models import AuditEvent
from tests.factories import message

SEND_URL = "/api/v1/messages"
REDIS = ("127.0.0.1", 6379)
REDIS_URL = f"redis://{REDIS[0]}:{REDIS[1]}/15"


def redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


def send(token: str, body: dict | None = None) -> object:
    return Client().post(
        SEND_URL,
        data=json.dumps(body or message()),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def read(token: str, source: str, message_id: str) -> object:
    return Client().get(
        f"/api/v1/messages/{source}/{message_id}", headers={"Authorization": f"Bearer {token}"}
    )


def tokens(*args: str) -> str:
    out = StringIO()
    call_command("tokens", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def police(agencies) -> dict[str, str]:
    police = agencies["police"]
    return {
        "send": token_issue(agency=police, name="RMS", issued_by=None),
        "read": token_issue(agency=police, name="Poller", issued_by=None, scopes=[Scope.READ]),
        "both": token_issue(
            agency=police, name="Both", issued_by=None, scopes=[Scope.SEND, Scope.READ]
        ),
    }


def test_a_token_does_only_what_its_scopes_allow(police) -> None:
    assert send(police["send"], message(message_id="m-1")).status_code == 201
    refused = read(police["send"], "police", "m-1")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "This token may messages:send; this needs messages:read."
    assert send(police["read"]).status_code == 403
    answer = read(police["read"], "police", "m-1")
    assert answer.status_code == 200
    assert answer.json() == {"status": "accepted", "source": "police", "message_id": "m-1"}


def test_an_agency_reads_only_its_own_messages(police, agencies) -> None:
    school = token_issue(agency=agencies["school"], name="MIS", issued_by=None, scopes=[Scope.READ])
    send(police["send"], message(message_id="m-2"))
    missing = read(school, "police", "m-2")
    assert missing.status_code == 404
    assert "source 'police' and message_id 'm-2'" in missing.json()["detail"]
    assert read(police["read"], "police", "no-such").status_code == 404


def test_each_token_is_rate_limited_with_a_retry_after(police, settings) -> None:
    settings.FRONTDOOR_API_RATE_LIMIT = 2
    settings.FRONTDOOR_API_RATE_WINDOW_SECONDS = 60
    assert send(police["both"]).status_code == 201
    assert read(police["both"], "police", "x").status_code == 404
    limited = send(police["both"])
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "2 requests every 60 seconds" in limited.json()["detail"]
    assert limited.json()["status"] == 429
    # Another token of the same agency has its own allowance.
    assert send(police["send"]).status_code == 201


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_the_rate_limit_is_counted_in_a_cache_every_server_process_shares(police, settings) -> None:
    prefix = f"frontdoor-test-{uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.FRONTDOOR_API_RATE_LIMIT = 2
    settings.FRONTDOOR_API_RATE_WINDOW_SECONDS = window = 10**6  # no window ends in the test
    assert send(police["both"]).status_code == 201
    assert send(police["both"], message(message_id="m-9")).status_code == 201
    # Another server process has its own connection to the cache and sees the same count.
    other = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    key = f"api-rate:{ApiToken.objects.get(name='Both').pk}:{int(time.time() // window)}"
    assert other.get(key) == 2
    assert send(police["both"], message(message_id="m-10")).status_code == 429
    other.delete(key)


def test_rotating_a_token_replaces_it_at_once(police) -> None:
    old = ApiToken.objects.get(name="RMS")
    new_secret = tokens("rotate", str(old.pk))
    assert new_secret.startswith("fd_")
    assert send(police["send"]).status_code == 401
    assert send(new_secret).status_code == 201
    new = ApiToken.objects.get(replaces=old)
    assert (new.agency, new.name, new.scopes) == (old.agency, old.name, old.scopes)
    assert AuditEvent.objects.filter(action="api_token.rotate", object_id=str(old.pk)).exists()
    with pytest.raises(CommandError, match=f"token_id: token {old.pk} is revoked"):
        tokens("rotate", str(old.pk))


def test_rotating_with_grace_keeps_the_old_token_working_until_it_expires(police) -> None:
    old = ApiToken.objects.get(name="RMS")
    new_secret = tokens("rotate", str(old.pk), "--grace-minutes", "60")
    assert send(police["send"]).status_code == 201
    assert send(new_secret).status_code == 201
    old.refresh_from_db()
    assert timedelta(minutes=59) < old.expires_at - timezone.now() <= timedelta(minutes=60)
    assert f"{old.pk}\tpolice\tRMS\texpires" in tokens("list")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    assert send(police["send"]).status_code == 401


def test_a_revoked_token_stops_at_once(police) -> None:
    token = ApiToken.objects.get(name="Poller")
    assert "revoked token" in tokens("revoke", str(token.pk))
    assert read(police["read"], "police", "x").status_code == 401


def test_issuing_names_a_bad_scope_and_the_agency(agencies) -> None:
    with pytest.raises(
        CommandError, match=r"scopes: each must be one of .*; got 'messages:delete'"
    ):
        tokens("issue", "police", "RMS", "--scope", "messages:delete")
    with pytest.raises(CommandError, match="agency: no agency with code 'nope'"):
        tokens("issue", "nope", "RMS")
    secret = tokens("issue", "police", "Poller", "--scope", "messages:read")
    assert ApiToken.objects.get(name="Poller").scopes == ["messages:read"]
    assert send(secret).status_code == 403
