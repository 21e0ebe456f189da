"""The children in need census extract: every child named in a front-door referral received in a
collection year, with what the census asks of each referral and what the hub knows of the child.

Not access-checked itself: `selectors.cin_census_export` and the `returns` command check the
reader and record the export. docs/returns.md defines every item and how it is derived.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from frontdoor.access.models import AgencyType
from frontdoor.chronology.models import Participant
from frontdoor.intake.models import Channel
from frontdoor.people.models import Person, Relationship, SourceRecord
from frontdoor.risk.history import ADULT_AT, Happening, History, histories_load
from frontdoor.triage.configuration import Timeline
from frontdoor.triage.models import Referral

from .codes import (
    ASSESSED,
    ASSESSMENT_FACTORS,
    DOMESTIC_ABUSE_OF_CHILD,
    DOMESTIC_ABUSE_OF_HOUSEHOLD_MEMBER,
    DOMESTIC_ABUSE_OF_PARENT,
    FACTOR_OF_CONCERN,
    LA_CHILD_ID_LENGTH,
    NO_FURTHER_ACTION,
    SEX_NOT_KNOWN,
    SEXES,
    SOURCE_OF_AGENCY,
    UNKNOWN_SOURCE,
    UPN_UNKNOWN_NO_FURTHER_ACTION,
)

FIRST_YEAR = 2010
"""The first census year (1 April 2009 to 31 March 2010)."""

PARENT_TYPES = frozenset({"parent", "step_parent", "carer"})
HOUSEHOLD_TYPES = frozenset({"sibling", "household_member"})
ABUSED_IF_NO_VICTIM = ("parent", "adult")


class ReturnError(ValueError):
    """A return that cannot be made as asked; the message names the field and the value."""


@dataclass(frozen=True)
class CinReferral:
    """One of the child's referrals, as the census's <CINdetails> needs it."""

    reference: str
    referral_date: date
    source: str
    no_further_action: bool
    assessment_started: date | None
    """When the front door's decision to assess the child stood; None unless assessed."""
    factors: tuple[str, ...]
    """What the hub knows of the child's circumstances, as assessment factor codes."""


@dataclass(frozen=True)
class CinChild:
    person_id: int
    la_child_id: str
    birth_date: date | None
    expected_birth_date: date | None
    sex: str
    upn_unknown: str
    referrals: tuple[CinReferral, ...]


@dataclass(frozen=True)
class CinCensus:
    year: int
    first: date
    last: date
    children: tuple[CinChild, ...]

    @property
    def referral_count(self) -> int:
        return sum(len(child.referrals) for child in self.children)


def collection_period(year: int) -> tuple[date, date]:
    """The census year ending 31 March `year`: from 1 April the year before."""
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= 9999:
        raise ReturnError(
            f"year: the census year is the year it ends on 31 March, from {FIRST_YEAR}, "
            f"not {year!r}"
        )
    return date(year - 1, 4, 1), date(year, 3, 31)


def census_year(day: date) -> int:
    """The census year a day falls in: the year of the 31 March that ends it."""
    return day.year + 1 if day.month >= 4 else day.year


def referral_source(agency_type: str) -> str:
    """The census's source code for a referral from this type of agency."""
    return SOURCE_OF_AGENCY.get(agency_type, UNKNOWN_SOURCE)


def census_sex(sex: str, *, unborn: bool) -> str:
    return sex if sex in SEXES and not unborn else SEX_NOT_KNOWN


def is_domestic_abuse(event: Happening) -> bool:
    """An event that tells of domestic abuse: an incident, a referral naming it as a concern, a
    DASH risk assessment, or a MARAC referral or hearing."""
    if event.kind == "incident":
        return event.is_abuse
    if event.kind == "referral":
        return "domestic_abuse" in (event.facts.get("concerns") or [])
    if event.kind == "assessment":
        return event.facts.get("type") == "dash"
    return event.kind == "marac"


def abused_in(event: Happening) -> set[int]:
    """Who the abuse an event tells of was done to: its victims; failing that, the parents and
    adults it names that it does not name as the alleged perpetrator."""
    victims = set(event.with_role("victim"))
    if victims:
        return victims
    return set(event.with_role(*ABUSED_IF_NO_VICTIM)) - set(event.with_role("alleged_perpetrator"))


@dataclass(frozen=True)
class Circle:
    """The people around a child who the census's domestic abuse factors are about."""

    parents: frozenset[int]
    """Parents and carers."""
    household: frozenset[int]
    """Others living with the child: siblings, household members, the other children referred
    with them."""


def domestic_abuse_factors(
    history: History, child_id: int, circle: Circle, since: date
) -> set[str]:
    """3A, 3B and 3C: domestic abuse known when the referral arrived, that happened from `since`
    to the referral's day, done to the child, a parent or carer, or someone else in the
    household."""
    factors: set[str] = set()
    for event in history.events:
        if not since <= event.day <= history.trigger.day or not is_domestic_abuse(event):
            continue
        abused = abused_in(event)
        if child_id in abused:
            factors.add(DOMESTIC_ABUSE_OF_CHILD)
        if abused & circle.parents:
            factors.add(DOMESTIC_ABUSE_OF_PARENT)
        if abused & (circle.household - circle.parents - {child_id}):
            factors.add(DOMESTIC_ABUSE_OF_HOUSEHOLD_MEMBER)
    return factors


def concern_factors(concerns: Iterable[str]) -> set[str]:
    """The factors the referrer's concerns name outright."""
    return {FACTOR_OF_CONCERN[c] for c in concerns if c in FACTOR_OF_CONCERN}


def in_census_order(factors: Iterable[str]) -> tuple[str, ...]:
    order = list(ASSESSMENT_FACTORS)
    return tuple(sorted(set(factors), key=order.index))


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return timezone.localtime(moment, zone).date()


