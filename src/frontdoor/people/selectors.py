"""Access-checked reads of people: every function takes the acting user and logs what it shows."""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, TypedDict

import jellyfish
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from frontdoor.access.policy import (
    PersonRoute,
    Section,
    actor_for,
    person_route,
    person_route_of,
    person_sections,
    told_events,
)
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Event, Participant
from frontdoor.chronology.selectors import participations_of
from frontdoor.web.dates import day_text

from .models import LinkDecision, Person, Relationship, Residence, SourceRecord
from .normalise import normalise_name, phonetic_key

SEARCH_LIMIT = 50
CANDIDATE_LIMIT = 2000
NAME_THRESHOLD = 0.82


@dataclass(frozen=True)
class Opened:
    """A person the reader may open, and the route by which they opened them."""

    person: Person
    route: PersonRoute


def person_open(*, user: User | AnonymousUser, person_id: int, purpose: str) -> Opened:
    """One person, if the user may see them, and by which route; the read is logged under that
    route. Unknown and denied look alike."""
    actor = actor_for(user)
    route = person_route_of(actor, person_id)
    person = Person.objects.filter(pk=person_id).first() if route else None
    if person is None or route is None:
        access_record(user=actor.user, person_ids=[person_id], purpose=purpose, route="denied")
        raise Http404("No person with that id that you can see.")
    access_record(user=actor.user, person_ids=[person.pk], purpose=purpose, route=route)
    return Opened(person, PersonRoute(actor.user.pk, person.pk, route))


def person_get(*, user: User | AnonymousUser, person_id: int, purpose: str) -> Person:
    """One person, if the user may see them; the read is logged. Unknown and denied look alike."""
    return person_open(user=user, person_id=person_id, purpose=purpose).person


def persons_now_holding_records_of(person_id: int) -> list[int]:
    """Where a person's records went, if they hold none now: the people holding today the
    records once linked to them (a re-link or a data manager found them to be of someone else).
    Empty for a person who still holds a record. Ids only, so nothing here is a read of anyone."""
    if SourceRecord.objects.filter(person_id=person_id).exists():
        return []
    once_theirs = LinkDecision.objects.filter(person_id=person_id).values("record_id")
    holders = SourceRecord.objects.filter(pk__in=once_theirs).values_list("person_id", flat=True)
    return sorted(set(holders))


@dataclass(frozen=True)
class SearchResult:
    person: Person
    score: float
    matched_on: str
    recorded_as: str = ""
    """The matching record's name, when it differs from the name the person is shown by."""


@dataclass(frozen=True)
class PeopleFound:
    results: list[SearchResult]
    more: bool
    """True when more people matched than are shown: the search should be narrowed."""


def _swapped(day_first: date) -> date | None:
    """The same date with day and month swapped, a common slip in agency records."""
    if day_first.day > 12 or day_first.day == day_first.month:
        return None
    return day_first.replace(month=day_first.day, day=day_first.month)


def _name_score(words: list[str], record: SourceRecord) -> float:
    """How alike the searched name is to a record's names (aliases too), from 0 to 1."""
    similar = jellyfish.jaro_winkler_similarity
    names = [
        normalise_name(n) for n in (record.given_name, record.family_name, *record.other_names)
    ]
    if len(words) == 1:
        return max(similar(words[0], name) for name in names if name) if any(names) else 0.0
    given, family = words[0], " ".join(words[1:])
    family_names = [name for name in names[1:] if name] or [""]
    return 0.4 * similar(given, names[0]) + 0.6 * max(similar(family, n) for n in family_names)


