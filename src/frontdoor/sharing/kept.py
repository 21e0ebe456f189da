"""What people did about notifications, outliving the notifications: the key a kept record is
found by, and notifications derived again taking back their state from it (`frontdoor.kept`)."""

from collections.abc import Sequence

from frontdoor.intake.models import InboxMessage
from frontdoor.kept import Sent, kept_at, kept_by, kept_key, kept_people
from frontdoor.triage.models import SignOff

from .models import (
    NEVER_TOLD,
    OUTSTANDING,
    Acknowledgement,
    NeverTell,
    Notification,
    NotificationStatus,
    NotSharing,
)

STANDS = (SignOff.NOT_REQUIRED, SignOff.AGREED)
NOTICE = ("duty", "recipient_id", "sent_by_id", "message_id")


def notice_key(notification: Notification) -> dict[str, object]:
    """The fields that find a notification's kept records after a rebuild: its event's message,
    its duty and recipient, and its person's part in the inbox."""
    return {
        **kept_key(event_id=notification.event_id, person_id=notification.person_id),
        "duty": notification.duty,
        "recipient_id": notification.recipient_id,
    }


def decision_person_id(decision: NotSharing | NeverTell) -> int | None:
    """The person a decision not to tell an agency names now: a decision not to share, the
    person of its notification; a decision never to tell, whoever holds its part in the inbox.
    None where a rebuild left no one."""
    if isinstance(decision, NotSharing):
        return (
            Notification.objects.filter(not_sharing=decision)
            .values_list("person_id", flat=True)
            .first()
        )
    return next(iter(kept_people([decision]).values()), None)


def notification_states_restore(notifications: Sequence[Notification], sent: Sent) -> None:
    """Notifications derived again (a rebuild, a link decision) take back what people did about
    them: an agency's acknowledgement, a practitioner's decision not to share. `sent` gives each
    event's sender and message id. Three queries, the last only where anything was kept."""
    acknowledged = kept_at(Acknowledgement.objects.all(), sent)
    withheld = kept_at(NotSharing.objects.order_by("decided_at", "pk"), sent)
    if not acknowledged and not withheld:
        return
    people = kept_people([*acknowledged, *withheld])
    acknowledgements = kept_by(acknowledged, people, NOTICE)
    decisions = kept_by(withheld, people, NOTICE)
    for notification in notifications:
        key = (
            notification.person_id,
            notification.duty,
            notification.recipient_id,
            *sent[notification.event_id],
        )
        decision = decisions.get(key)
        acknowledgement = acknowledgements.get(key)
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


def never_tell_apply(notifications: Sequence[Notification]) -> None:
    """Notifications not acknowledged (new ones, or derived again) to an agency a standing
    decision says is never told about their person are withheld, where it covers them: about
    messages the hub received before it was lifted, if it was. One query; three where such a
    decision stands."""
    standing = list(NeverTell.objects.filter(sign_off__in=STANDS).order_by("decided_at", "pk"))
    if not standing:
        return
    decisions = kept_by(standing, kept_people(standing), ("recipient_id",))
    covered = [
        (notification, decision)
        for notification in notifications
        if notification.status in OUTSTANDING
        and (decision := decisions.get((notification.person_id, notification.recipient_id)))
    ]
    received = dict(
        InboxMessage.objects.filter(
            event__in={notification.event_id for notification, _ in covered}
        ).values_list("event", "received_at")
    )
    for notification, decision in covered:
        if decision.covers(received[notification.event_id]):
            notification.status, notification.reason = NotificationStatus.WITHHELD, NEVER_TOLD
            notification.never_tell = decision
