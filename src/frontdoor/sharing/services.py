"""Writes to notifications: delivering them, an agency acknowledging one, and the front door
deciding not to share one. Each in one transaction, audited in it."""

from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import Agency, StaffProfile
from frontdoor.access.policy import FRONT_DOOR, actor_for, front_door_check, sign_off_check
from frontdoor.audit.services import audit_record
from frontdoor.bulk import rows_update
from frontdoor.kept import person_anchor
from frontdoor.triage.configuration import NOT_SHARING, Timeline
from frontdoor.triage.models import SignOff

from .kept import notice_key
from .models import (
    NEVER_TOLD,
    OUTSTANDING,
    Acknowledgement,
    Decided,
    NeverTell,
    Notification,
    NotificationStatus,
    NotSharing,
)


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
        **notice_key(locked),
        acknowledged_by=user,
        acknowledged_at=timezone.now(),
        note=note.strip(),
    )
    locked.status = NotificationStatus.ACKNOWLEDGED
    locked.acknowledged_at = locked.acknowledgement.acknowledged_at
    locked.save(update_fields=["status", "acknowledgement", "acknowledged_at"])
    audit_record(
        actor=user,
        action="notification.acknowledge",
        route="notified",
        target=locked,
        details={
            "duty": locked.duty,
            "person": locked.person_id,
            "acknowledgement": locked.acknowledgement.pk,
        },
    )
    return locked


def _required(field: str, text: str, what: str) -> str:
    if not text.strip():
        raise NotificationError(f"{field}: {what}")
    return text.strip()


@transaction.atomic
def not_sharing_record(*, notification: Notification, user: User, reason: str) -> NotSharing:
    """A front-door practitioner decides the recipient must not be told, and why. It stands at
    once (the notification is withheld and leaves the agency's inbox), or once a manager agrees
    where the partnership requires sign-off. Kept apart, so a rebuild gives it back."""
    front_door_check(actor_for(user))
    locked = (
        Notification.objects.select_for_update(of=("self",))
        .select_related("not_sharing")
        .get(pk=notification.pk)
    )
    if locked.status not in OUTSTANDING:
        raise NotificationError(
            f"reason: the notification is {locked.get_status_display().lower()} already"
        )
    if locked.not_sharing is not None and locked.not_sharing.sign_off == SignOff.AWAITING:
        raise NotificationError("reason: a decision not to share it awaits a manager's sign-off")
    reason = _required("reason", reason, "say why the agency must not be told")
    needs_sign_off = NOT_SHARING in Timeline.load().on(timezone.localdate()).sign_off
    decision = NotSharing.objects.create(
        **notice_key(locked),
        decided_by=user,
        decided_at=timezone.now(),
        reason=reason,
        sign_off=SignOff.AWAITING if needs_sign_off else SignOff.NOT_REQUIRED,
    )
    locked.not_sharing = decision
    if decision.stands:
        locked.status, locked.reason = NotificationStatus.WITHHELD, reason
    locked.save(update_fields=["not_sharing", "status", "reason"])
    audit_record(
        actor=user,
        action="notification.not_sharing",
        route=FRONT_DOOR,
        target=decision,
        details={
            "notification": locked.pk,
            "duty": locked.duty,
            "recipient": locked.recipient_id,
            "person": locked.person_id,
            "sign_off": decision.sign_off,
        },
    )
    return decision


def _signed_off(locked: Decided, *, user: User, agree: bool, note: str) -> None:
    """A front-door manager other than its maker agrees a decision awaiting sign-off, or
    returns it with a note."""
    if locked.sign_off != SignOff.AWAITING:
        raise NotificationError(f"agree: the decision is {locked.get_sign_off_display().lower()}")
    if locked.decided_by_id == user.pk:
        raise NotificationError("agree: a decision is signed off by a manager other than its maker")
    if not agree:
        note = _required("note", note, "say why you are returning the decision")
    locked.sign_off = SignOff.AGREED if agree else SignOff.RETURNED
    locked.signed_off_by, locked.signed_off_at = user, timezone.now()
    locked.sign_off_note = note.strip()
    locked.save(update_fields=["sign_off", "signed_off_by", "signed_off_at", "sign_off_note"])