def persons_search(
    *,
    user: User | AnonymousUser,
    name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
) -> PeopleFound:
    """People the user may see whose records match, best first, tolerant of spelling slips."""
    actor = actor_for(user)
    route, allowed = person_route(actor)
    words = normalise_name(name).split()
    conditions = Q()
    if nhs_number:
        conditions |= Q(nhs_number=nhs_number.replace(" ", ""))
    dates = [d for d in (date_of_birth, date_of_birth and _swapped(date_of_birth)) if d]
    if words:
        keys = {phonetic_key(w) for w in words}
        name_match = Q(family_key__in=keys) | Q(given_key__in=keys)
        name_match |= Q(family_name__istartswith=words[-1][:3])
        conditions |= name_match & Q(date_of_birth__in=dates) if dates else name_match
    elif dates:
        conditions |= Q(date_of_birth__in=dates)
    if not conditions:
        return PeopleFound([], more=False)
    records = list(
        SourceRecord.objects.filter(conditions)
        .filter(person__in=Person.objects.filter(allowed))
        .select_related("person")[:CANDIDATE_LIMIT]
    )
    best: dict[int, SearchResult] = {}
    for record in records:
        if nhs_number and record.nhs_number == nhs_number.replace(" ", ""):
            score, matched_on = 1.0, "NHS number"
        else:
            score = _name_score(words, record) if words else 1.0
            matched = ["name"] if words else []
            if dates:
                exact = record.date_of_birth == date_of_birth
                score = score if exact else score - 0.05
                matched.append("date of birth" if exact else "date of birth, day and month swapped")
            matched_on = " and ".join(matched)
        if score < NAME_THRESHOLD:
            continue
        current = best.get(record.person_id)
        if current is None or score > current.score:
            name = f"{record.given_name} {record.family_name}".strip()
            shown = name if name != record.person.display_name else ""
            best[record.person_id] = SearchResult(record.person, score, matched_on, shown)
    ranked = sorted(best.values(), key=lambda r: (-r.score, r.person.family_name))
    results = ranked[:SEARCH_LIMIT]
    access_record(
        user=actor.user, person_ids=[r.person.pk for r in results], purpose="search", route=route
    )
    return PeopleFound(results, more=len(ranked) > SEARCH_LIMIT or len(records) == CANDIDATE_LIMIT)


class ChildSeen(TypedDict):
    """What an agency recorded of a child at an event, in words: whether they were there, seen,
    seen alone and spoken to, and what they said."""

    present: str
    seen: str
    seen_alone: str
    spoken_to: str
    voice: str


class ChronologyEntry(TypedDict):
    """One event in a person's chronology, with this person's part in it, as the page shows it:
    worked out here, once, so that a row of the page is printed rather than formatted. A plain
    dict, which the template engine looks its fields up in at the first try (an object costs it
    a failed lookup first): a page prints hundreds of rows."""

    event_id: int
    day: str
    time: str
    """The local time of day, empty when the agency gave only the date (midnight)."""
    agency: str
    summary: str
    message_key: str
    role: str
    companions: str
    """Everyone else in the event, each named and linked only if the reader may open them."""
    child: ChildSeen | None
    """Shown only for the person's part as a child, to readers who may see a child's voice."""


@dataclass
class HouseholdMember:
    """Someone recorded at one of the person's addresses, and over which dates."""

    person: Person
    addresses: list[str]
    first_seen: datetime
    last_seen: datetime


def _household(residences: list[Residence], person: Person) -> list[HouseholdMember]:
    """Everyone else recorded at the person's addresses, one entry each, latest first."""
    members: dict[int, HouseholdMember] = {}
    for row in (
        Residence.objects.filter(address_key__in=[r.address_key for r in residences])
        .exclude(person=person)
        .select_related("person")
    ):
        address = f"{row.line1}, {row.postcode}"
        member = members.get(row.person_id)
        if member is None:
            members[row.person_id] = HouseholdMember(
                row.person, [address], row.first_seen, row.last_seen
            )
            continue
        if address not in member.addresses:
            member.addresses.append(address)
        member.first_seen = min(member.first_seen, row.first_seen)
        member.last_seen = max(member.last_seen, row.last_seen)
    return sorted(members.values(), key=lambda m: m.last_seen, reverse=True)


@dataclass(frozen=True)
class KnownRecord:
    """An agency's record of the person, and the latest decision that put it on them."""

    record: SourceRecord
    decision: LinkDecision | None


