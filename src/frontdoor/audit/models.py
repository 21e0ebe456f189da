"""The append-only record of who read and who changed what."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One write: who did what to which object, recorded in the same transaction as the change."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_agency = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_id}"


class AccessLog(models.Model):
    """One read of a person's data: who looked, at whom, when and why."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    person_id = models.BigIntegerField(
        help_text="Not a foreign key: the log outlives any rebuild or deletion of the person."
    )
    purpose = models.CharField(max_length=64)
    route = models.CharField(
        max_length=32, help_text="The access rule that allowed the read, e.g. front_door."
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["person_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} read person {self.person_id} ({self.purpose})"
