"""A Django email backend that sends through GOV.UK Notify, for production.

Notify sends an email from a template the service keeps in Notify. Ours has two placeholders,
((subject)) and ((body)), and this backend fills them from each Django email, so the hub's
emails read the same whichever backend sends them. They carry no personal data (email is not a
secure channel): only how many notifications wait, and where to read them.

The request is one HTTPS POST to `/v2/notifications/email` with a JSON body, authenticated by a
JSON Web Token (HS256) whose issuer is the service id and whose key is the API key's secret,
both parts of the API key (`{key name}-{service id}-{secret}`, the last two UUIDs). A token is
made for each request: Notify refuses one issued more than 30 seconds from its clock.
"""

import base64
import hashlib
import hmac
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
API_KEY = re.compile(rf"^.+-(?P<service_id>{UUID})-(?P<secret>{UUID})$")
TIMEOUT_SECONDS = 10


class NotifyError(RuntimeError):
    """GOV.UK Notify did not accept an email; the message says what it answered."""


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def notify_token(*, service_id: str, secret: str, issued_at: int) -> str:
    """The bearer token Notify asks for: a JWT signed with HS256, claiming the service id as
    its issuer and when it was issued (seconds since the epoch)."""
    header = _base64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = _base64url(json.dumps({"iss": service_id, "iat": issued_at}).encode())
    signed = f"{header}.{claims}"
    signature = hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()
    return f"{signed}.{_base64url(signature)}"


def _setting(name: str) -> str:
    value = str(getattr(settings, name, "")).strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set to send email through GOV.UK Notify")
    return value


class NotifyEmailBackend(BaseEmailBackend):
    """Sends each email to each of its recipients through GOV.UK Notify's email template."""

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        key = API_KEY.match(_setting("FRONTDOOR_NOTIFY_API_KEY"))
        if key is None:
            raise ImproperlyConfigured(
                "FRONTDOOR_NOTIFY_API_KEY is not a GOV.UK Notify API key: it ends with the "
                "service id and the secret, two UUIDs"
            )
        self.service_id, self.secret = key["service_id"], key["secret"]
        self.template_id = _setting("FRONTDOOR_NOTIFY_TEMPLATE_ID")
        base = _setting("FRONTDOOR_NOTIFY_API_URL")
        if not base.startswith("https://"):
            raise ImproperlyConfigured(f"FRONTDOOR_NOTIFY_API_URL must be https://, not {base!r}")
        self.url = base.rstrip("/") + "/v2/notifications/email"

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Send each message to each of its recipients; return how many messages went to all.

        A refusal raises NotifyError unless the backend was made to fail silently."""
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    self._post(address, message)
            except NotifyError:
                if not self.fail_silently:
                    raise
            else:
                sent += 1
        return sent

    def _post(self, address: str, message: EmailMessage) -> None:
        body = {
            "email_address": address,
            "template_id": self.template_id,
            "personalisation": {"subject": str(message.subject), "body": str(message.body)},
        }
        token = notify_token(
            service_id=self.service_id, secret=self.secret, issued_at=int(time.time())
        )
        # S310: the URL is the setting, checked to be https:// when the backend was made.
        request = urllib.request.Request(  # noqa: S310
            self.url,
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {token}",
                "Content-Type": "application/json",
                "User-Agent": f"{settings.FRONTDOOR_SERVICE_NAME} (Django email backend)",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS):  # noqa: S310  # nosec B310
                return
        except urllib.error.HTTPError as error:
            raise NotifyError(
                f"GOV.UK Notify refused an email with status {error.code}: {_errors(error)}"
            ) from None
        except (urllib.error.URLError, TimeoutError) as error:
            raise NotifyError(f"GOV.UK Notify could not be reached: {error}") from None


def _errors(error: urllib.error.HTTPError) -> str:
    """Notify's own words: its errors list, each with an error and a message."""
    try:
        answer = json.loads(error.read() or b"{}")
    except ValueError:
        return "(no readable answer)"
    return (
        "; ".join(
            f"{item.get('error')}: {item.get('message')}"
            for item in answer.get("errors", [])
            if isinstance(item, dict)
        )
        or "(no errors listed)"
    )
