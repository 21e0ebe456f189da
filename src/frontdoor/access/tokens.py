"""Agency API tokens: issued once in the clear, stored only as a hash, revocable."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.audit.services import audit_record

from .models import Agency, ApiToken, hash_token


def agency_for_token(authorization: str) -> Agency | None:
    """The agency whose live token is in an `Authorization: Bearer ...` header, if any."""
    scheme, _, raw = authorization.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    token = (
        ApiToken.objects.select_related("agency")
        .filter(token_hash=hash_token(raw.strip()), revoked_at__isnull=True)
        .first()
    )
    return token.agency if token else None


def token_issue(*, agency: Agency, name: str, issued_by: User | None) -> str:
    """Create a token for an agency's system and return its secret, which is never shown again."""
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            agency=agency, name=name, token_hash=hash_token(secret), created_by=issued_by
        )
        audit_record(actor=issued_by, action="api_token.issue", target=token)
    return secret


def token_revoke(*, token: ApiToken, revoked_by: User | None) -> None:
    """Stop a token working at once; it stays on record."""
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=revoked_by, action="api_token.revoke", target=token)
