"""Writing the audit trail: call these inside the same transaction as the change they record."""

import getpass
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction

from .configuration import Timeline, setting_check
from .dated_settings import SettingError
from .models import AccessLog, AuditEvent, AuditSetting, DatedSetting
from .origin import origin_current

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
    route: str = "",
) -> AuditEvent:
    """Record that `actor` did `action` to `target`; with no actor, the operator at the console.
    A write about people says, as a read does, the access `route` the actor acted under."""
    details = dict(details or {})
    if actor is None:
        details.setdefault("operator", operator_name())
    origin = origin_current()
    return AuditEvent.objects.create(
        actor=actor,
        actor_agency=_agency_code(actor),
        channel=origin.channel,
        address=origin.address,
        action=action,
        object_type=target._meta.label_lower if target else "",
        object_id=str(target.pk) if target else "",
        details=details,
        route=route,
    )


def console_read_record(*, command: str, details: dict[str, object]) -> None:
    """Record that an operator read person-level data at the console: which command, and whose."""
    audit_record(actor=None, action=f"console.{command}", details=details)


def access_record(*, user: User, person_ids: Iterable[int], purpose: str, route: str) -> None:
    """Record that `user` read these people's data, why, under which access rule and from where."""
    origin = origin_current()
    agency = _agency_code(user)
    rows = [
        AccessLog(
            user=user,
            user_agency=agency,
            person_id=person_id,
            purpose=purpose,
            route=route,
            channel=origin.channel,
            address=origin.address,
        )
        for person_id in person_ids
    ]
    held = _held.get()
    if held is None:
        AccessLog.objects.bulk_create(rows)
    else:
        held.extend(rows)


_held: ContextVar[list[AccessLog] | None] = ContextVar("access_records_held", default=None)


@contextmanager
def access_records_together() -> Iterator[None]:
    """The reads `access_record` records within the block, written in one insert as it ends,
    however it ends: a page that reads a person in several parts commits once, not once a part
    (on PostgreSQL a commit waits for the disk). End the block before showing what was read."""
    held: list[AccessLog] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        AccessLog.objects.bulk_create(held)


def dated_setting_add(
    model: type[S],
    *,
    action: str,
    key: str,
    value: Any,
    effective_from: date,
    reason: str,
    user: User | None,
    effects: Callable[[S], Mapping[str, object]] | None = None,
) -> S:
    """A new row of a partnership's dated setting (its value already checked), audited as
    `action`: the old rows stay, so the table is its own history; a change without a reason is
    refused. `effects` runs on the new row before the change is recorded (to check the settings
    still fit together, or redo what depends on them); what it returns joins the audit details.
    """
    if not reason.strip():
        raise SettingError("reason: say why the partnership changed it")
    with transaction.atomic():
        setting = model._default_manager.create(
            key=key,
            value=value,
            effective_from=effective_from,
            reason=reason.strip(),
            changed_by=user,
        )
        details: dict[str, object] = {
            "key": key,
            "value": value,
            "effective_from": effective_from.isoformat(),
            "reason": setting.reason,
        }
        if effects is not None:
            details.update(effects(setting))
        audit_record(actor=user, action=action, target=setting, details=details)
    return setting


def _working_hours_check(setting: AuditSetting) -> dict[str, object]:
    """Working hours must start before they end on every day from the change on."""
    timeline = Timeline.load()
    for day in timeline.days_from(setting.effective_from):
        hours = timeline.on(day)
        if hours.hours_start >= hours.hours_end:
            raise SettingError(
                f"value: from {day} working hours would start at {hours.hours_start:%H:%M}, "
                f"not before they end at {hours.hours_end:%H:%M}"
            )
    return {}


def audit_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> AuditSetting:
    """A new value for an access-review or retention setting from a date; the old stays."""
    return dated_setting_add(
        AuditSetting,
        action="audit.setting",
        key=key,
        value=setting_check(key, value),
        effective_from=effective_from,
        reason=reason,
        user=user,
        effects=_working_hours_check,
    )
