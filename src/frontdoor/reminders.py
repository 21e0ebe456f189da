"""Reminders of work due by a day (MARAC actions, case-audit actions): what counts as due soon,
how its state is told, and emailing each owner once a day, recorded so a second run the same day
sends nothing."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TypeVar

from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q

from frontdoor.audit.services import audit_record

REMIND_DAYS_AHEAD = 2


R = TypeVar("R", bound=models.Model)


@dataclass(frozen=True)
class Reminder:
    subject: str
    body: str
    to: Sequence[str]


def due_soon_by(today: date) -> date:
    """The last due day that is reminded of today: within two days, or overdue."""
    return today + timedelta(days=REMIND_DAYS_AHEAD)


def due_state(due_on: date, today: date) -> str:
    """How a reminder says when the work is due: 'is due on …', or 'was due on … and is
    overdue'."""
    if due_on < today:
        return f"was due on {due_on:%-d %B %Y} and is overdue"
    return f"is due on {due_on:%-d %B %Y}"


@transaction.atomic
def reminders_send(
    open_work: "models.QuerySet[R]",
    *,
    today: date,
    reminder: Callable[[R], Reminder],
    action: str,
) -> list[R]:
    """Email the owners of the open work (with `due_on` and `reminded_on`) due soon or overdue
    and not yet reminded today; record the day on each and one audit event for the run."""
    due = list(
        open_work.select_for_update(of=("self",))
        .filter(due_on__lte=due_soon_by(today))
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .order_by("due_on", "pk")
    )
    for row in due:
        told = reminder(row)
        if told.to:
            transaction.on_commit(partial(send_mail, told.subject, told.body, None, list(told.to)))
        row.reminded_on = today  # type: ignore[attr-defined]
    open_work.model._default_manager.bulk_update(due, ["reminded_on"])
    if due:
        audit_record(
            actor=None, action=action, details={"actions": [r.pk for r in due], "on": str(today)}
        )
    return due
