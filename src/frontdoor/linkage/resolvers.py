"""Resolvers decide which person an incoming record is about.

Every path into the hub (API, files, web forms, rebuild) resolves people through `get_resolver()`,
so the deterministic resolver here can be replaced by a probabilistic one without touching intake.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from frontdoor.people.models import LinkMethod, Person, SourceRecord


@dataclass(frozen=True)
class Candidate:
    """Everything an incoming record says about who a person is, for any resolver to weigh.

    `nhs_number` is set only when valid; `match_key` is the exact name, birth and postcode key.
    """

    agency_id: int
    source_person_id: str
    given_name: str
    family_name: str
    other_names: tuple[str, ...]
    date_of_birth: date | None
    sex: str
    postcode: str
    nhs_number: str
    match_key: str


@dataclass(frozen=True)
class Match:
    """A resolver's answer: the person (None means a new person), how, and why.

    `explanation` maps each field to what it contributed, in words a practitioner understands.
    """

    person: Person | None
    method: str
    score: float | None = None
    explanation: dict[str, str] = field(default_factory=dict)


class Resolver(Protocol):
    def prepare(self, candidates: Sequence[Candidate]) -> None:
        """Load whatever the batch needs from the index before `resolve` is called for each."""

    def resolve(self, candidate: Candidate) -> Match:
        """The person this candidate is, or a new one."""

    def remember(self, candidate: Candidate, person: Person) -> None:
        """Make a decision visible to later candidates in the same batch."""


class DeterministicResolver:
    """Links on a valid NHS number, or on exact name, date of birth and postcode; nothing fuzzy.

    Where several people hold the key, the one first recorded wins, so a rebuild links the same.
    """

    def __init__(self) -> None:
        self._by_nhs: dict[str, Person] = {}
        self._by_key: dict[str, Person] = {}

    def prepare(self, candidates: Sequence[Candidate]) -> None:
        numbers = {c.nhs_number for c in candidates if c.nhs_number}
        keys = {c.match_key for c in candidates if c.match_key}
        if numbers:
            for record in (
                SourceRecord.objects.filter(nhs_number__in=numbers, nhs_number_valid=True)
                .select_related("person")
                .order_by("pk")
            ):
                self._by_nhs.setdefault(record.nhs_number, record.person)
        if keys:
            for record in (
                SourceRecord.objects.filter(match_key__in=keys)
                .select_related("person")
                .order_by("pk")
            ):
                self._by_key.setdefault(record.match_key, record.person)

    def resolve(self, candidate: Candidate) -> Match:
        if candidate.nhs_number and candidate.nhs_number in self._by_nhs:
            return Match(
                self._by_nhs[candidate.nhs_number],
                LinkMethod.NHS_NUMBER,
                explanation={"nhs_number": "the same valid NHS number"},
            )
        if candidate.match_key and candidate.match_key in self._by_key:
            return Match(
                self._by_key[candidate.match_key],
                LinkMethod.NAME_DOB_POSTCODE,
                explanation={
                    "name": "the same given name and surname",
                    "date_of_birth": "the same date of birth",
                    "postcode": "the same postcode",
                },
            )
        return Match(None, LinkMethod.NEW_PERSON, explanation={"match": "no record matched"})

    def remember(self, candidate: Candidate, person: Person) -> None:
        if candidate.nhs_number:
            self._by_nhs.setdefault(candidate.nhs_number, person)
        if candidate.match_key:
            self._by_key.setdefault(candidate.match_key, person)


def get_resolver() -> Resolver:
    """A fresh resolver of the configured class, for one batch."""
    resolver: Resolver = import_string(settings.FRONTDOOR_RESOLVER)()
    return resolver
