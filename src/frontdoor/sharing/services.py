"""Writes to notifications: delivering them, an agency acknowledging one, and the front door
deciding not to share one. Each in one transaction, audited in it."""

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import StaffProfile
from frontdoor.audit.services import audit_record
from frontdoor.bulk import rows_update

from .kept import kept_key
from .models import OUTSTANDING, Acknowledgement, Notification, NotificationStatus


class NotificationError(ValueError):
    """A change a notification cannot take as asked; the message says why, for the user."""


@transaction.atomic
def notifications_deliver(*, notification_ids: Sequence[int]) -> int:
    """Put new notifications in their recipients' inboxes, and email each recipient agency's
    staff once to say how many are waiting; return how many were delivered.

    The email carries no personal data (email is not a secure channel): the payload is read in
    the hub. One already past its deadline is not emailed: it is escalated to the front door.
    """
    now = timezone.now()
    due = list(
        Notification.objects.select_for_update()
        .filter(pk__in=notification_ids, status=NotificationStatus.DUE)
        .only("pk", "recipient_id", "due_by", "emailed_at")
    )
    if not due:
        return 0
    waiting: dict[int, int] = {}
    for notification in due:
        if notification.due_by > now:
            waiting[notification.recipient_id] = waiting.get(notification.recipient_id, 0) + 1
    addresses: dict[int, list[str]] = {}
    for agency_id, email in (
        StaffProfile.objects.filter(agency_id__in=waiting)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("agency_id", "user__email")
    ):
        addresses.setdefault(agency_id, []).append(email)
    send_mass_mail(
        [
            (
                f"{count} new safeguarding notification{'' if count == 1 else 's'}",
                f"{count} new notification{'' if count == 1 else 's'} from the front door "
                f"{'is' if count == 1 else 'are'} waiting in your agency's inbox. Sign in to "
                f"{settings.FRONTDOOR_SERVICE_NAME} and open Notifications to read and "
                f"acknowledge {'it' if count == 1 else 'them'}.\n\n"
                f"{settings.FRONTDOOR_PARTNERSHIP_NAME}",
                None,
                addresses[agency_id],
            )
            for agency_id, count in sorted(waiting.items())
            if agency_id in addresses
        ]
    )
    for notification in due:
        notification.status, notification.delivered_at = NotificationStatus.DELIVERED, now
        if notification.recipient_id in addresses and notification.due_by > now:
            notification.emailed_at = now
    rows_update(Notification, due, ["status", "delivered_at", "emailed_at"])
    audit_record(
        actor=None,
        action="notifications.deliver",
        details={"notifications": len(due), "agencies_emailed": sorted(addresses)},
    )
    return len(due)


@transaction.atomic
def notification_acknowledge(
    *, notification: Notification, user: User, note: str = ""
) -> Notification:
    """The recipient agency has read the notification and is acting on it. Kept apart from the
    notification, so a rebuild gives it back."""
    locked = Notification.objects.select_for_update().get(pk=notification.pk)
    if locked.status not in OUTSTANDING:
        raise NotificationError(
            f"status: the notification is {locked.get_status_display().lower()} already"
        )
    locked.acknowledgement = Acknowledgement.objects.create(
        **kept_key(locked), acknowledged_by=user, acknowledged_at=timezone.now(), note=note.strip()
    )
    locked.status = NotificationStatus.ACKNOWLEDGED
    locked.save(update_fields=["status", "acknowledgement"])
    audit_record(
        actor=user,
        action="notification.acknowledge",
        target=locked,
        details={
            "duty": locked.duty,
            "person": locked.person_id,
            "acknowledgement": locked.acknowledgement.pk,
        },
    )
    return locked
