"""Referrals to the front door, and the partnership's settings for deciding them."""

from django.conf import settings
from django.db import models


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received: awaiting a front-door decision"


class Risk(models.IntegerChoices):
    """The highest risk known about the child's household when the referral arrived."""

    UNKNOWN = 0, "Not known"
    STANDARD = 1, "Standard"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"


class DecisionOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    INFORMATION_AND_ADVICE = "information_and_advice", "Information and advice"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need assessment (section 17)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion (section 47)"
    MARAC = "marac", "MARAC referral"


class Referral(models.Model):
    """A referral to the front door, with the reference and receipt its referrer is given."""

    reference = models.CharField(max_length=16, unique=True)
    message = models.OneToOneField(
        "intake.InboxMessage", on_delete=models.PROTECT, related_name="referral"
    )
    event = models.OneToOneField(
        "chronology.Event", on_delete=models.CASCADE, related_name="referral"
    )
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField()
    due_at = models.DateTimeField(help_text="When the front door's decision is due.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        max_length=24, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    reason = models.TextField(blank=True)
    concerns = models.JSONField(default=list, blank=True)
    urgent = models.BooleanField(default=False)
    referrer = models.JSONField(default=dict, blank=True)
    child_born = models.DateField(
        null=True,
        blank=True,
        help_text="The youngest child's date of birth, as the referral gave it.",
    )
    risk = models.PositiveSmallIntegerField(choices=Risk.choices, default=Risk.UNKNOWN)

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "risk"]),
            models.Index(fields=["status", "child_born"]),
        ]

    def __str__(self) -> str:
        return self.reference


class TriageSetting(models.Model):
    """One front-door setting the partnership agreed, in force from a date until replaced.

    Rows are never edited: a change is a new row, so the table is its own history.
    """

    key = models.CharField(max_length=64)
    value = models.JSONField()
    effective_from = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.key} = {self.value!r} from {self.effective_from}"
