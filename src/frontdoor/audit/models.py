"""The append-only record of who read and who changed what."""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    """The audit trail is only ever added to: nothing may change or remove a row of it."""


def _refuse(model: str, operation: str) -> NoReturn:
    raise AppendOnlyError(f"{model} is append-only: {operation} refused")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Rows can be added and read; every way Django offers to change or remove them refuses."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse(self.model.__name__, "update")

    def _update(self, values: Any) -> NoReturn:
        _refuse(self.model.__name__, "update")

    def delete(self) -> NoReturn:
        _refuse(self.model.__name__, "delete")

    def _raw_delete(self, using: Any) -> NoReturn:
        _refuse(self.model.__name__, "delete")


class AppendOnly(models.Model):
    """A table of the audit trail. On PostgreSQL a trigger refuses UPDATE and DELETE as well
    (migration 0002), so not even SQL run beside the code can rewrite the trail."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(
        max_length=16, default="console", help_text="Where it came from: web, api or console."
    )
    address = models.GenericIPAddressField(
        null=True, blank=True, help_text="The client's address, for the web and the API."
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse(type(self).__name__, "update")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(type(self).__name__, "delete")


class AuditEvent(AppendOnly):
    """One write: who did what to which object, recorded in the same transaction as the change."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    actor_agency = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    details = models.JSONField(default=dict, blank=True)
    route = models.CharField(
        max_length=32,
        blank=True,
        help_text="For a write about people: the access rule the writer acted under, as a read's.",
    )

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["action", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_id}"


class AccessLog(AppendOnly):
    """One read of a person's data: who looked, from which agency, at whom, when and why."""

    # Indexed by (user, at), which leads with it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, db_index=False)
    user_agency = models.CharField(
        max_length=64, blank=True, help_text="The reader's agency code when they read it."
    )
    person_id = models.BigIntegerField(
        help_text="Not a foreign key: the log outlives any rebuild or deletion of the person."
    )
    purpose = models.CharField(max_length=64)
    route = models.CharField(
        max_length=32, help_text="The access rule that allowed the read, e.g. front_door."
    )

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["person_id", "at"]),
            models.Index(fields=["user", "at"]),
            models.Index(fields=["route", "at"]),
        ]
        permissions = [
            ("review_access", "Review who read what, as the data protection lead"),
        ]

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


class AuditSetting(DatedSetting):
    """A setting of the access review or of retention, from a date (see `DatedSetting`)."""


class RetentionGroup(models.Model):
    """People who share messages, archived together when every one of them is past their
    retention date, and deleted together a set time later (docs/decisions/0012).

    Archiving deletes what was derived from their messages (so they leave every list, page and
    rule) and keeps the messages; deleting removes the messages and the hub's own work on them,
    leaving this row and its `ArchivedMessage` keys: what was erased, never what it said.
    """

    archived_at = models.DateTimeField()
    delete_after = models.DateField()
    deleted_at = models.DateTimeField(null=True, blank=True)
    people = models.JSONField(
        help_text="Each person as they were: id, record kind, retention date, and the (message, "
        "ref) that named them, so a legal hold can still name them."
    )
    references = models.JSONField(
        default=list, help_text="The front-door and MARAC referral references of its messages."
    )
    settings = models.JSONField(help_text="The retention settings it was archived under.")

    class Meta:
        indexes = [models.Index(fields=["deleted_at", "delete_after"])]

    def __str__(self) -> str:
        return f"retention group {self.pk}"


class ArchivedMessage(models.Model):
    """An inbox message of an archived group: its key outlives the message once deleted."""

    group = models.ForeignKey(RetentionGroup, on_delete=models.PROTECT, related_name="messages")
    inbox_id = models.BigIntegerField(unique=True, help_text="Not a foreign key: see the group.")
    source = models.CharField(max_length=64, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    revision = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.source}/{self.message_id} r{self.revision} (group {self.group_id})"


class LegalHold(models.Model):
    """A hold on a person's records (for proceedings, an inquiry or a review): while it stands,
    retention neither archives nor deletes anyone who shares a message with them."""

    person_id = models.BigIntegerField(help_text="The person as they were when it was placed.")
    inbox_ids = models.JSONField(
        help_text="Every message naming them then: the hold follows the messages, which outlive "
        "a rebuild or an archive, not the person's id."
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["lifted_at"])]

    def __str__(self) -> str:
        return f"legal hold {self.pk} on person {self.person_id}"
