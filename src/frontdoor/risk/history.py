"""The linked history the rules read: a new event, and everything known about its people and
their household when it arrived.

"Known" means reported at or before the event (ties broken by arrival), so evaluating an event
live and replaying it later see the same history. The household is everyone who took part with
the event's people in any known event (a witness apart), so a child's mother's incidents count
for the child even where the child was not named.
"""

import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdoor.batches import batches
from frontdoor.chronology.models import Event, Participant
from frontdoor.people.models import Person

from .thresholds import Thresholds, Timeline

ADULT_AT = 18
HARM_MARKERS = ("injury", "weapon", "strangulation", "threats_to_kill", "sexual_violence")
NOT_HOUSEHOLD = frozenset({"witness"})
# Ids bound in one query: well under SQLite's limit on a statement's parameters.
IDS_PER_QUERY = 10_000


@cache
def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Part:
    """A person's part in an event, as recorded."""

    person_id: int
    role: str
    present: bool | None
    seen: bool | None
    spoken_to: bool | None
    voice: str
    ref: str
    """The subject's ref in the message: with the message, names the person across rebuilds."""


@dataclass(frozen=True)
class Happening:
    """One event of the chronology as the rules see it."""

    event_id: int
    inbox_id: int
    message_id: str
    agency_id: int
    kind: str
    occurred_at: datetime
    reported_at: datetime
    facts: Mapping[str, Any]
    parts: tuple[Part, ...]
    person_ids: frozenset[int]
    household_ids: frozenset[int]
    """Everyone in it but witnesses: the people whose household it tells of."""

    @property
    def known_at(self) -> tuple[datetime, int]:
        """When the hub knew of it: its report time, ties in order of arrival."""
        return (self.reported_at, self.inbox_id)

    @property
    def ref(self) -> str:
        """The message, unique across agencies: what a rule names a finding by."""
        return f"{self.agency_id}/{self.message_id}"

    @cached_property
    def day(self) -> date:
        """The local day it happened on."""
        return timezone.localtime(self.occurred_at, _zone()).date()

    def with_role(self, *roles: str) -> list[int]:
        return sorted({p.person_id for p in self.parts if p.role in roles})

    def part_of(self, person_id: int) -> Part | None:
        return next((p for p in self.parts if p.person_id == person_id), None)

    @property
    def is_abuse(self) -> bool:
        """A domestic-abuse incident or crime (the exchange's only incident category)."""
        return self.kind == "incident" and self.facts.get("category", "domestic_abuse") == (
            "domestic_abuse"
        )

    @property
    def harm(self) -> int:
        return sum(1 for marker in HARM_MARKERS if self.facts.get(marker) is True)

    def flag(self, name: str) -> bool:
        return self.facts.get(name) is True


