"""Derivation: what follows from processed messages, the rules' alerts, the MARAC list and the
sharing duties (decision 15).

Processing records what a message says: its people, its event, any referral. Derivation reads
each new event's history as known at that event and acts on it. With `FRONTDOOR_INTAKE` "inline"
(the embedded default, and the tests) it runs in processing's own transaction. With "worker",
processing leaves the message due (processed, `derived_at` empty) and the intake worker
(`frontdoor process --follow`) derives it in another process, oldest first, so neither an
agency's answer nor the ingest of a file waits for the rules. Either way a message is derived
once: the transaction that derives it also marks it derived.
"""

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from frontdoor.batches import halving_apply
from frontdoor.chronology.models import Event
from frontdoor.marac.services import marac_referrals_record
from frontdoor.risk.engine import TRIGGER_KINDS, alerts_raise
from frontdoor.risk.history import histories_load
from frontdoor.sharing.engine import DUTY_KINDS, notifications_make
from frontdoor.sharing.services import notifications_deliver
from frontdoor.turnstile import bulk_batch_size, write_turn

from .models import InboxMessage, Status

logger = logging.getLogger(__name__)

WORKER = "worker"
# The events whose histories derivation reads: those the rules or the sharing duties look at.
HISTORY_KINDS = TRIGGER_KINDS | DUTY_KINDS
# Taken by every deriving transaction on PostgreSQL, so two derivers never raise the same alert.
DERIVATION_LOCK = 0x46445F4445524956  # "FD_DERIV"
# A message recorded but not yet derived.
DUE = Q(status=Status.PROCESSED, derived_at__isnull=True)


def intake_by_worker() -> bool:
    """Whether a worker finishes intake: derives every message, records the API's."""
    return bool(settings.FRONTDOOR_INTAKE == WORKER)


def derivation_lock_take() -> None:
    """Within a transaction, wait for any other derivation to finish first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DERIVATION_LOCK])


def events_derive(events: Sequence[Event]) -> None:
    """Raise the alerts, list the MARAC referrals and make the notifications these newly
    recorded events call for, in the caller's transaction."""
    # One read of the histories serves the rules and the sharing duties.
    histories = histories_load([event.pk for event in events], kinds=HISTORY_KINDS)
    alerts_raise(histories)
    marac_referrals_record(events)
    notified = [n.pk for n in notifications_make(histories)]
    if notified:
        # Robust: a mail server that is down must not undo or repeat the derivation; what was
        # not delivered stays due.
        transaction.on_commit(
            functools.partial(notifications_deliver, notification_ids=notified), robust=True
        )


def derivation_due() -> QuerySet[InboxMessage]:
    """Messages processed but not yet derived."""
    return InboxMessage.objects.filter(DUE)


@dataclass(frozen=True)
class Backlog:
    """Messages the rules and the sharing duties have not run on yet (recorded or only checked),
    and the oldest's arrival."""

    count: int
    since: datetime | None


def intake_backlog() -> Backlog:
    """What the intake worker has still to do: what the front door cannot see yet."""
    due = InboxMessage.objects.filter(DUE | Q(status=Status.CHECKED)).aggregate(
        count=Count("pk"), since=Min("received_at")
    )
    return Backlog(due["count"], due["since"])


@transaction.atomic
def _derive(message_ids: list[int]) -> None:
    derivation_lock_take()
    due = list(derivation_due().filter(pk__in=message_ids).values_list("pk", flat=True))
    events = (
        Event.objects.filter(message_id__in=due)
        .select_related("message")
        # What MARAC's list reads; the histories are read by event id.
        .only("kind", "facts", "agency", "occurred_at", "message__source", "message__message_id")
        .order_by("message_id")
    )
    events_derive(list(events))
    InboxMessage.objects.filter(pk__in=due).update(derived_at=timezone.now())


def derivations_run(*, skip: set[int] | None = None) -> int:
    """Derive every message that is due, oldest first, a batch per transaction; return how many.
    On SQLite each batch is a bulk writer's turn, small while API requests and pages come
    (`bulk_batch_size`).

    A message whose derivation fails every time is logged and added to `skip` (so a long-running
    worker passes over it), and stays due for the next run, after the fault is mended.
    """
    skip = set() if skip is None else skip
    count = 0
    while ids := list(
        derivation_due()
        .exclude(pk__in=skip)
        .order_by("pk")
        .values_list("pk", flat=True)[: bulk_batch_size()]
    ):
        with write_turn(bulk=True):
            failed = halving_apply(ids, _derive)
        for message_id, error in failed:
            logger.error("could not derive inbox message %s: %r", message_id, error)
            skip.add(message_id)
        count += len(ids) - len(failed)
    return count
