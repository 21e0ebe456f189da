"""Quality assurance: weekly dip samples of standard-risk incidents not referred on, with each
incident's review, and multi-agency case audits whose findings go to named practitioners and
teams, who acknowledge them.

Nothing here points at a derived row (person, event): a rebuild deletes those. Incidents and
children are named by their inbox message (source, message_id) and subject ref, which the inbox
keeps for ever, and resolved to the people they are now.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models

from frontdoor.audit.models import DatedSetting
from frontdoor.concurrency import Versioned


class QualitySetting(DatedSetting):
    """One quality-assurance setting, in force from a date (see `DatedSetting`)."""


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Result(models.TextChoices):
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


@dataclass(frozen=True)
class Question:
    field: str
    text: str
    hint: str


# The review form's questions, in its order: the form, the CSV and the figures share them.
REVIEW_QUESTIONS = (
    Question(
        "risk_right",
        "Was the risk right?",
        "Was standard the right grading, given what the officer knew and what the hub held?",
    ),
    Question(
        "child_seen_heard",
        "Was the child seen and heard?",
        "Were the children seen, seen alone where old enough, and their words recorded?",
    ),
    Question(
        "history_considered",
        "Was history considered?",
        "Did the response take account of earlier incidents and what other agencies held?",
    ),
    Question(
        "information_shared",
        "Was information shared?",
        "Were the agencies that needed to know told: school, health, children's social care?",
    ),
)


class DipSample(models.Model):
    """One week's sample: its seed and the population it was drawn from, so anyone can draw it
    again and get the same incidents (docs/quality.md says how)."""

    week = models.CharField(max_length=8, unique=True, help_text="ISO week, like 2026-W47.")
    first_day = models.DateField()
    last_day = models.DateField()
    seed = models.PositiveBigIntegerField()
    per_stratum = models.PositiveSmallIntegerField()
    as_of = models.DateTimeField(help_text="The population is what the hub had received by then.")
    population = models.JSONField(
        help_text="Each stratum's incidents, as [source, message_id] pairs, before the draw."
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField()

    class Meta:
        ordering = ["-first_day"]

    def __str__(self) -> str:
        return f"dip sample {self.week}"


class DipReview(models.Model):
    """One sampled incident, its reviewer and the reviewer's answers."""

    sample = models.ForeignKey(DipSample, on_delete=models.CASCADE, related_name="reviews")
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    station = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(help_text="Its place in its stratum's draw.")
    source = models.CharField(max_length=64)
    message_id = models.CharField(max_length=200)
    occurred_at = models.DateTimeField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dip_reviews",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    risk_right = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    risk_right_notes = models.TextField(blank=True)
    child_seen_heard = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    child_seen_heard_notes = models.TextField(blank=True)
    history_considered = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    history_considered_notes = models.TextField(blank=True)
    information_shared = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    information_shared_notes = models.TextField(blank=True)
    result = models.CharField(max_length=24, choices=Result.choices, blank=True)
    result_notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["sample", "agency", "station", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "source", "message_id"], name="dip_review_once"
            )
        ]
        indexes = [
            models.Index(fields=["reviewer", "completed_at"]),
            # The insights read a period's completed reviews by when the incidents occurred.
            models.Index(fields=["occurred_at", "completed_at"]),
        ]

    def __str__(self) -> str:
        return f"review of {self.source}/{self.message_id} in {self.sample.week}"

    @property
    def stratum(self) -> str:
        return stratum_label(self.agency.name, self.station)

    def answer_label(self, field: str) -> str:
        """The answer to one of `REVIEW_QUESTIONS`, as the form shows it; blank if none yet."""
        value = getattr(self, field)
        return Answer(value).label if value else ""


def stratum_label(agency_name: str, station: str) -> str:
    return f"{station} ({agency_name})" if station else f"{agency_name}, station not recorded"


class CaseAudit(models.Model):
    """A multi-agency audit of one child's case, chosen from a dip sample or by hand.

    The child is a subject (`child_ref`) of an inbox message, so the audit outlives a rebuild.
    """

    source = models.CharField(max_length=64)
    message_id = models.CharField(max_length=200)
    child_ref = models.CharField(max_length=64)
    review = models.ForeignKey(
        DipReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="audits"
    )
    agencies = models.ManyToManyField("access.Agency", related_name="+")
    scope = models.TextField(help_text="Why this case, and what the audit looks at.")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"case audit {self.pk}"


class Finding(models.Model):
    """What an audit found; what should follow are its tracked actions (`AuditAction`)."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"finding {self.pk} of audit {self.audit_id}"


class Dissemination(models.Model):
    """A finding sent to a named practitioner or to a team (an agency), and their
    acknowledgement: anyone in the team may acknowledge for it."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="disseminations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings_received",
    )
    agency = models.ForeignKey(
        "access.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    due_on = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What the recipient will do differently.")

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False, agency__isnull=True)
                | models.Q(user__isnull=True, agency__isnull=False),
                name="dissemination_to_one",
            ),
            models.UniqueConstraint(fields=["finding", "user"], name="dissemination_user_once"),
            models.UniqueConstraint(fields=["finding", "agency"], name="dissemination_agency_once"),
        ]
        indexes = [models.Index(fields=["acknowledged_at", "due_on"])]

    def __str__(self) -> str:
        return f"finding {self.finding_id} to {self.user_id or self.agency_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class AuditAction(Versioned):
    """What should change because of a finding: owned, like a finding is sent, by a named
    practitioner, a team (an agency: anyone in it may complete it) or both; due by a day; done
    with a note of what was done, or cancelled with a reason, by whom and when."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_actions",
    )
    team = models.ForeignKey(
        "access.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when closed at the console (the audit event names the operator).",
    )
    closing_note = models.TextField(
        blank=True, help_text="What was done, or why the action was cancelled."
    )
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False) | models.Q(team__isnull=False),
                name="audit_action_owned",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ActionStatus.OPEN, closed_at__isnull=True)
                | (~models.Q(status=ActionStatus.OPEN) & models.Q(closed_at__isnull=False)),
                name="audit_action_closed_when_not_open",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"action {self.pk} on finding {self.finding_id}"
