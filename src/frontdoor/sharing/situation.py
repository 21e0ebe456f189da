"""What a duty reads when an event arrives, and what it returns: the situation and notices."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from frontdoor.risk.history import Happening, History, iso_day


@dataclass(frozen=True)
class Listed:
    """An agency in the register, as the duties see it."""

    pk: int
    code: str
    name: str
    type: str


@dataclass(frozen=True)
class Directory:
    """The register of agencies, indexed as the duties look them up."""

    agencies: Mapping[int, Listed]
    schools: Mapping[str, int]
    """By school URN."""
    practices: Mapping[str, int]
    """By GP practice code, upper case (the register's code without `gp-`, or its URN)."""
    codes: Mapping[str, int]

    @classmethod
    def of(cls, agencies: Iterable[tuple[int, str, str, str, str]]) -> "Directory":
        listed: dict[int, Listed] = {}
        codes: dict[str, int] = {}
        schools: dict[str, int] = {}
        practices: dict[str, int] = {}
        for pk, code, name, kind, urn in sorted(agencies):
            listed[pk] = Listed(pk, code, name, kind)
            codes[code] = pk
            if kind == "school" and urn:
                schools.setdefault(urn, pk)
            if kind == "gp":
                practices.setdefault((urn or code.removeprefix("gp-")).upper(), pk)
        return cls(listed, schools, practices, codes)

    def first_of(self, kind: str) -> int | None:
        """The partnership's agency of a type where it has one service of that kind."""
        return next((a.pk for a in self.agencies.values() if a.type == kind), None)

    def name(self, pk: int) -> str:
        return self.agencies[pk].name


@dataclass(frozen=True)
class Named:
    """What the payloads may say to identify a person."""

    name: str
    date_of_birth: date | None
    nhs_number: str


@dataclass(frozen=True)
class RaisedAlert:
    rule: str
    person_id: int
    detail: str


@dataclass(frozen=True)
class Situation:
    """What a duty reads: the history at the trigger, and the household's details."""

    history: History
    directory: Directory
    people: Mapping[int, Named]
    schools: Mapping[int, str]
    """Each person's school URN, from any of their linked records (the latest that gives one)."""
    practices: Mapping[int, str]
    """Each person's GP practice code, likewise."""
    alerts: Sequence[RaisedAlert]
    """The alerts the rules raised at the trigger."""

    @property
    def trigger(self) -> Happening:
        return self.history.trigger

    @property
    def sender(self) -> Listed:
        return self.directory.agencies[self.trigger.agency_id]

    def age(self, person_id: int) -> int | None:
        member = self.history.members.get(person_id)
        return member.age_on(self.history.day) if member else None

    def children(self) -> list[int]:
        return self.history.children()

    def adults_in_trigger(self) -> list[int]:
        """The trigger's people who are not children (witnesses apart)."""
        children = set(self.children())
        return sorted(
            p.person_id
            for p in self.trigger.parts
            if p.role not in ("child", "witness") and p.person_id not in children
        )

    def open_involvements(self, person_id: int, *services: str) -> list[Happening]:
        """The person's involvements of these services still open at the trigger: the latest
        word from each agency on each service, if it is `open` and not past its end date."""
        latest: dict[tuple[int, str], Happening] = {}
        for event in self.history.before_trigger(self.history.involving({person_id})):
            service = event.facts.get("service")
            if event.kind == "involvement" and service in services:
                latest[(event.agency_id, str(service))] = event
        day = self.history.day
        return [
            event
            for event in latest.values()
            if event.facts.get("status") == "open"
            and ((end := iso_day(event.facts.get("end_date"))) is None or day <= end)
        ]


@dataclass(frozen=True)
class Notice:
    """One agency to be told about one person, and what it may be told."""

    recipient_id: int
    person_id: int
    payload: Mapping[str, Any]