def _known_records(person: Person) -> list[KnownRecord]:
    records = list(person.records.select_related("agency").order_by("agency__name", "pk"))
    latest: dict[int, LinkDecision] = {}
    for decision in (
        LinkDecision.objects.filter(record__in=records)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    ):
        latest[decision.record_id] = decision
    return [KnownRecord(record, latest.get(record.pk)) for record in records]


@dataclass
class PersonPage:
    """Everything the person page shows, read in a fixed number of queries."""

    person: Person
    chronology: list[ChronologyEntry]
    relationships: list[Relationship]
    residences: list[Residence]
    household: list[HouseholdMember]
    involvements: list[Participant]
    plans: list[Participant]
    records: list[KnownRecord]
    visible: set[int]
    """The other people shown by name: those the reader may open. Others are not named."""
    opened_by: PersonRoute
    """The route the reader opened the person by, for the page's other selectors to take."""
    sections: frozenset[Section]
    """What the reader's route lets them see beyond the person's name and the events their
    agency sent or was told of (all of it, unless their agency was only told of the person)."""

    @property
    def route(self) -> str:
        return self.opened_by.route


def _latest_by(mine: list[Participant], kind: str, key_fact: str) -> list[Participant]:
    """The latest event of a kind for each (agency, key fact): what is open or current now."""
    latest: dict[tuple[int, str], Participant] = {}
    for part in mine:
        event = part.event
        if event.kind == kind:
            latest[(event.agency_id, str(event.facts.get(key_fact)))] = part
    return sorted(latest.values(), key=lambda p: p.event.occurred_at, reverse=True)


ANSWERS = {True: "yes", False: "no", None: "not recorded"}

# A chronology row's fields, read as a plain row rather than a participant with its event and
# agency: three models a row, five hundred rows a page, for a row that is only printed. Named
# apart from the participant's own fields, which an annotation may not take.
ROW_FIELDS = {
    "occurred_at": F("event__occurred_at"),
    "agency": F("event__agency__name"),
    "summary": F("event__summary"),
    "key": F("message_key"),
    "part": F("role"),
    "was_present": F("present"),
    "was_seen": F("seen"),
    "was_seen_alone": F("seen_alone"),
    "was_spoken_to": F("spoken_to"),
    "words": F("voice"),
}


def _child_seen(row: dict[str, Any]) -> ChildSeen:
    # A child an agency saw was there, whether or not it also ticked "present".
    present = True if row["was_present"] is None and row["was_seen"] else row["was_present"]
    return ChildSeen(
        present=ANSWERS[present],
        seen=ANSWERS[row["was_seen"]],
        seen_alone=ANSWERS[row["was_seen_alone"]],
        spoken_to=ANSWERS[row["was_spoken_to"]],
        voice=row["words"],
    )


@cache
def _role_text(role: str) -> str:
    """'alleged_perpetrator' -> 'Alleged perpetrator': a few roles, on hundreds of rows."""
    return capfirst(role.replace("_", " "))


def _chronology(
    rows: list[dict[str, Any]],
    companions: dict[int, SafeString],
    sections: frozenset[Section],
) -> list[ChronologyEntry]:
    """The rows of the chronology, formatted here rather than by filters in each row: dates
    as the `date` filter's "j M Y", times as "H:i", the child's answers as words."""
    voiced = Section.CHILD_VOICE in sections
    zone = timezone.get_current_timezone()  # once: `localtime` looks it up again for each row
    entries = []
    for row in rows:
        local = row["occurred_at"].astimezone(zone)
        entries.append(
            ChronologyEntry(
                event_id=row["event_id"],
                day=day_text(local.date()),
                time=f"{local.hour:02}:{local.minute:02}" if local.hour or local.minute else "",
                agency=row["agency"],
                summary=row["summary"],
                message_key=row["key"],
                role=_role_text(row["part"]),
                companions=companions.get(row["event_id"], ""),
                child=_child_seen(row) if voiced and row["part"] == "child" else None,
            )
        )
    return entries


