"""What people did about derived records (alerts, notifications), kept apart from them by what
a rebuild does not change, and found again when the records are derived again (ADR 16).

Event ids change when the hub derives everything again, and person ids may; the inbox does not. So a
kept record names its event by the event's message (the sender and the sender's message id,
which a revision of the message keeps) and its person by one of their parts in a message (the
subject's `ref` in the triggering message where they are in it, else in the first message that
named them).
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from django.db import models
from django.db.models import Case, IntegerField, QuerySet, Value, When

from frontdoor.chronology.models import Event, Participant

Anchor = tuple[int, str, str]
"""A person as one of their parts in the inbox: the sender, its message id, the subject's ref."""
Sent = Mapping[int, tuple[int, str]]
"""Each event's sender and message id, by event id."""


class Anchored(models.Model):
    """A person named by one of their parts in the inbox (see `Anchor`)."""

    subject_sent_by = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    subject_message_id = models.CharField(max_length=200)
    subject_ref = models.CharField(max_length=64)

    class Meta:
        abstract = True


class Kept(Anchored):
    """What a person did about a record derived at an event about a person, keyed by the
    event's message and the person's part in the inbox."""

    sent_by = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    message_id = models.CharField(max_length=200, help_text="The sender's id of the message.")

    class Meta:
        abstract = True


K = TypeVar("K", bound=Kept)
A = TypeVar("A", bound=Anchored)


def person_anchor(*, person_id: int, event_id: int | None = None) -> dict[str, object]:
    """The person's part in the event's message where they are in it, else in the first
    message that named them: the fields of `Anchored`."""
    here = Case(
        When(event_id=event_id, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    subject_sent_by, subject_message_id, subject_ref = (
        Participant.objects.filter(person_id=person_id)
        .order_by(here, "event__message_id", "pk")
        .values_list("event__agency_id", "event__message__message_id", "ref")[0]
    )
    return {
        "subject_sent_by_id": subject_sent_by,
        "subject_message_id": subject_message_id,
        "subject_ref": subject_ref,
    }


def kept_key(*, event_id: int, person_id: int) -> dict[str, object]:
    """The fields that find a kept record after a rebuild: the event's message, and the
    person's part in it (else in the first message that named them)."""
    sent_by, message_id = Event.objects.filter(pk=event_id).values_list(
        "agency_id", "message__message_id"
    )[0]
    return {
        "sent_by_id": sent_by,
        "message_id": message_id,
        **person_anchor(person_id=person_id, event_id=event_id),
    }


def kept_at(records: QuerySet[K], sent: Sent) -> list[K]:
    """The records kept about these events (one query, by the message id index)."""
    events = set(sent.values())
    return [
        k
        for k in records.filter(message_id__in=sorted({m for _, m in events}))
        if (k.sent_by_id, k.message_id) in events
    ]


def _anchor(kept: Anchored) -> Anchor:
    return (kept.subject_sent_by_id, kept.subject_message_id, kept.subject_ref)


def kept_people(kept: Iterable[Anchored]) -> dict[Anchor, int]:
    """The person each record's part in the inbox belongs to now (one query)."""
    anchors = {_anchor(k) for k in kept}
    found: dict[Anchor, int] = {}
    for agency_id, message_id, ref, person_id in Participant.objects.filter(
        event__message__message_id__in={a[1] for a in anchors},
        ref__in={a[2] for a in anchors},
    ).values_list("event__agency_id", "event__message__message_id", "ref", "person_id"):
        anchor = (agency_id, str(message_id), ref)
        if anchor in anchors:
            found[anchor] = person_id
    return found


def kept_by(
    kept: Sequence[A], people: Mapping[Anchor, int], fields: Sequence[str]
) -> dict[tuple[object, ...], A]:
    """Each record by who and what it is about now: the person, then its own `fields`.
    Records come oldest first, so the latest wins."""
    found: dict[tuple[object, ...], A] = {}
    for record in kept:
        person_id = people.get(_anchor(record))
        if person_id is not None:
            found[(person_id, *(getattr(record, name) for name in fields))] = record
    return found
