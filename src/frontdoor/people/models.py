"""The master person index: each agency's view of a person, and the person they resolve to."""

from django.conf import settings
from django.db import models

from frontdoor.indexes import index_where_set


class Person(models.Model):
    """One real individual, as resolved from every agency's records of them."""

    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True, help_text="For an unborn child.")
    sex = models.CharField(max_length=1, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, help_text="A valid NHS number only.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["nhs_number"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or ("Unborn child" if self.due_date else "Name not known")


class SourceRecord(models.Model):
    """One agency's view of a person, as its latest message described them."""

    # Indexed by the unique (agency, source_person_id) key, which leads with it.
    agency = models.ForeignKey(
        "access.Agency", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # NULL when the agency gave no id, so such records never clash on the unique key.
    source_person_id = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="records")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    other_names = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    child_on = models.DateField(
        null=True,
        blank=True,
        help_text="The first day the agency recorded the person as a child: whatever the date of "
        "birth, a record of anyone adult on that day is never this person.",
    )
    adult_on = models.DateField(
        null=True,
        blank=True,
        help_text="The first day the agency recorded the person in an adult's part (victim, "
        "alleged perpetrator, parent, adult; or an adults' service): a record of anyone a child "
        "on that day is never this person.",
    )
    sex = models.CharField(max_length=1, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True)
    nhs_number_valid = models.BooleanField(default=False)
    line1 = models.CharField(max_length=200, blank=True)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=16, blank=True)
    school_urn = models.CharField(max_length=16, blank=True)
    gp_practice = models.CharField(max_length=16, blank=True)
    given_key = models.CharField(max_length=16, blank=True, help_text="Phonetic key of given name.")
    family_key = models.CharField(max_length=16, blank=True, help_text="Phonetic key of surname.")
    first_message = models.ForeignKey(
        "intake.InboxMessage", on_delete=models.PROTECT, related_name="+"
    )
    # When the agency last described the person. No index, and no reference to the message
    # (the chronology's participants name it): seeing a record again rewrites this one column
    # in place, leaving the table's thirteen indexes alone (decision 28).
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_person_id"], name="source_record_key_unique"
            )
        ]
        indexes = [
            # Intake looks up a batch's ids across every agency at once: one probe an id here,
            # where the unique (agency, id) index takes one for each agency and id.
            models.Index(fields=["source_person_id"]),
            models.Index(fields=["nhs_number"]),
            # The matcher's blocking keys (frontdoor.linkage.matcher); search uses them too. The
            # first serves a lookup by date of birth alone as well.
            models.Index(fields=["date_of_birth", "postcode"]),
            models.Index(fields=["family_key", "date_of_birth"]),
            models.Index(fields=["given_key", "date_of_birth"]),
            models.Index(fields=["given_key", "family_key"]),
            models.Index(fields=["family_key", "postcode"]),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.source_person_id or self.pk}"


class LinkMethod(models.TextChoices):
    SOURCE_ID = "source_id", "Same agency identifier"
    PROBABILISTIC = "probabilistic", "Matched on the evidence of every field"
    REVIEW = "review", "A possible match: a new person until a data manager decides"
    NEW_PERSON = "new_person", "No match: a new person"
    HUMAN = "human", "Decided by a person"


class LinkDecision(models.Model):
    """Why a source record belongs to a person: automatic with its method and score, or human."""

    record = models.ForeignKey(SourceRecord, on_delete=models.CASCADE, related_name="decisions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=32, choices=LinkMethod.choices)
    score = models.FloatField(null=True, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    model_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The linkage model that scored it (0: untrained)."
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    message = models.ForeignKey(
        "intake.InboxMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        # Most decisions are the matcher's: the index holds only a data manager's.
        indexes = [index_where_set("decided_by", "link_decision_decided_by")]

    def __str__(self) -> str:
        return f"record {self.record_id} → person {self.person_id} ({self.method})"


class SeenBetween(models.Model):
    """Something agencies reported over time: the first and last reports, and their messages."""

    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    first_message = models.ForeignKey(
        "intake.InboxMessage", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Relationship(SeenBetween):
    """`person` is `type` of `other` (e.g. parent of), as agencies have reported it over time."""

    # Indexed by the unique (person, other, type) key, which leads with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relationships", db_index=False
    )
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "type"], name="relationship_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.type} of {self.other_id}"


class Residence(SeenBetween):
    """An address a person was recorded at, between the first and last messages that said so."""

    # Indexed by the unique (person, address_key) key, which leads with it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="residences", db_index=False
    )
    address_key = models.CharField(max_length=250)
    line1 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "address_key"], name="residence_unique")
        ]
        indexes = [models.Index(fields=["address_key"])]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.line1}, {self.postcode}"


class FormerId(models.Model):
    """A person's id before `frontdoor rebuild`, by the key of one of their records.

    The rebuild notes every record's person before it deletes the people; as it makes them
    again, the person it makes from a noted record takes that id back (the first to ask for it:
    a person since split keeps it with their earliest record). So page addresses, the audit
    trail of who looked at whom and anything else that names a person by id still name the same
    person afterwards. The rebuild removes what is left when it ends.
    """

    # Indexed by the unique (agency, source_person_id) key, which leads with it.
    agency = models.ForeignKey(
        "access.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    source_person_id = models.CharField(max_length=100)
    person_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "source_person_id"], name="former_id_record_unique"
            )
        ]
        indexes = [models.Index(fields=["person_id"])]

    def __str__(self) -> str:
        return f"person {self.person_id} by {self.source_person_id}"
