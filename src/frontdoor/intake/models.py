"""The inbox: every message an agency sends, stored raw before anything else happens."""

from django.conf import settings
from django.db import models

from frontdoor.indexes import index_where_set


class Channel(models.TextChoices):
    API = "api", "API"
    FILE = "file", "File"
    FORM = "form", "Web form"
    CORRECTION = "correction", "Correction in quarantine"


class Status(models.TextChoices):
    RECEIVED = "received", "Received, not yet processed"
    CHECKED = "checked", "Checked and accepted, not yet recorded"
    PROCESSED = "processed", "Processed"
    REJECTED = "rejected", "Rejected (in quarantine)"
    SUPERSEDED = "superseded", "Superseded by a correction"


class InboxMessage(models.Model):
    """One message as it arrived: the source of truth from which everything else is derived.

    The payload text is kept exactly as received. `source` and `message_id` are read from it when
    it parses; a message whose key cannot be read is still kept, with blank keys, in quarantine.
    """

    # NULL, not blank, when unknown: the unique key must not make two unreadable messages clash.
    source = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    message_id = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    revision = models.PositiveIntegerField(
        default=1, help_text="Raised when a rejected message is corrected and sent again."
    )
    raw = models.TextField()
    received_at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    origin = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where it came from, e.g. a file and line, and who ran it.",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    received_from_agency = models.CharField(
        max_length=64, blank=True, help_text="The agency whose API token or file sent it."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="Accepted, but noted: e.g. an NHS number failing its check.",
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    derived_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the rules, MARAC and sharing stages had run on it (see ADR 15).",
    )
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "message_id", "revision"], name="inbox_message_key_unique"
            )
        ]
        indexes = [
            models.Index(fields=["status", "id"]),
            models.Index(
                fields=["id"],
                condition=models.Q(status=Status.PROCESSED, derived_at__isnull=True),
                name="inbox_derivation_due",
            ),
            # Few messages are corrections or came from a signed-in user: an index of only
            # those is not written at all for the rest, by every insert and status change.
            index_where_set("corrects", "inbox_corrects"),
            index_where_set("received_by", "inbox_received_by"),
        ]

    def __str__(self) -> str:
        return f"{self.source or '?'}/{self.message_id or '?'} r{self.revision} ({self.status})"