def _circles(
    kids_of: Mapping[int, list[int]], histories: Mapping[int, History]
) -> dict[tuple[int, int], Circle]:
    """Each (referral event, child)'s parents and household, as known when the referral arrived:
    relationships reported by then, and the referral's own parents and children."""
    kids = {kid for kids in kids_of.values() for kid in kids}
    parents_of: dict[int, list[tuple[int, datetime]]] = {}
    household_of: dict[int, list[tuple[int, datetime]]] = {}
    for person, other, kind, first_seen in Relationship.objects.filter(
        Q(person_id__in=kids) | Q(other_id__in=kids), type__in=PARENT_TYPES | HOUSEHOLD_TYPES
    ).values_list("person_id", "other_id", "type", "first_seen"):
        if kind in PARENT_TYPES:
            parents_of.setdefault(other, []).append((person, first_seen))
        else:
            household_of.setdefault(person, []).append((other, first_seen))
            household_of.setdefault(other, []).append((person, first_seen))
    circles = {}
    for event_id, history in histories.items():
        trigger, children = history.trigger, kids_of[event_id]
        for kid in children:
            parents = {p for p, seen in parents_of.get(kid, ()) if seen <= trigger.reported_at}
            household = {h for h, seen in household_of.get(kid, ()) if seen <= trigger.reported_at}
            circles[event_id, kid] = Circle(
                parents=frozenset(parents | set(trigger.with_role("parent"))),
                household=frozenset(household | set(children) - {kid}),
            )
    return circles


def _la_child_ids(kids: Collection[int]) -> dict[int, str]:
    """Each child's id in children's social care's own system where the hub holds one that fits;
    otherwise the hub's, FD and its person number."""
    ids: dict[int, str] = {}
    for person_id, source_person_id in (
        SourceRecord.objects.filter(person_id__in=kids, agency__type=AgencyType.CSC)
        .exclude(first_message__channel=Channel.FORM)
        .order_by("pk")
        .values_list("person_id", "source_person_id")
    ):
        if source_person_id and len(source_person_id) <= LA_CHILD_ID_LENGTH:
            ids.setdefault(person_id, source_person_id)
    return {kid: ids.get(kid, f"FD{kid}") for kid in kids}


def _referral_of(referral: Referral, day: date, factors: set[str], zone: ZoneInfo) -> CinReferral:
    assessed_at = referral.decided_at if referral.outcome in ASSESSED else None
    return CinReferral(
        reference=referral.reference,
        referral_date=day,
        source=referral_source(referral.agency.type),
        no_further_action=referral.outcome in NO_FURTHER_ACTION,
        assessment_started=_local_day(assessed_at, zone) if assessed_at else None,
        factors=in_census_order(factors),
    )


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _children_of(referrals: list[Referral], zone: ZoneInfo) -> dict[int, list[int]]:
    """The children each referral names, by its event: those it names as children, and anyone
    else in it under 18 on the day it arrived (a young victim, say)."""
    day_of = {r.event_id: _local_day(r.received_at, zone) for r in referrals}
    kids_of: dict[int, list[int]] = {}
    for event_id, person_id, role, born in (
        Participant.objects.filter(event_id__in=list(day_of))
        .order_by("pk")
        .values_list("event_id", "person_id", "role", "person__date_of_birth")
    ):
        child = role == "child" or (born is not None and _age_on(born, day_of[event_id]) < ADULT_AT)
        if child and person_id not in kids_of.setdefault(event_id, []):
            kids_of[event_id].append(person_id)
    return kids_of


def cin_census_collect(year: int) -> CinCensus:
    """The extract for the census year ending 31 March `year`, in a fixed number of queries."""
    first, last = collection_period(year)
    zone = ZoneInfo(settings.TIME_ZONE)
    referrals = list(
        Referral.objects.filter(
            received_at__gte=datetime.combine(first, time.min, tzinfo=zone),
            received_at__lt=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        )
        .select_related("agency")
        .order_by("received_at", "pk")
    )
    kids_of = _children_of(referrals, zone)
    histories = {
        h.trigger.event_id: h for h in histories_load(sorted(kids_of), kinds=("referral",))
    }
    circles = _circles(kids_of, histories)
    timeline = Timeline.load()
    of_child: dict[int, list[CinReferral]] = {}
    for referral in referrals:
        day = _local_day(referral.received_at, zone)
        since = day - timedelta(days=timeline.on(day).domestic_abuse_days)
        history = histories.get(referral.event_id)
        for kid in kids_of.get(referral.event_id, []):
            factors = concern_factors(referral.concerns)
            if history is not None:  # None only where everyone it names is a witness
                circle = circles[referral.event_id, kid]
                factors |= domestic_abuse_factors(history, kid, circle, since)
            of_child.setdefault(kid, []).append(_referral_of(referral, day, factors, zone))
    people = Person.objects.in_bulk(list(of_child))
    ids = _la_child_ids(of_child)
    children = []
    for kid, its in of_child.items():
        person = people[kid]
        unborn = person.date_of_birth is None and person.due_date is not None
        children.append(
            CinChild(
                person_id=kid,
                la_child_id=ids[kid],
                birth_date=person.date_of_birth,
                expected_birth_date=person.due_date if unborn else None,
                sex=census_sex(person.sex, unborn=unborn),
                upn_unknown=UPN_UNKNOWN_NO_FURTHER_ACTION
                if all(r.no_further_action for r in its)
                else "",
                referrals=tuple(its),
            )
        )
    children.sort(key=lambda c: (c.referrals[0].referral_date, c.la_child_id))
    return CinCensus(year=year, first=first, last=last, children=tuple(children))