def _companion(person_id: int, shown: Person | None, role: str) -> SafeString:
    """Someone else in an event: named, with a link, only if the reader may open them."""
    if shown is None:
        return format_html(
            'Another person <span class="govuk-body-s">(not on your agency\'s records)</span> ({})',
            role.replace("_", " "),
        )
    return format_html(
        '<a class="govuk-link" href="{}">{}</a> ({})',
        reverse("people:detail", args=[person_id]),
        shown.display_name,
        role.replace("_", " "),
    )


def _companions(
    beside: list[tuple[int, int, str]], visible: dict[int, Person]
) -> dict[int, SafeString]:
    """Everyone else in each of the person's events (`beside`: event, person, role), as the page
    lists them, by event. The same few people recur across hundreds of events, so each
    (person, role), and each list of them, is written out once, here, not in each row."""
    made: dict[tuple[int, str], SafeString] = {}
    by_event: dict[int, list[SafeString]] = {}
    for event_id, other_id, role in beside:
        companion = made.get((other_id, role))
        if companion is None:
            companion = made[(other_id, role)] = _companion(other_id, visible.get(other_id), role)
        by_event.setdefault(event_id, []).append(companion)

    @cache
    def listed(companions: tuple[SafeString, ...]) -> SafeString:
        return format_html_join(", ", "{}", ((c,) for c in companions))

    return {event_id: listed(tuple(companions)) for event_id, companions in by_event.items()}


def person_page(*, user: User | AnonymousUser, person_id: int) -> PersonPage:
    """The multi-agency view of a person: chronology, relationships, household, services, plans;
    each part only if the reader's route lets them see it, and not read at all otherwise."""
    actor = actor_for(user)
    route, allowed = person_route(actor)
    opened = person_open(user=actor.user, person_id=person_id, purpose="person_page")
    person, sections = opened.person, person_sections(actor, opened.route.route)
    mine_query = participations_of(person.pk)
    if Section.CHRONOLOGY not in sections:
        told = Event.objects.filter(told_events(actor, person.pk)).values("pk")
        mine_query = mine_query.filter(event_id__in=told)
    rows: list[dict[str, Any]] = list(
        mine_query.annotate(**ROW_FIELDS).values("event_id", *ROW_FIELDS)
    )
    beside = list(
        Participant.objects.filter(event_id__in=[row["event_id"] for row in rows])
        .exclude(person=person)
        .order_by("pk")
        .values_list("event_id", "person_id", "role")
    )
    relationships = (
        list(
            Relationship.objects.filter(Q(person=person) | Q(other=person))
            .select_related("person", "other")
            .order_by("-last_seen")
        )
        if Section.RELATIONSHIPS in sections
        else []
    )
    residences = (
        list(person.residences.order_by("-last_seen")) if Section.ADDRESSES in sections else []
    )
    household = _household(residences, person)
    services = (
        list(mine_query.filter(event__kind__in=("involvement", "plan")))
        if Section.INVOLVEMENTS in sections or Section.PLANS in sections
        else []
    )
    involvements = (
        [
            p
            for p in _latest_by(services, "involvement", "service")
            if p.event.facts.get("status") == "open"
        ]
        if Section.INVOLVEMENTS in sections
        else []
    )
    plans = _latest_by(services, "plan", "type") if Section.PLANS in sections else []
    records = _known_records(person) if Section.KNOWN_TO in sections else []
    shown = {other_id for _, other_id, _ in beside}
    shown |= {r.person_id for r in relationships} | {r.other_id for r in relationships}
    shown |= {member.person.pk for member in household}
    shown.discard(person.pk)
    visible = Person.objects.filter(allowed, pk__in=shown).in_bulk()
    access_record(
        user=actor.user,
        person_ids=sorted(visible),
        purpose="person_page_context",
        route=route,
    )
    return PersonPage(
        person,
        _chronology(rows, _companions(beside, visible), sections),
        relationships,
        residences,
        household,
        involvements,
        plans,
        records,
        set(visible),
        opened.route,
        sections,
    )
