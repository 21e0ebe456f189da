"""Reads of the chronology. These take a person already access-checked by the caller."""

from django.db.models import QuerySet

from .models import Participant


def participations_of(person_id: int) -> QuerySet[Participant]:
    """A person's part in every event, oldest first, with each event's agency and message id.

    Not access-checked itself: call it only for a person the reader was allowed to open.
    """
    return (
        Participant.objects.filter(person_id=person_id)
        .select_related("event", "event__agency", "event__message")
        .defer("event__message__raw")
        .order_by("event__occurred_at", "event_id")
    )
