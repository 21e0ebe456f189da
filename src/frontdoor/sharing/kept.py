"""What people did about notifications, outliving the notifications: the key a kept record is
found by, and notifications derived again taking back their state from it (see `Kept`)."""

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from django.db.models import Case, IntegerField, Value, When

from frontdoor.chronology.models import Event, Participant

from .models import Acknowledgement, Kept, Notification, NotificationStatus, NotSharing

K = TypeVar("K", bound=Kept)
Anchor = tuple[int, str, str]
"""A person as one of their parts in the inbox: the sender, its message id, the subject's ref."""


def kept_key(notification: Notification) -> dict[str, object]:
    """The fields that find a notification's kept records after a rebuild: its event's message,
    its duty and recipient, and its person's part in that message (else in the first message
    that named them)."""
    sent_by, message_id = Event.objects.filter(pk=notification.event_id).values_list(
        "agency_id", "message__message_id"
    )[0]
    here = Case(
        When(event_id=notification.event_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    subject_sent_by, subject_message_id, subject_ref = (
        Participant.objects.filter(person_id=notification.person_id)
        .order_by(here, "event__message_id", "pk")
        .values_list("event__agency_id", "event__message__message_id", "ref")[0]
    )
    return {
        "sent_by_id": sent_by,
        "message_id": message_id,
        "duty": notification.duty,
        "recipient_id": notification.recipient_id,
        "subject_sent_by_id": subject_sent_by,
        "subject_message_id": subject_message_id,
        "subject_ref": subject_ref,
    }


def notification_states_restore(
    notifications: Sequence[Notification], sent: Mapping[int, tuple[int, str]]
) -> None:
    """Notifications derived again (a rebuild, a link decision) take back what people did about
    them: an agency's acknowledgement, a practitioner's decision not to share. `sent` gives each
    event's sender and message id. Three queries, the last only where anything was kept."""
    messages = sorted({message_id for _, message_id in sent.values()})
    acknowledged = _kept(Acknowledgement.objects.filter(message_id__in=messages), sent)
    withheld = _kept(
        NotSharing.objects.filter(message_id__in=messages).order_by("decided_at", "pk"), sent
    )
    if not acknowledged and not withheld:
        return
    people = _people({_anchor(k) for k in [*acknowledged, *withheld]})
    acknowledgements = _by_notification(acknowledged, people)
    decisions = _by_notification(withheld, people)
    for notification in notifications:
        key = (notification.duty, notification.recipient_id, notification.person_id)
        event_key = sent[notification.event_id]
        decision = decisions.get((*key, *event_key))
        acknowledgement = acknowledgements.get((*key, *event_key))
        if decision is not None:
            # The latest decision, whether it stands, awaits sign-off or was returned.
            notification.not_sharing = decision
        if acknowledgement is not None:
            notification.acknowledgement = acknowledgement
            notification.acknowledged_at = acknowledgement.acknowledged_at
            notification.status = NotificationStatus.ACKNOWLEDGED
        elif decision is not None and decision.stands:
            notification.status = NotificationStatus.WITHHELD
            notification.reason = decision.reason


def _kept(records: Iterable[K], sent: Mapping[int, tuple[int, str]]) -> list[K]:
    events = set(sent.values())
    return [k for k in records if (k.sent_by_id, k.message_id) in events]


def _anchor(kept: Kept) -> Anchor:
    return (kept.subject_sent_by_id, kept.subject_message_id, kept.subject_ref)


def _people(anchors: set[Anchor]) -> dict[Anchor, int]:
    """The person each part in the inbox belongs to now."""
    found: dict[Anchor, int] = {}
    for agency_id, message_id, ref, person_id in Participant.objects.filter(
        event__message__message_id__in={a[1] for a in anchors},
        ref__in={a[2] for a in anchors},
    ).values_list("event__agency_id", "event__message__message_id", "ref", "person_id"):
        anchor = (agency_id, str(message_id), ref)
        if anchor in anchors:
            found[anchor] = person_id
    return found


def _by_notification(
    kept: Sequence[K], people: Mapping[Anchor, int]
) -> dict[tuple[str, int, int, int, str], K]:
    """Each record by the notification it is about now: duty, recipient, person, sender and
    message id. The latest record wins."""
    found: dict[tuple[str, int, int, int, str], K] = {}
    for record in kept:
        person_id = people.get(_anchor(record))
        if person_id is not None:
            key = (
                record.duty,
                record.recipient_id,
                person_id,
                record.sent_by_id,
                record.message_id,
            )
            found[key] = record
    return found
