"""The MARAC: referrals to it (derived from the inbox), its meetings, each agency's research
return on a case, the actions the meeting agreed, and the partnership's MARAC settings."""

from django.conf import settings
from django.db import models

from frontdoor.audit.models import DatedSetting
from frontdoor.concurrency import Versioned


class Criterion(models.TextChoices):
    DASH_HIGH = "dash_high", "High risk on the DASH (14 or more yes answers)"
    POTENTIAL_ESCALATION = "potential_escalation", "Potential escalation"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
    REPEAT = "repeat", "Repeat"
    NOT_RECORDED = "not_recorded", "Not recorded"


class MaracReferral(models.Model):
    """A case referred to MARAC: one `marac` message with event `referred`.

    Derived from the inbox like the chronology (deleted with its event and made again by
    `frontdoor rebuild`); the hub's own work on it points at its `reference`, which a rebuild
    gives again.
    """

    reference = models.CharField(max_length=16, unique=True)
    event = models.OneToOneField(
        "chronology.Event", on_delete=models.CASCADE, related_name="marac_referral"
    )
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField()
    criterion = models.CharField(max_length=32, choices=Criterion.choices)
    reason = models.TextField(blank=True)
    repeat = models.BooleanField(
        default=False,
        help_text="Abuse between the same victim and perpetrator within 12 months of the "
        "victim's last referral, as the REPEAT_MARAC rule found it.",
    )
    meeting_date = models.DateField(null=True, blank=True, help_text="As the referrer gave it.")
    heard_on = models.DateField(
        null=True, blank=True, help_text="The meeting that heard it, as an agency told the hub."
    )

    class Meta:
        ordering = ["referred_at", "pk"]
        indexes = [models.Index(fields=["heard_on", "referred_at"])]

    def __str__(self) -> str:
        return self.reference


def _referral_key(related_name: str) -> models.ForeignKey:
    """A link to a MARAC referral by its reference, with no database constraint: a rebuild
    derives referrals again with the same references, and the meeting's work must outlive it."""
    return models.ForeignKey(
        MaracReferral,
        to_field="reference",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name=related_name,
    )


class Meeting(models.Model):
    """One MARAC meeting; once held, the cases it heard are fixed as its hearings."""

    date = models.DateField(unique=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"MARAC of {self.date:%-d %B %Y}"


class Hearing(models.Model):
    """A case heard at a meeting held in the hub."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="hearings")
    referral = _referral_key("hearings")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral"], name="marac_heard_once"),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} at {self.meeting}"


class ResearchReturn(models.Model):
    """What one agency holds on a case's victim, perpetrator and children, before the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="returns")
    referral = _referral_key("returns")
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    holds = models.BooleanField(help_text="Whether the agency holds anything on the case.")
    victim = models.TextField(blank=True)
    perpetrator = models.TextField(blank=True)
    children = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "referral", "agency"], name="marac_return_once"
            )
        ]

    def __str__(self) -> str:
        return f"return of {self.agency_id} on {self.referral_id}"


class Action(Versioned):
    """An action the meeting agreed on a case: who owns it, by when, and when it was done."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    referral = _referral_key("actions")
    description = models.TextField()
    owner_agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="marac_actions"
    )
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["completed_at", "due_on"])]

    def __str__(self) -> str:
        return f"action {self.pk} on {self.referral_id}"


class MaracSetting(DatedSetting):
    """A setting of the MARAC (its meeting day), in force from a date (see `DatedSetting`)."""
