"""The GOV.UK Notify email backend: the request Notify documents, signed as it asks, with no
personal data in it; refusals raised; production will not start with it half configured. The
HTTP call is replaced: these tests never reach the network."""

import base64
import hashlib
import hmac
import io
import json
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from frontdoor.sharing.models import Notification
from frontdoor.sharing.notify import NotifyEmailBackend, NotifyError
from frontdoor.sharing.services import notifications_deliver
from tests.factories import StaffFactory
from tests.risk.family import about, child, incident, send
from tests.settings.test_production import frontdoor

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
TEMPLATE_ID = "217a419e-6a7d-482a-9596-718b889dffce"
NOTIFY = {
    "EMAIL_BACKEND": "frontdoor.sharing.notify.NotifyEmailBackend",
    "FRONTDOOR_NOTIFY_API_KEY": f"frontdoor_test-{SERVICE_ID}-{SECRET}",
    "FRONTDOOR_NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
    "FRONTDOOR_NOTIFY_API_URL": "https://api.notifications.service.gov.uk",
}


class Answer(io.BytesIO):
    def __enter__(self) -> "Answer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture
def posted(monkeypatch: pytest.MonkeyPatch) -> list[urllib.request.Request]:
    """Every request the backend makes, answered as Notify answers a sent email (201)."""
    requests: list[urllib.request.Request] = []

    def urlopen(request: urllib.request.Request, timeout: float) -> Answer:
        assert timeout > 0
        requests.append(request)
        return Answer(json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}).encode())

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return requests


def _decoded(part: str) -> dict[str, Any]:
    return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))


def token_claims(request: urllib.request.Request) -> dict[str, Any]:
    """The bearer token's claims, once its HS256 signature checks out against the secret."""
    scheme, token = str(request.get_header("Authorization")).split(" ")
    assert scheme == "Bearer"
    header, claims, signature = token.split(".")
    assert _decoded(header) == {"alg": "HS256", "typ": "JWT"}
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected
    return _decoded(claims)


@override_settings(**NOTIFY)
def test_an_email_is_one_signed_post_a_recipient(posted) -> None:
    sent = mail.send_mail("2 new notifications", "Sign in to read them.", None, ["a@x.test"])
    assert sent == 1
    [request] = posted
    assert request.full_url == "https://api.notifications.service.gov.uk/v2/notifications/email"
    assert request.get_method() == "POST"
    assert request.get_header("Content-type") == "application/json"
    assert json.loads(request.data) == {  # type: ignore[arg-type]
        "email_address": "a@x.test",
        "template_id": TEMPLATE_ID,
        "personalisation": {"subject": "2 new notifications", "body": "Sign in to read them."},
    }
    claims = token_claims(request)
    assert claims["iss"] == SERVICE_ID
    assert abs(claims["iat"] - time.time()) < 30, "Notify refuses a token 30 seconds out"


@pytest.mark.django_db
@override_settings(**NOTIFY)
def test_deliveries_go_through_notify_without_personal_data(posted, services) -> None:
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00", injury=True))
    StaffFactory(agency=services["school"], user__email="dsl@school.test")
    school = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    Notification.objects.filter(pk=school.pk).update(due_by=school.due_by.replace(year=2099))
    assert notifications_deliver(notification_ids=[school.pk]) == 1
    [request] = posted
    body = json.loads(request.data)  # type: ignore[arg-type]
    assert body["email_address"] == "dsl@school.test"
    text = json.dumps(body["personalisation"]).lower()
    assert "1 new safeguarding notification" in text
    for never in ("poppy", "whitfield", "katherine", "injury", "105899", "2019"):
        assert never not in text


@override_settings(**NOTIFY)
def test_a_refusal_is_raised_with_notifys_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def urlopen(request: urllib.request.Request, timeout: float) -> Answer:
        answer = {"errors": [{"error": "BadRequestError", "message": "Template not found"}]}
        raise urllib.error.HTTPError(
            request.full_url, 400, "Bad Request", {}, io.BytesIO(json.dumps(answer).encode())
        )

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    with pytest.raises(NotifyError, match="status 400: BadRequestError: Template not found"):
        mail.send_mail("s", "b", None, ["a@x.test"])
    assert mail.send_mail("s", "b", None, ["a@x.test"], fail_silently=True) == 0


@override_settings(**NOTIFY)
def test_an_unreachable_notify_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def urlopen(request: urllib.request.Request, timeout: float) -> Answer:
        raise urllib.error.URLError("timed out")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    with pytest.raises(NotifyError, match="could not be reached"):
        mail.send_mail("s", "b", None, ["a@x.test"])


@pytest.mark.parametrize(
    ("setting", "value", "error"),
    [
        ("FRONTDOOR_NOTIFY_API_KEY", "", "FRONTDOOR_NOTIFY_API_KEY must be set"),
        ("FRONTDOOR_NOTIFY_API_KEY", "not-a-key", "is not a GOV.UK Notify API key"),
        ("FRONTDOOR_NOTIFY_TEMPLATE_ID", " ", "FRONTDOOR_NOTIFY_TEMPLATE_ID must be set"),
        ("FRONTDOOR_NOTIFY_API_URL", "http://notify.test", "must be https://"),
    ],
)
def test_a_bad_setting_is_named(setting: str, value: str, error: str) -> None:
    with (
        override_settings(**{**NOTIFY, setting: value}),
        pytest.raises(ImproperlyConfigured, match=error),
    ):
        NotifyEmailBackend()


@pytest.mark.parametrize("name", ["FRONTDOOR_NOTIFY_API_KEY", "FRONTDOOR_NOTIFY_TEMPLATE_ID"])
def test_production_with_notify_refuses_to_start_without_its_settings(name: str) -> None:
    chosen = {k: v for k, v in NOTIFY.items() if k != name}
    result = frontdoor("check", extra=chosen)
    assert result.returncode != 0
    assert f"{name} must be set in production when email goes through GOV.UK Notify" in (
        result.stderr
    )


def test_production_with_notify_starts_with_its_settings() -> None:
    result = frontdoor("check", extra=NOTIFY)
    assert result.returncode == 0, result.stdout + result.stderr
