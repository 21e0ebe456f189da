"""Trained linkage models, and the review queue of possible matches."""

from django.conf import settings
from django.db import models

from frontdoor.concurrency import Versioned


class TrainedModel(models.Model):
    """A version of the match weights, trained on the hub's own records by Splink.

    The newest version scores every incoming record; each link decision names the version
    (in its explanation), so a link can be reproduced with the weights that made it.
    """

    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField()
    trained_by = models.CharField(max_length=150, help_text="Who ran the training.")
    records = models.PositiveIntegerField(help_text="Source records it was trained on.")
    weights = models.JSONField(help_text="MatchWeights.as_json(): m and u of every level.")
    splink_model = models.JSONField(help_text="The model as Splink saved it.")

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"linkage model {self.version} ({self.trained_at:%d %b %Y})"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Waiting for a decision"
    LINKED = "linked", "Linked: the same person"
    KEPT_APART = "kept_apart", "Kept apart: different people"


class LinkReview(Versioned):
    """A record that may be a person already known: kept apart until a data manager decides."""

    record = models.ForeignKey(
        "people.SourceRecord", on_delete=models.CASCADE, related_name="reviews"
    )
    suggested = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="The chance they are the same person.")
    explanation = models.JSONField(default=dict)
    raised_at = models.DateTimeField(auto_now_add=True)
    message = models.ForeignKey(
        "intake.InboxMessage", on_delete=models.PROTECT, related_name="+", null=True
    )
    status = models.CharField(max_length=16, choices=ReviewStatus.choices, default="open")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "raised_at"])]

    def __str__(self) -> str:
        return f"review of record {self.record_id}: person {self.suggested_id}? ({self.status})"


class StandingAction(models.TextChoices):
    LINK = "link", "Linked to the person holding the anchor record"
    SPLIT = "split", "Split off as a person of their own"
    KEEP_APART = "keep_apart", "Kept apart from the person holding the anchor record"
    REOPEN = "reopen", "A keep-apart decision taken back"


class StandingDecision(models.Model):
    """A data manager's decision about a record, kept when `frontdoor rebuild` derives records
    and people again, and applied again at its place among the inbox's messages.

    Records and people are derived, so their ids change on a rebuild; a record is named here by
    the message that first described it and its subject's ref there, which do not.
    """

    action = models.CharField(max_length=16, choices=StandingAction.choices)
    record_message = models.ForeignKey(
        "intake.InboxMessage", on_delete=models.PROTECT, related_name="+"
    )
    record_ref = models.CharField(max_length=64)
    anchor_message = models.ForeignKey(
        "intake.InboxMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    anchor_ref = models.CharField(max_length=64, blank=True)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    applied = models.BooleanField(
        default=True, help_text="False from a rebuild until it is applied again."
    )

    class Meta:
        indexes = [models.Index(fields=["applied", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.action} of {self.record_message_id}/{self.record_ref}"
