"""Who is who: the register of agencies, the people who work for them, and their API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models

from frontdoor.audit.models import DatedSetting


class AgencyType(models.TextChoices):
    POLICE = "police", "Police"
    CSC = "csc", "Children's social care"
    EARLY_HELP = "early_help", "Early help"
    GP = "gp", "GP practice"
    MIDWIFERY = "midwifery", "Midwifery"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    EMERGENCY_DEPARTMENT = "emergency_department", "Emergency department"
    ADULT_MENTAL_HEALTH = "adult_mental_health", "Adult mental health"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
    SCHOOL = "school", "School"
    PROBATION = "probation", "Probation"
    YOUTH_OFFENDING = "youth_offending", "Youth offending"
    CAFCASS = "cafcass", "Cafcass"
    HOUSING = "housing", "Housing"
    IDVA = "idva", "Domestic abuse service (IDVA)"
    PRISON = "prison", "Prison"
    OTHER = "other", "Other"


class Agency(models.Model):
    """A partner agency that sends messages to the hub and may be told things by it."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=32, choices=AgencyType.choices)
    urn = models.CharField("school URN", max_length=16, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    MANAGER = "manager", "Manager"
    DATA_MANAGER = "data_manager", "Data manager"
    MARAC_COORDINATOR = "marac_coordinator", "MARAC coordinator"
    ADMINISTRATOR = "administrator", "Administrator"


class Team(models.Model):
    """A team within an agency: its manager sees the work its members made or own."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class StaffProfile(models.Model):
    """A user's place in the partnership: agency, role, and whether they work the front door."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRACTITIONER)
    front_door = models.BooleanField(
        default=False, help_text="Works in the multi-agency front door (MASH)."
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.agency})"


def hash_token(raw: str) -> str:
    """Tokens are stored only as their SHA-256, so a database leak does not leak API access."""
    return hashlib.sha256(raw.encode()).hexdigest()


class Scope(models.TextChoices):
    """What a token lets an agency's system do; a token has only the scopes it was issued with."""

    SEND = "messages:send", "Send messages"
    READ = "messages:read", "Read what became of the agency's own messages"


class ApiToken(models.Model):
    """A bearer token with which one agency's system sends messages to the hub."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set when a token is rotated with a grace period: the old one works until then.
    expires_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces"
    )

    def __str__(self) -> str:
        return f"{self.agency.code}: {self.name}"

    @staticmethod
    def new_secret() -> str:
        return "fd_" + secrets.token_urlsafe(32)


class Restriction(models.Model):
    """A person only the named users may open: not even the front door, unless named.

    People are derived, so their ids change on a rebuild; a restriction names the person by
    their records (each by the message that first described it and its subject's ref there),
    which do not. Every record the person had when restricted is kept, so splitting one off
    leaves both people restricted.
    """

    reason = models.TextField()
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField()
    named_users = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"restriction {self.pk}" + (" (lifted)" if self.lifted_at else "")


class RestrictedRecord(models.Model):
    """One record of a restricted person, named as it survives a rebuild."""

    restriction = models.ForeignKey(Restriction, on_delete=models.CASCADE, related_name="records")
    message = models.ForeignKey("intake.InboxMessage", on_delete=models.PROTECT, related_name="+")
    ref = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["message", "ref"])]

    def __str__(self) -> str:
        return f"{self.message_id}/{self.ref} in restriction {self.restriction_id}"


class BreakGlassGrant(models.Model):
    """Emergency access to one person, asked for with a reason, for a limited time.

    The person is named by their oldest record (message and ref), as a restriction names them.
    The data protection lead reviews every grant.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants"
    )
    person_id = models.BigIntegerField(help_text="The person's id when access was granted.")
    message = models.ForeignKey("intake.InboxMessage", on_delete=models.PROTECT, related_name="+")
    ref = models.CharField(max_length=64)
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} into person {self.person_id} until {self.expires_at:%Y-%m-%d %H:%M}"


class AccessSetting(DatedSetting):
    """The partnership's access settings (how long break-glass lasts), each from a date."""