@transaction.atomic
def not_sharing_sign_off(*, decision: NotSharing, user: User, agree: bool, note: str) -> NotSharing:
    """A front-door manager agrees a decision not to share, which then stands, or returns it
    with a note (the agency stays told)."""
    sign_off_check(actor_for(user))
    locked = NotSharing.objects.select_for_update().get(pk=decision.pk)
    notification = Notification.objects.select_for_update().filter(not_sharing=locked).first()
    if (
        agree
        and locked.sign_off == SignOff.AWAITING
        and (notification is None or notification.status not in OUTSTANDING)
    ):
        raise NotificationError("agree: the agency has acknowledged the notification already")
    _signed_off(locked, user=user, agree=agree, note=note)
    if agree and notification is not None:
        notification.status, notification.reason = NotificationStatus.WITHHELD, locked.reason
        notification.save(update_fields=["status", "reason"])
    audit_record(
        actor=user,
        action="notification.not_sharing_sign_off",
        route=FRONT_DOOR,
        target=locked,
        details={"agree": agree, "note": locked.sign_off_note},
    )
    return locked


def _never_tell_withhold(decision: NeverTell, person_id: int) -> int:
    """Withhold the agency's notifications about the person it has not acknowledged; return
    how many."""
    return Notification.objects.filter(
        recipient_id=decision.recipient_id, person_id=person_id, status__in=OUTSTANDING
    ).update(status=NotificationStatus.WITHHELD, reason=NEVER_TOLD, never_tell=decision)


@transaction.atomic
def never_tell_record(*, person_id: int, recipient: Agency, user: User, reason: str) -> NeverTell:
    """A front-door manager decides an agency is never told about a person, and why. It
    stands at once, or once another manager agrees where the partnership requires sign-off;
    then every notification to the agency about them not yet acknowledged is withheld, and
    every later one. Kept apart, naming the person by their first part in the inbox."""
    sign_off_check(actor_for(user))
    reason = _required("reason", reason, "say why the agency must never be told")
    anchor = person_anchor(person_id=person_id)
    if (
        NeverTell.objects.filter(recipient=recipient, lifted_at=None, **anchor)
        .exclude(sign_off=SignOff.RETURNED)
        .exists()
    ):
        raise NotificationError(
            f"recipient: a decision never to tell {recipient.name} about them is in place already"
        )
    needs_sign_off = NOT_SHARING in Timeline.load().on(timezone.localdate()).sign_off
    decision = NeverTell.objects.create(
        **anchor,
        recipient=recipient,
        decided_by=user,
        decided_at=timezone.now(),
        reason=reason,
        sign_off=SignOff.AWAITING if needs_sign_off else SignOff.NOT_REQUIRED,
    )
    withheld = _never_tell_withhold(decision, person_id) if decision.stands else 0
    audit_record(
        actor=user,
        action="notification.never_tell",
        route=FRONT_DOOR,
        target=decision,
        details={
            "person": person_id,
            "recipient": recipient.pk,
            "sign_off": decision.sign_off,
            "withheld": withheld,
        },
    )
    return decision


@transaction.atomic
def never_tell_sign_off(
    *, decision: NeverTell, person_id: int | None, user: User, agree: bool, note: str
) -> NeverTell:
    """A front-door manager agrees a decision never to tell an agency about a person, which
    then stands (`person_id`: who it names now), or returns it with a note."""
    sign_off_check(actor_for(user))
    locked = NeverTell.objects.select_for_update().get(pk=decision.pk)
    _signed_off(locked, user=user, agree=agree, note=note)
    withheld = _never_tell_withhold(locked, person_id) if agree and person_id is not None else 0
    audit_record(
        actor=user,
        action="notification.never_tell_sign_off",
        route=FRONT_DOOR,
        target=locked,
        details={"agree": agree, "note": locked.sign_off_note, "withheld": withheld},
    )
    return locked


@transaction.atomic
def never_tell_lift(*, decision: NeverTell, user: User, reason: str) -> NeverTell:
    """A front-door manager lifts a decision never to tell an agency about a person, and says
    why: notifications about what the hub learns of from now on are sent; those it withheld
    stay withheld (it is what the hub did then)."""
    sign_off_check(actor_for(user))
    locked = NeverTell.objects.select_for_update().get(pk=decision.pk)
    if locked.lifted_at is not None:
        raise NotificationError("reason: the decision is lifted already")
    locked.lift_reason = _required("reason", reason, "say why the agency may be told again")
    locked.lifted_by, locked.lifted_at = user, timezone.now()
    locked.save(update_fields=["lifted_by", "lifted_at", "lift_reason"])
    audit_record(
        actor=user,
        action="notification.never_tell_lift",
        route=FRONT_DOOR,
        target=locked,
        details={"reason": locked.lift_reason},
    )
    return locked
