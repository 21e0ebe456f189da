"""Writes a person makes to the risk engine: alerts moved through their lifecycle, and the
partnership's thresholds changed. Each in one transaction, audited in it."""

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.access.policy import FRONT_DOOR, actor_for, rule_thresholds_check
from frontdoor.audit.services import audit_record, dated_setting_add
from frontdoor.kept import kept_key

from .models import OPEN_STATUSES, Alert, AlertChange, AlertStatus, RuleSetting
from .thresholds import setting_check


class AlertError(ValueError):
    """A change an alert cannot take as asked; the message says why, for the user."""


def _reason_required(reason: str) -> str:
    if not reason.strip():
        raise AlertError("reason: give the reason; it is kept with the alert and in the audit log")
    return reason.strip()


def _alert_move(alert: Alert, status: str, *, user: User, reason: str, action: str) -> Alert:
    """Move the alert on, kept apart as a change so a rebuild gives it back."""
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if locked.status not in OPEN_STATUSES:
        raise AlertError(f"status: the alert is already {locked.get_status_display().lower()}")
    before = locked.status
    change = AlertChange.objects.create(
        **kept_key(event_id=locked.trigger_id, person_id=locked.person_id),
        rule=locked.rule,
        key=locked.key,
        status=status,
        reason=reason,
        changed_by=user,
        changed_at=timezone.now(),
    )
    locked.status, locked.status_reason = status, reason
    locked.status_changed_at, locked.status_changed_by = change.changed_at, user
    locked.save(update_fields=["status", "status_reason", "status_changed_at", "status_changed_by"])
    audit_record(
        actor=user,
        action=action,
        route=FRONT_DOOR,
        target=locked,
        details={
            "rule": locked.rule,
            "from": before,
            "to": status,
            "reason": reason,
            "change": change.pk,
        },
    )
    return locked


@transaction.atomic
def alert_acknowledge(*, alert: Alert, user: User) -> Alert:
    """Someone at the front door has seen the alert and is dealing with it."""
    if alert.status != AlertStatus.OPEN:
        raise AlertError("status: only an open alert can be acknowledged")
    return _alert_move(
        alert, AlertStatus.ACKNOWLEDGED, user=user, reason="", action="alert.acknowledge"
    )


@transaction.atomic
def alert_action(*, alert: Alert, user: User, note: str) -> Alert:
    """What the alert asked for has been done; the note says what."""
    return _alert_move(
        alert, AlertStatus.ACTIONED, user=user, reason=_reason_required(note), action="alert.action"
    )


@transaction.atomic
def alert_close(*, alert: Alert, user: User, reason: str) -> Alert:
    """Close without the action: an override of the partnership's rule, so it needs a reason."""
    return _alert_move(
        alert, AlertStatus.CLOSED, user=user, reason=_reason_required(reason), action="alert.close"
    )


def rule_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> RuleSetting:
    """A new value for a threshold, in force from a date; the old value stays on record. Set by
    a user on the page (a front-door manager) or at the console (no user)."""
    if user is not None:
        rule_thresholds_check(actor_for(user))
    return dated_setting_add(
        RuleSetting,
        action="rules.setting",
        key=key,
        value=setting_check(key, value),
        effective_from=effective_from,
        reason=reason,
        user=user,
    )
