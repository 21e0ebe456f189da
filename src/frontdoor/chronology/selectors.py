"""Reads of the chronology. These take a person already access-checked by the caller."""

from django.db.models import F, QuerySet

from .models import Participant


def participations_of(person_id: int) -> QuerySet[Participant]:
    """A person's part in every event, oldest first, with each event's agency and message id
    (as `message_key`: the message itself, raw text and all, is not loaded).

    Not access-checked itself: call it only for a person the reader was allowed to open.
    """
    return (
        Participant.objects.filter(person_id=person_id)
        .select_related("event", "event__agency")
        .annotate(message_key=F("event__message__message_id"))
        .order_by("event__occurred_at", "event_id")
    )
