"""Access-checked reads of the inbox: quarantined messages are raw personal data."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from frontdoor.access.models import Agency
from frontdoor.access.policy import QUARANTINE_ROUTE, actor_for, quarantine_filter
from frontdoor.audit.services import audit_record

from .models import InboxMessage, Status
from .services import Outcome, message_outcome


def quarantine_list(*, user: User | AnonymousUser) -> QuerySet[InboxMessage]:
    """Rejected messages the user may work on, oldest first."""
    actor = actor_for(user)
    return (
        InboxMessage.objects.filter(quarantine_filter(actor), status=Status.REJECTED)
        .defer("raw")
        .order_by("received_at", "pk")
    )


def quarantined_message_get(*, user: User | AnonymousUser, inbox_id: int) -> InboxMessage:
    """One quarantined message, raw; opening it is audited, as the raw text names people."""
    actor = actor_for(user)
    message = InboxMessage.objects.filter(
        quarantine_filter(actor), pk=inbox_id, status=Status.REJECTED
    ).first()
    if message is None:
        raise Http404("No message in quarantine with that id that you can see.")
    audit_record(actor=actor.user, action="quarantine.open", route=QUARANTINE_ROUTE, target=message)
    return message


def quarantine_correction_of(*, user: User | AnonymousUser, inbox_id: int) -> InboxMessage | None:
    """What took the place of a message that left quarantine because it was corrected, if the
    user may work on it: its latest correction, or that correction's, to the last in the
    chain; so a link to the message leads on."""
    actor = actor_for(user)
    latest = None
    while True:
        found = (
            InboxMessage.objects.filter(
                quarantine_filter(actor), corrects_id=inbox_id, corrects__status=Status.SUPERSEDED
            )
            .defer("raw")
            .order_by("-revision", "-pk")
            .first()
        )
        if found is None:
            return latest
        latest, inbox_id = found, found.pk


def message_outcome_for_sender(*, sender: Agency, source: str, message_id: str) -> Outcome | None:
    """What became of the latest revision of a message, if this agency sent it; else None."""
    message = (
        InboxMessage.objects.filter(
            source=source, message_id=message_id, received_from_agency=sender.code
        )
        .defer("raw")
        .order_by("-revision", "-pk")
        .first()
    )
    return message_outcome(message) if message else None
