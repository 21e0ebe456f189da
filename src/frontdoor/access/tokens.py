"""Agency API tokens: issued once in the clear, stored only as a hash, scoped, rate-limited,
revocable and rotated."""

import math
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.audit.services import audit_record

from .models import Agency, ApiToken, Scope, hash_token


class TokenError(ValueError):
    """A token request that cannot be carried out, naming the field and the value."""


def token_for(authorization: str) -> ApiToken | None:
    """The live token in an `Authorization: Bearer ...` header, with its agency, if any."""
    scheme, _, raw = authorization.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return (
        ApiToken.objects.select_related("agency")
        .filter(token_hash=hash_token(raw.strip()), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .first()
    )


def token_wait(token: ApiToken) -> int:
    """Count a request against the token's allowance; the seconds to wait if it is over, else 0.

    A fixed window per token in the cache: cheap, and shared by every worker when the cache is
    (CACHE_URL in production; see docs/security.md).
    """
    window = settings.FRONTDOOR_API_RATE_WINDOW_SECONDS
    now = time.time()
    key = f"api-rate:{token.pk}:{int(now // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr: this is the first of the next
        cache.add(key, 1, timeout=window + 1)
        count = 1
    if count <= settings.FRONTDOOR_API_RATE_LIMIT:
        return 0
    return max(1, math.ceil(window - now % window))


def _checked_scopes(scopes: list[str]) -> list[str]:
    unknown = [scope for scope in scopes if scope not in Scope.values]
    if unknown or not scopes:
        raise TokenError(
            f"scopes: each must be one of {', '.join(Scope.values)}; got {', '.join(scopes)!r}"
        )
    return sorted(set(scopes))


def token_issue(
    *,
    agency: Agency,
    name: str,
    issued_by: User | None,
    scopes: list[str] | None = None,
) -> str:
    """Create a token for an agency's system and return its secret, which is never shown again."""
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            agency=agency,
            name=name,
            token_hash=hash_token(secret),
            scopes=_checked_scopes(scopes or [Scope.SEND]),
            created_by=issued_by,
        )
        audit_record(
            actor=issued_by,
            action="api_token.issue",
            target=token,
            details={"scopes": token.scopes},
        )
    return secret


def token_revoke(*, token: ApiToken, revoked_by: User | None) -> None:
    """Stop a token working at once; it stays on record."""
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=revoked_by, action="api_token.revoke", target=token)


def token_rotate(*, token: ApiToken, rotated_by: User | None, grace: timedelta) -> str:
    """Replace a token with a new one of the same agency, name and scopes; return its secret.

    The old token stops at once, or after `grace` so the agency's system can switch over.
    """
    if token.revoked_at is not None or token.replaced_by_id is not None:
        raise TokenError(f"token_id: token {token.pk} is revoked or already rotated")
    if grace < timedelta(0):
        raise TokenError(f"grace: must not be negative, got {grace}")
    secret = ApiToken.new_secret()
    with transaction.atomic():
        new = ApiToken.objects.create(
            agency=token.agency,
            name=token.name,
            token_hash=hash_token(secret),
            scopes=token.scopes,
            created_by=rotated_by,
        )
        token.replaced_by = new
        if grace:
            token.expires_at = timezone.now() + grace
        else:
            token.revoked_at = timezone.now()
        token.save(update_fields=["replaced_by", "expires_at", "revoked_at"])
        audit_record(
            actor=rotated_by,
            action="api_token.rotate",
            target=token,
            details={"replaced_by": new.pk, "grace_seconds": int(grace.total_seconds())},
        )
    return secret
