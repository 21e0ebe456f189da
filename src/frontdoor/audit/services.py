"""Writing the audit trail: call these inside the same transaction as the change they record."""

import getpass
from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models

from .models import AccessLog, AuditEvent, DatedSetting

S = TypeVar("S", bound=DatedSetting)


def _agency_code(user: User | None) -> str:
    profile = getattr(user, "staff_profile", None)
    return profile.agency.code if profile else ""


def operator_name() -> str:
    """Who is at the console: recorded with what they do there."""
    return getpass.getuser()


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    details: dict[str, object] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `target`; with no actor, the operator at the console."""
    details = dict(details or {})
    if actor is None:
        details.setdefault("operator", operator_name())
    return AuditEvent.objects.create(
        actor=actor,
        actor_agency=_agency_code(actor),
        action=action,
        object_type=target._meta.label_lower if target else "",
        object_id=str(target.pk) if target else "",
        details=details,
    )


def console_read_record(*, command: str, details: dict[str, object]) -> None:
    """Record that an operator read person-level data at the console: which command, and whose."""
    audit_record(actor=None, action=f"console.{command}", details=details)


def access_record(*, user: User, person_ids: Iterable[int], purpose: str, route: str) -> None:
    """Record that `user` read these people's data, why, and under which access rule."""
    AccessLog.objects.bulk_create(
        AccessLog(user=user, person_id=person_id, purpose=purpose, route=route)
        for person_id in person_ids
    )


class SettingError(ValueError):
    """A setting that cannot be used as given; the message names the key and the value."""


def dated_setting_add(
    model: type[S],
    *,
    key: str,
    value: Any,
    effective_from: date,
    reason: str,
    user: User | None,
) -> S:
    """A new row of a partnership's dated setting (its value already checked): the old rows
    stay, so the table is its own history; a change without a reason is refused."""
    if not reason.strip():
        raise SettingError("reason: say why the partnership changed it")
    return model._default_manager.create(
        key=key, value=value, effective_from=effective_from, reason=reason.strip(), changed_by=user
    )
