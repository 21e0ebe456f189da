"""The multi-agency chronology: what happened, when, told by which agency, and who was involved."""

from django.db import models


class Event(models.Model):
    """One thing an agency told the hub about, derived from exactly one inbox message."""

    message = models.OneToOneField(
        "intake.InboxMessage", on_delete=models.PROTECT, related_name="event"
    )
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32)
    occurred_at = models.DateTimeField()
    reported_at = models.DateTimeField()
    summary = models.CharField(max_length=500)
    facts = models.JSONField(default=dict, blank=True)
    # The police station or team the event names (its `station` fact), as a column of its own so
    # that an index can hold it: the dashboard counts by it (docs/decisions/0023).
    team = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["occurred_at"]),
            # On PostgreSQL, the dashboard's narrow copy of the events, read from the index alone:
            # a period of one kind, or every event by id (docs/decisions/0023).
            models.Index(
                fields=["kind", "occurred_at"],
                include=["id", "agency", "reported_at", "team"],
                name="event_kind_occurred_counted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.kind}: {self.summary}"


class Disclosure(models.Model):
    """An agency that was told of an event (the sender says so in `shared_with`)."""

    # Indexed by the unique (event, agency) key and by (agency, event), which lead with them.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="disclosures", db_index=False
    )
    agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "agency"], name="disclosure_unique")
        ]
        indexes = [models.Index(fields=["agency", "event"])]

    def __str__(self) -> str:
        return f"event {self.event_id} told to {self.agency_id}"


class Participant(models.Model):
    """A person's part in an event, with what was recorded about a child there."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    # Indexed by (person, event), which leads with it.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    record = models.ForeignKey("people.SourceRecord", on_delete=models.PROTECT, related_name="+")
    ref = models.CharField(max_length=64)
    role = models.CharField(max_length=32)
    present = models.BooleanField(null=True)
    seen = models.BooleanField(null=True)
    seen_alone = models.BooleanField(null=True)
    spoken_to = models.BooleanField(null=True)
    voice = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "event"])]

    def __str__(self) -> str:
        return f"{self.person_id} as {self.role} in event {self.event_id}"
