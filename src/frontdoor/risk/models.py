"""The partnership's rule settings, and the alerts the rules raise."""

from django.conf import settings
from django.db import models

from frontdoor.audit.models import DatedSetting
from frontdoor.indexes import index_where_set
from frontdoor.kept import Kept


class RuleSetting(DatedSetting):
    """One threshold of the rules, in force from a date (see `DatedSetting`)."""


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACTIONED = "actioned", "Actioned"
    CLOSED = "closed", "Closed with a reason"
    RESOLVED = "resolved", "Resolved by a later message"


OPEN_STATUSES = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)


class Alert(models.Model):
    """What a rule found about a person at an event, and what is being done about it.

    Derived from the inbox like the chronology: `frontdoor rebuild` deletes and raises them again,
    and each takes back what people did about it (`AlertChange`). `key` is the rule's name for
    what it found, so the same finding is raised once; it names events by their messages, never
    by ids a rebuild changes.
    """

    rule = models.CharField(max_length=40)
    rule_version = models.PositiveIntegerField()
    # The index on (person, status) serves the person's key.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="alerts", db_index=False
    )
    key = models.CharField(max_length=200)
    detail = models.CharField(max_length=500)
    action = models.CharField(max_length=300)
    evidence = models.JSONField(default=dict)
    messages = models.JSONField(default=list, help_text="The message ids of the evidence.")
    events = models.JSONField(default=list, help_text="The chronology events of the evidence.")
    trigger = models.ForeignKey("chronology.Event", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(help_text="When the hub learned of the triggering event.")
    due_by = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    resolved_by = models.ForeignKey(
        "chronology.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "person", "key"], name="alert_once")]
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["status", "due_by"]),
            models.Index(fields=["raised_at"]),
            # The front door's queue: the open alerts of the rules that list a child on it.
            models.Index(fields=["rule", "status"]),
            # Few alerts are changed by hand or resolved: their indexes hold only those.
            index_where_set("status_changed_by", "alert_status_changed_by"),
            index_where_set("resolved_by", "alert_resolved_by"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for person {self.person_id} ({self.status})"


class AlertChange(Kept):
    """A person moving an alert on (acknowledged, actioned, closed with a reason): who, when and
    why. Kept apart from the alerts, which are derived and rebuilt, and found again by the
    rule, the alert's key, its triggering message and its person's part in the inbox (see
    `frontdoor.kept`); the latest change is the alert's state."""

    rule = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=AlertStatus.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["message_id", "sent_by"])]

    def __str__(self) -> str:
        return f"{self.rule} on {self.message_id} {self.status} by {self.changed_by_id}"