@dataclass(frozen=True)
class Member:
    """A person of the household, with what says whether they are a child."""

    person_id: int
    date_of_birth: date | None
    due_date: date | None
    recorded_as_child: bool

    def age_on(self, day: date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def months_on(self, day: date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return (day.year - born.year) * 12 + day.month - born.month - (day.day < born.day)

    def unborn_on(self, day: date) -> bool:
        return self.date_of_birth is None and self.due_date is not None and day <= self.due_date

    def child_on(self, day: date) -> bool:
        age = self.age_on(day)
        if age is not None:
            return 0 <= age < ADULT_AT
        if self.due_date is not None:
            return day.year - self.due_date.year <= ADULT_AT
        return self.recorded_as_child


@dataclass(frozen=True)
class History:
    """What the hub knew when `trigger` arrived, about its people and their household."""

    trigger: Happening
    events: tuple[Happening, ...]
    """Every known event of the household, oldest first; the trigger among them."""
    members: Mapping[int, Member]
    thresholds: Thresholds
    first_part: Callable[[int], str]
    """Someone by their part in the first message to arrive that named them (see `name_of`)."""

    @property
    def day(self) -> date:
        return self.trigger.day

    def involving(self, person_ids: Iterable[int], kind: str | None = None) -> list[Happening]:
        wanted = frozenset(person_ids)
        return [
            e
            for e in self.events
            if (kind is None or e.kind == kind) and not wanted.isdisjoint(e.person_ids)
        ]

    def before_trigger(self, events: Iterable[Happening]) -> list[Happening]:
        """Events that happened before the trigger (by when they happened)."""
        at = (self.trigger.occurred_at, self.trigger.event_id)
        return [e for e in events if (e.occurred_at, e.event_id) < at]

    def children(self) -> list[int]:
        """The household's children on the trigger's day, unborn children included."""
        return sorted(m.person_id for m in self.members.values() if m.child_on(self.day))

    def victims(self) -> list[int]:
        """Who the trigger is about: its victims; failing that, everyone in it but perpetrators,
        witnesses and children."""
        victims = self.trigger.with_role("victim")
        if victims:
            return victims
        return self.trigger.with_role("adult", "parent", "subject")

    def perpetrators(self) -> list[int]:
        return self.trigger.with_role("alleged_perpetrator")

    def name_of(self, person_id: int) -> str:
        """Someone in the trigger by their part in the first message to arrive that named them,
        so a rule can name a finding by it. Unlike their id it is the same after a rebuild; and
        since no message arriving later can have arrived first, it is the same at every later
        event, live or replayed, whatever order the messages came in (their first event is not:
        a message about an earlier event may arrive late)."""
        return self.first_part(person_id)


def iso_day(value: object) -> date | None:
    """A date a message gave as text (ISO 8601, a time after it ignored), if it is one."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _among(field: str, ids: Sequence[int]) -> Q:
    """`field` among the ids: as a range when they are (nearly) consecutive, as intake's newly
    recorded events are, so a batch's hundreds of ids are not each bound to the query."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": ids})


def _raw_rows(query: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The query's rows as the database driver returns them.

    The hot path of live evaluation reads every event of a household; Django's per-value
    converters were a third of that time, so the few conversions needed are done here.
    """
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # asked for none of a list: no query to run
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _moment(value: datetime | str) -> datetime:
    """A stored time, aware: SQLite's driver gives it as UTC without the zone (or as text)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


def _happenings(event_ids: Sequence[int]) -> dict[int, Happening]:
    """Events with everyone's part in them, in two queries for each chunk of ids."""
    happenings: dict[int, Happening] = {}
    for chunk in batches(sorted(event_ids), IDS_PER_QUERY):
        happenings |= _happenings_among(chunk)
    return happenings


def _happenings_among(event_ids: list[int]) -> dict[int, Happening]:
    parts: dict[int, list[Part]] = {}
    for event_id, person_id, role, present, seen, spoken_to, voice, ref in _raw_rows(
        Participant.objects.filter(event_id__in=event_ids).values_list(
            "event_id", "person_id", "role", "present", "seen", "spoken_to", "voice", "ref"
        )
    ):
        parts.setdefault(event_id, []).append(
            Part(person_id, role, _flag(present), _flag(seen), _flag(spoken_to), voice, ref)
        )
    happenings: dict[int, Happening] = {}
    for event_id, inbox_id, message_id, agency_id, kind, occurred, reported, facts in _raw_rows(
        Event.objects.filter(pk__in=event_ids).values_list(
            "pk",
            "message_id",
            "message__message_id",
            "agency_id",
            "kind",
            "occurred_at",
            "reported_at",
            "facts",
        )
    ):
        its = sorted(parts.get(event_id, []), key=lambda p: (p.person_id, p.role))
        happenings[event_id] = Happening(
            event_id,
            inbox_id,
            message_id or "",
            agency_id,
            kind,
            _moment(occurred),
            _moment(reported),
            json.loads(facts) if isinstance(facts, str | bytes) else facts,
            tuple(its),
            frozenset(p.person_id for p in its),
            frozenset(p.person_id for p in its if p.role not in NOT_HOUSEHOLD),
        )
    return happenings


def histories_load(trigger_ids: Sequence[int], *, kinds: Collection[str]) -> list[History]:
    """The history at each trigger event of these kinds, in the order the hub knew of them.

    Reads in a fixed number of queries however many triggers there are (unless the households'
    events run past IDS_PER_QUERY): the ids of every event of the household (the triggers'
    people and the people who took part in their events, worked out in the database), those
    events with their parts, and the household's details.
    """
    if not trigger_ids:
        return []
    wanted = set(trigger_ids)
    # The triggers' kinds read by id, then sifted here: given the kinds as well, SQLite read
    # every event of those kinds to find the few asked for, a scan that grew with the force.
    of_kinds = [
        pk
        for pk, kind in Event.objects.filter(_among("pk", trigger_ids)).values_list("pk", "kind")
        if pk in wanted and kind in kinds
    ]
    if not of_kinds:
        return []
    core = (
        Participant.objects.filter(event_id__in=of_kinds)
        .exclude(role__in=NOT_HOUSEHOLD)
        .values("person_id")
    )
    # The household and its events as lists of ids, not subqueries: PostgreSQL, guessing the
    # nested subqueries' rows a hundred times too many, read the whole events table to join
    # them, and SQLite worked the household out again for each query that named it.
    household = set(
        Participant.objects.filter(
            event_id__in=Participant.objects.filter(person_id__in=core).values("event_id")
        )
        .exclude(role__in=NOT_HOUSEHOLD)
        .values_list("person_id", flat=True)
    )
    events = _happenings(
        list(
            Participant.objects.filter(person_id__in=household)
            .values_list("event_id", flat=True)
            .distinct()
        )
    )
    triggers = {t: events[t] for t in wanted if t in events and events[t].kind in kinds}
    of_person: dict[int, list[int]] = {}
    for event in events.values():
        for person_id in event.person_ids:
            of_person.setdefault(person_id, []).append(event.event_id)
    members = _members(household, events.values())
    first_part = _first_part_finder(events, of_person)
    timeline = Timeline.load()
    histories = []
    for trigger in sorted(triggers.values(), key=lambda t: t.known_at):
        known = trigger.known_at

        def known_events(
            person_ids: Iterable[int], known: tuple[datetime, int] = known
        ) -> set[int]:
            return {
                e
                for pid in person_ids
                for e in of_person.get(pid, ())
                if events[e].known_at <= known
            }

        own = known_events(trigger.household_ids)
        people = set(trigger.household_ids)
        for event_id in own:
            people |= events[event_id].household_ids
        chosen = sorted(
            (events[e] for e in known_events(people)),
            key=lambda e: (e.occurred_at, e.event_id),
        )
        histories.append(
            History(
                trigger=trigger,
                events=tuple(chosen),
                members={pid: members[pid] for pid in sorted(people) if pid in members},
                thresholds=timeline.on(trigger.day),
                first_part=first_part,
            )
        )
    return histories


def _first_part_finder(
    events: Mapping[int, Happening], of_person: Mapping[int, list[int]]
) -> Callable[[int], str]:
    """Someone's part in the first of the events to arrive that named them (the message's
    sender and id, and the subject's ref; the least ref where one message names them twice),
    worked out when first asked."""

    @cache
    def first_part(person_id: int) -> str:
        first = min((events[e] for e in of_person[person_id]), key=lambda e: e.inbox_id)
        return f"{first.ref}/{min(p.ref for p in first.parts if p.person_id == person_id)}"

    return first_part


def _members(person_ids: Collection[int], events: Iterable[Happening]) -> dict[int, Member]:
    as_child = {p.person_id for e in events for p in e.parts if p.role == "child"}
    return {
        pk: Member(pk, born, due, pk in as_child)
        for pk, born, due in _raw_rows(
            Person.objects.filter(pk__in=person_ids).values_list("pk", "date_of_birth", "due_date")
        )
    }
