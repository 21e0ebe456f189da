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


class DatedSetting(models.Model):
    """A value the partnership agreed, in force from a date until a later row replaces it.

    Rows are never edited: a change is a new row, so the table is its own history of who changed
    what, when and why, and a replay of the past uses the values in force at the time.
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
        abstract = True
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.key} = {self.value!r} from {self.effective_from}"
