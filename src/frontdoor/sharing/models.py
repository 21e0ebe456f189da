"""Notifications: what the hub told an agency about a person, under which duty, and whether the
agency acknowledged it; and what people did about them, kept apart so a rebuild cannot lose it."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.indexes import index_where_set
from frontdoor.kept import Anchored, Kept
from frontdoor.triage.models import SignOff

LAWFUL_BASIS = (
    "UK GDPR Article 6(1)(e), a task in the public interest; Data Protection Act 2018 Schedule 1 "
    "paragraph 18, safeguarding of children and of individuals at risk"
)


class NotificationStatus(models.TextChoices):
    DUE = "due", "Due"
    DELIVERED = "delivered", "Delivered"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    WITHHELD = "withheld", "Not sent"


OUTSTANDING = (NotificationStatus.DUE, NotificationStatus.DELIVERED)
NEVER_TOLD = "The front door decided this agency is never told about them"


class KeptNotice(Kept):
    """What a person did about a notification, kept apart from the notifications (which are
    derived and rebuilt): a notification is one duty's notice to one recipient about one person
    at one event, so it is found again by its event's message, its duty and recipient, and its
    person's part in the inbox (see `frontdoor.kept`)."""

    duty = models.CharField(max_length=40)
    recipient = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")

    KEY = (
        "sent_by",
        "message_id",
        "duty",
        "recipient",
        "subject_sent_by",
        "subject_message_id",
        "subject_ref",
    )

    class Meta:
        abstract = True


class Acknowledgement(KeptNotice):
    """The recipient agency read the notification and is acting on it: who, when, any note."""

    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=KeptNotice.KEY, name="acknowledged_once")]
        indexes = [models.Index(fields=["message_id", "sent_by"])]

    def __str__(self) -> str:
        return f"{self.duty} on {self.message_id} acknowledged by {self.acknowledged_by_id}"


class Decided(models.Model):
    """A front-door decision that an agency must not be told, and why: it stands at once, or
    once a front-door manager other than its maker agrees where the partnership requires
    sign-off (the front door's `sign_off.outcomes` setting includes `not_sharing`)."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    reason = models.TextField()
    sign_off = models.CharField(max_length=16, choices=SignOff.choices)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def stands(self) -> bool:
        return self.sign_off in (SignOff.NOT_REQUIRED, SignOff.AGREED)


class NotSharing(KeptNotice, Decided):
    """A front-door practitioner's decision that the recipient of one notification must not be
    told, and why (for example, telling the school would put the child at risk)."""

    class Meta:
        indexes = [models.Index(fields=["message_id", "sent_by"])]

    def __str__(self) -> str:
        return f"not telling {self.recipient_id} under {self.duty} ({self.sign_off})"


class NeverTell(Anchored, Decided):
    """A front-door manager's standing decision that an agency is never told about a person
    (a child whose whereabouts must be kept from it, say): every notification to it about them
    is withheld, those made later included, until the decision is lifted. Kept apart from the
    notifications and naming the person by their first part in the inbox, so it outlives a
    rebuild."""

    recipient = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="From when the agency is told again: notifications about messages the hub "
        "received before it stay withheld.",
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["subject_message_id"])]

    def __str__(self) -> str:
        return f"never telling {self.recipient_id} about {self.subject_ref} ({self.sign_off})"

    def covers(self, received_at: datetime) -> bool:
        """Whether it withholds a notification about a message the hub received then."""
        return self.stands and (self.lifted_at is None or received_at < self.lifted_at)


class Notification(models.Model):
    """One duty's notice to one agency about one person, triggered by one event.

    Derived from the inbox like the alerts: `frontdoor rebuild` deletes and derives them again,
    and each takes back what people did about it (`Acknowledgement`, `NotSharing`). A `withheld`
    one records a decision not to share (the sender says it already told the agency, or a
    practitioner decided it must not be told), so the person's page can say why that agency was
    not told by the hub.
    """

    duty = models.CharField(max_length=40)
    # The indexes below that begin with the recipient, the person and the event serve their keys.
    recipient = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, related_name="notifications", db_index=False
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="notifications", db_index=False
    )
    event = models.ForeignKey("chronology.Event", on_delete=models.PROTECT, related_name="+")
    messages = models.JSONField(default=list, help_text="The message ids it was derived from.")
    payload = models.JSONField(
        default=list,
        help_text="What the recipient is told, only what its duty allows: [label, text] pairs, "
        "in order.",
    )
    lawful_basis = models.CharField(max_length=300, default=LAWFUL_BASIS)
    raised_at = models.DateTimeField(help_text="When the hub learned of the triggering event.")
    due_by = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=NotificationStatus.choices, default=NotificationStatus.DUE
    )
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was not sent.")
    delivered_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Copied from its acknowledgement: the insights read it with the notification.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = models.ForeignKey(
        Acknowledgement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    not_sharing = models.ForeignKey(
        NotSharing,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The latest decision not to tell the recipient, standing or awaiting sign-off.",
    )
    never_tell = models.ForeignKey(
        NeverTell,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The standing decision never to tell the recipient about the person that "
        "withheld it.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "recipient", "person", "event"], name="notification_once"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "status", "due_by"]),
            models.Index(fields=["person", "recipient"]),
            models.Index(fields=["status", "due_by"]),
            # Few notifications are acknowledged or withheld: their indexes hold only those.
            index_where_set("acknowledgement", "notification_acknowledgement"),
            index_where_set("not_sharing", "notification_not_sharing"),
            index_where_set("never_tell", "notification_never_tell"),
            # The insights count a period's notifications by when they were raised: on
            # PostgreSQL from this index alone, not the rows, which carry their payloads (a
            # force's ten years were 584 MB to read).
            models.Index(
                fields=["raised_at"],
                include=["recipient", "due_by", "acknowledged_at", "status"],
                name="notification_raised_counted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.duty} to {self.recipient_id} about {self.person_id} ({self.status})"

    @property
    def overdue(self) -> bool:
        """Past its deadline and not acknowledged (nor withheld): escalated to the front door."""
        return self.status in OUTSTANDING and self.due_by < timezone.now()

    @property
    def shown_status(self) -> str:
        return "overdue" if self.overdue else str(self.status)
