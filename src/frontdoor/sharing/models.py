"""Notifications: what the hub told an agency about a person, under which duty, and whether the
agency acknowledged it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

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


class Notification(models.Model):
    """One duty's notice to one agency about one person, triggered by one event.

    Derived from the inbox like the alerts: `frontdoor rebuild` deletes and derives them again.
    A `withheld` one records a decision not to share (the sender says it already told the
    agency), so the person's page can say why that agency was not told by the hub.
    """

    duty = models.CharField(max_length=40)
    recipient = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, related_name="notifications"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="notifications"
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
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
            models.Index(fields=["event"]),
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
