"""Who is who: the register of agencies, the people who work for them, and their API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models


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
