"""Resolvers decide which person an incoming record is about.

Every path into the hub (API, files, web forms, rebuild) resolves people through `get_resolver()`;
the hub's resolver is the probabilistic matcher of `frontdoor.linkage.matcher`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from frontdoor.people.models import Person

from .comparisons import Features, features_of


@dataclass(frozen=True)
class Candidate:
    """Everything an incoming record says about who a person is, for any resolver to weigh.

    `nhs_number` is set only when valid. `on` is the day of the event the record came with: a
    child then is a child in this record, whatever their age today.
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
    line1: str = ""
    given_key: str = ""
    family_key: str = ""
    child_on: date | None = None
    adult_on: date | None = None
    due_date: date | None = None
    on: date | None = None

    @cached_property
    def features(self) -> Features:
        return features_of(
            given_name=self.given_name,
            family_name=self.family_name,
            other_names=self.other_names,
            date_of_birth=self.date_of_birth,
            postcode=self.postcode,
            sex=self.sex,
            nhs_number=self.nhs_number,
            line1=self.line1,
            child_on=self.child_on,
            adult_on=self.adult_on,
            due_date=self.due_date,
        )


@dataclass(frozen=True)
class Match:
    """A resolver's answer: the person (None means a new person), how, and why.

    `explanation` maps each field to what it contributed, in words a practitioner understands.
    `suggestion` is the person a record in the grey zone may be: it is made a new person until a
    data manager decides.
    """

    person: Person | None
    method: str
    score: float | None = None
    explanation: dict[str, str] = field(default_factory=dict)
    suggestion: Person | None = None
    model_version: int | None = None


class Resolver(Protocol):
    def prepare(self, candidates: Sequence[Candidate]) -> None:
        """Load whatever the batch needs from the index before `resolve_message` is called for
        each of its messages."""

    def resolve_message(
        self, candidates: Sequence[Candidate], *, apart_from: Iterable[Person]
    ) -> list[Match]:
        """The person each of one message's subjects is, or a new one, in their order: never one
        person for two of them, nor one of `apart_from`, the people its other subjects already
        are (an agency names each person once in a message)."""

    def remember(self, candidate: Candidate, person: Person) -> None:
        """Make a decision visible to later candidates in the same batch."""


def get_resolver() -> Resolver:
    """A fresh resolver of the configured class, for one batch."""
    resolver: Resolver = import_string(settings.FRONTDOOR_RESOLVER)()
    return resolver
