"""Referrals to the front door, and the partnership's settings for deciding them."""

from django.conf import settings
from django.db import models

from frontdoor.access.models import AgencyType
from frontdoor.audit.models import DatedSetting
from frontdoor.concurrency import Versioned


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", "Received: awaiting a front-door decision"
    CHECKS = "checks", "Agency checks under way"
    SIGN_OFF = "sign_off", "Decided: awaiting a manager's sign-off"
    STRATEGY = "strategy", "Strategy discussion to be held"
    DECIDED = "decided", "Decided"


OPEN_STATUSES = (
    ReferralStatus.RECEIVED,
    ReferralStatus.CHECKS,
    ReferralStatus.SIGN_OFF,
    ReferralStatus.STRATEGY,
)


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


# What the referrer is told happens next: never the reasons, the checks or what others hold.
NEXT_STEPS: dict[str, str] = {
    DecisionOutcome.NO_FURTHER_ACTION: (
        "The front door will take no further action. Keep supporting the family as you do now, "
        "and refer again if anything changes."
    ),
    DecisionOutcome.INFORMATION_AND_ADVICE: (
        "The front door has given information and advice. Keep supporting the family as you do "
        "now, and refer again if anything changes."
    ),
    DecisionOutcome.EARLY_HELP: (
        "The family will be offered early help. An early help practitioner may contact you."
    ),
    DecisionOutcome.CHILD_IN_NEED: (
        "Children's social care will assess the child's needs (section 17). A social worker "
        "may contact you for what you know."
    ),
    DecisionOutcome.STRATEGY_DISCUSSION: (
        "The agencies will hold a strategy discussion about the child's safety (section 47). "
        "You may be asked to take part or to share what you know."
    ),
    DecisionOutcome.MARAC: (
        "The case is being referred to the MARAC, the multi-agency risk assessment conference."
    ),
}


class Referral(Versioned):
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
    outcome = models.CharField(max_length=32, choices=DecisionOutcome.choices, blank=True)
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When the front door's decision came to stand."
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "risk"]),
            models.Index(fields=["status", "child_born"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def next_steps(self) -> str:
        """What happens next, as the referrer is told once the decision stands."""
        return NEXT_STEPS.get(self.outcome, "")


class TriageSetting(DatedSetting):
    """One front-door setting, in force from a date (see `DatedSetting`)."""


# Health is asked about every referral: these are the agencies that count as health.
HEALTH_TYPES = frozenset(
    {
        AgencyType.GP,
        AgencyType.MIDWIFERY,
        AgencyType.HEALTH_VISITING,
        AgencyType.EMERGENCY_DEPARTMENT,
    }
)


def _referral_key(related_name: str) -> models.ForeignKey:
    """A link to a referral by its reference, with no database constraint: rebuilding the hub
    derives referrals again with the same references, and the front door's work must outlive it."""
    return models.ForeignKey(
        Referral,
        to_field="reference",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name=related_name,
    )


class AgencyCheck(Versioned):
    """The front door asking one agency what it holds about the people in a referral."""

    referral = _referral_key("checks")
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    holds = models.BooleanField(null=True, help_text="Whether the agency holds anything.")
    answer = models.TextField(blank=True)
    answer_message = models.ForeignKey(
        "intake.InboxMessage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The answer as it entered the chronology.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "agency"], name="check_once_an_agency")
        ]
        indexes = [models.Index(fields=["agency", "answered_at"])]

    def __str__(self) -> str:
        return f"check of {self.agency_id} on {self.referral_id}"

    @property
    def is_health(self) -> bool:
        return self.agency.type in HEALTH_TYPES


class SignOff(models.TextChoices):
    NOT_REQUIRED = "not_required", "Not required"
    AWAITING = "awaiting", "Awaiting a manager"
    AGREED = "agreed", "Agreed by a manager"
    RETURNED = "returned", "Returned by a manager"


class Decision(Versioned):
    """The front door's decision on a referral, why, on what, and the manager's sign-off."""

    referral = _referral_key("decisions")
    outcome = models.CharField(max_length=32, choices=DecisionOutcome.choices)
    rationale = models.TextField()
    rested_on = models.TextField(help_text="The information the decision rested on.")
    checks = models.ManyToManyField(
        AgencyCheck, blank=True, related_name="+", help_text="The answers in when it was made."
    )
    no_health_answer_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    sign_off = models.CharField(max_length=16, choices=SignOff.choices)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    referrer_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["referral", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.referral_id}"

    @property
    def stands(self) -> bool:
        return self.sign_off in (SignOff.NOT_REQUIRED, SignOff.AGREED)


class StrategyOutcome(models.TextChoices):
    SECTION_47 = "section_47", "Section 47 enquiry"
    SECTION_17 = "section_17", "Child in need assessment (section 17)"
    NO_FURTHER_ACTION = "no_further_action", "No further action under section 47"


class StrategyDiscussion(models.Model):
    """A strategy discussion held on a decision: who took part (health among them), what it
    decided and the actions agreed."""

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="strategy_discussion"
    )
    held_at = models.DateTimeField()
    agencies = models.ManyToManyField("access.Agency", related_name="+")
    attendees = models.TextField(help_text="Names and roles, one a line.")
    outcome = models.CharField(max_length=24, choices=StrategyOutcome.choices)
    actions = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"strategy discussion on {self.decision_id}"
