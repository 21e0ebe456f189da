"""What people did about notifications, outliving the notifications: the key a kept record is
found by, and notifications derived again taking back their state from it (`frontdoor.kept`)."""

from collections.abc import Sequence

from frontdoor.kept import Sent, kept_at, kept_by, kept_key, kept_people

from .models import Acknowledgement, Notification, NotificationStatus, NotSharing

NOTICE = ("duty", "recipient_id")


def notice_key(notification: Notification) -> dict[str, object]:
    """The fields that find a notification's kept records after a rebuild: its event's message,
    its duty and recipient, and its person's part in the inbox."""
    return {
        **kept_key(event_id=notification.event_id, person_id=notification.person_id),
        "duty": notification.duty,
        "recipient_id": notification.recipient_id,
    }


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
            notification.duty,
            notification.recipient_id,
            notification.person_id,
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
