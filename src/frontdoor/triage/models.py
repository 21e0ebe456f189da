"""Referrals to the front door."""

from django.conf import settings
from django.db import models


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received: awaiting a front-door decision"


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
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.RECEIVED
    )
    reason = models.TextField(blank=True)
    concerns = models.JSONField(default=list, blank=True)
    urgent = models.BooleanField(default=False)
    referrer = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.reference
