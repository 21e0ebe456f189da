"""Reads for the MARAC: meetings, each meeting's agenda as the reader may see it, actions, and
the quarterly national dataset. Each takes the acting user and logs the people it shows."""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.access.policy import (
    Actor,
    actor_for,
    is_marac_coordinator,
    marac_actions_filter,
    marac_agenda_seen,
    marac_case_route,
    marac_case_seen,
    marac_coordinator_check,
)
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Participant
from frontdoor.chronology.summaries import PLANS
from frontdoor.intake.models import Channel
from frontdoor.people.models import Person, Relationship, SourceRecord

from .models import Action, Hearing, MaracReferral, Meeting, ResearchReturn

ADULT_AT = 18


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass
class Child:
    """A child in a case, with what the hub holds on their needs."""

    person: Person
    age: int | None
    needs: list[str]


@dataclass
class Case:
    """One case on an agenda: its people, the agencies asked to research it and what they said."""

    referral: MaracReferral
    victims: list[Person]
    perpetrators: list[Person]
    children: list[Child]
    asked: list[Agency]
    returns: dict[int, ResearchReturn] = field(default_factory=dict)
    actions: list[Action] = field(default_factory=list)

    @property
    def returned(self) -> list[Agency]:
        return [a for a in self.asked if a.pk in self.returns]

    @property
    def not_returned(self) -> list[Agency]:
        return [a for a in self.asked if a.pk not in self.returns]

    def person_ids(self) -> set[int]:
        people = [*self.victims, *self.perpetrators, *(c.person for c in self.children)]
        return {p.pk for p in people}


@dataclass
class Agenda:
    meeting: Meeting
    cases: list[Case]
    coordinator: bool
    agency: Agency


def _partner_agencies() -> list[Agency]:
    return list(Agency.objects.filter(type__in=settings.FRONTDOOR_MARAC_AGENCY_TYPES))


def _people(referrals: Sequence[MaracReferral]) -> dict[int, dict[str, list[Person]]]:
    """Each referral's people by role; children include the victim's children the hub knows of."""
    by_event: dict[int, dict[str, list[Person]]] = {
        r.event_id: {"victim": [], "alleged_perpetrator": [], "child": []} for r in referrals
    }
    for part in Participant.objects.filter(
        event_id__in=by_event, role__in=("victim", "alleged_perpetrator", "child")
    ).select_related("person"):
        group = by_event[part.event_id][part.role]
        if part.person not in group:
            group.append(part.person)
    victims = {p.pk for roles in by_event.values() for p in roles["victim"]}
    children_of: dict[int, list[Person]] = {}
    for relationship in Relationship.objects.filter(
        person_id__in=victims, type__in=("parent", "step_parent", "carer")
    ).select_related("other"):
        children_of.setdefault(relationship.person_id, []).append(relationship.other)
    for referral in referrals:
        roles = by_event[referral.event_id]
        day = timezone.localdate(referral.referred_at)
        for victim in roles["victim"]:
            for child in children_of.get(victim.pk, []):
                age = age_on(child.date_of_birth, day)
                if child not in roles["child"] and (age is None or age < ADULT_AT):
                    roles["child"].append(child)
    return by_event


def _needs(children: Iterable[Person]) -> dict[int, list[str]]:
    """What the hub holds on each child's needs: current plans and open services."""
    latest: dict[tuple[int, str, str], str] = {}
    for person_id, kind, facts in (
        Participant.objects.filter(
            person_id__in=[c.pk for c in children], event__kind__in=("plan", "involvement")
        )
        .order_by("event__occurred_at", "event_id")
        .values_list("person_id", "event__kind", "event__facts")
    ):
        key = str(facts.get("type") if kind == "plan" else facts.get("service"))
        latest[(person_id, kind, key)] = str(facts.get("status"))
    needs: dict[int, list[str]] = {}
    for (person_id, kind, key), status in latest.items():
        if kind == "plan" and status != "ended":
            needs.setdefault(person_id, []).append(PLANS.get(key, key.replace("_", " ")))
        elif kind == "involvement" and status == "open":
            needs.setdefault(person_id, []).append(f"Open to {key.replace('_', ' ')}")
    return needs


def _holders(person_ids: set[int]) -> dict[int, set[int]]:
    """For each person, the agencies holding a record of them from their own systems."""
    held: dict[int, set[int]] = {}
    for person_id, agency_id in (
        SourceRecord.objects.filter(person_id__in=person_ids)
        .exclude(first_message__channel=Channel.FORM)
        .values_list("person_id", "agency_id")
    ):
        held.setdefault(person_id, set()).add(agency_id)
    return held


def cases_of(referrals: Sequence[MaracReferral], *, on: date) -> list[Case]:
    """The cases for these referrals, with their people, the children's needs and the agencies
    asked: the partnership's core agencies, and any other agency holding a record of them.

    Not access-checked itself: callers decide which cases the reader may see, and log them.
    """
    people = _people(referrals)
    children = {c.pk: c for roles in people.values() for c in roles["child"]}
    needs = _needs(children.values())
    everyone = {p.pk for roles in people.values() for group in roles.values() for p in group}
    held = _holders(everyone)
    partners = _partner_agencies()
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=set().union(*held.values(), set()))}
    cases = []
    for referral in referrals:
        roles = people[referral.event_id]
        ids = {p.pk for group in roles.values() for p in group}
        holding = set().union(*(held.get(i, set()) for i in ids))
        asked = {a.pk: a for a in partners} | {i: agencies[i] for i in holding}
        cases.append(
            Case(
                referral=referral,
                victims=roles["victim"],
                perpetrators=roles["alleged_perpetrator"],
                children=[
                    Child(c, age_on(c.date_of_birth, on), needs.get(c.pk, []))
                    for c in roles["child"]
                ],
                asked=sorted(asked.values(), key=lambda a: a.name),
            )
        )
    return cases


def agenda_referrals(meeting: Meeting) -> list[MaracReferral]:
    """A held meeting's cases are those it heard; an open one's, every case not yet heard that
    was referred by its day."""
    if meeting.held_at is not None:
        return list(
            MaracReferral.objects.filter(hearings__meeting=meeting).select_related("agency")
        )
    return list(
        MaracReferral.objects.filter(
            heard_on__isnull=True, referred_at__date__lte=meeting.date, hearings__isnull=True
        ).select_related("agency")
    )


@dataclass(frozen=True)
class MeetingListed:
    meeting: Meeting
    opens: bool
    """Whether the reader may open its agenda (the agenda's own gate, decided here so the list
    links only what opens)."""


def meetings_list(*, user: User | AnonymousUser) -> list[MeetingListed]:
    """Every meeting, for anyone in the partnership: dates only, no one's details, and whether
    the reader's agency is asked about any of its cases."""
    actor = actor_for(user)
    meetings = list(Meeting.objects.order_by("-date"))
    if is_marac_coordinator(actor):
        return [MeetingListed(meeting, opens=True) for meeting in meetings]
    agendas = {meeting.pk: agenda_referrals(meeting) for meeting in meetings}
    referrals = {r.pk: r for agenda in agendas.values() for r in agenda}
    cases = {
        case.referral.pk: case
        for case in cases_of(list(referrals.values()), on=timezone.localdate())
    }
    return [
        MeetingListed(meeting, marac_agenda_seen(actor, [cases[r.pk] for r in agendas[meeting.pk]]))
        for meeting in meetings
    ]


def _meeting(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def agenda_read(*, user: User | AnonymousUser, meeting_id: int) -> Agenda:
    """The agenda as the reader may see it: a coordinator, every case; an agency's users, the
    cases their agency is asked to research; anyone else is refused. Every person shown is
    logged."""
    actor = actor_for(user)
    meeting = _meeting(meeting_id)
    every = cases_of(agenda_referrals(meeting), on=meeting.date)
    if not marac_agenda_seen(actor, every):
        raise PermissionDenied("Your agency is not asked about any case at this meeting.")
    cases = [c for c in every if marac_case_seen(actor, c)]
    _attach(meeting, cases)
    _log(actor, cases, purpose="marac_agenda")
    return Agenda(meeting, cases, is_marac_coordinator(actor), actor.agency)


def _attach(meeting: Meeting, cases: list[Case]) -> None:
    by_reference = {c.referral.reference: c for c in cases}
    for made in ResearchReturn.objects.filter(
        meeting=meeting, referral_id__in=by_reference
    ).select_related("agency", "completed_by"):
        by_reference[str(made.referral_id)].returns[made.agency_id] = made
    for action in Action.objects.filter(referral_id__in=by_reference).select_related(
        "owner", "owner_agency", "completed_by"
    ):
        by_reference[str(action.referral_id)].actions.append(action)


def _log(actor: Actor, cases: Sequence[Case], *, purpose: str) -> None:
    for route in ("marac_coordinator", "marac_agency"):
        ids = {
            pid
            for c in cases
            if marac_case_route(actor, {a.pk for a in c.asked}) == route
            for pid in c.person_ids()
        }
        if ids:
            access_record(user=actor.user, person_ids=sorted(ids), purpose=purpose, route=route)


def case_read(
    *, user: User | AnonymousUser, meeting_id: int, reference: str
) -> tuple[Meeting, Case]:
    """One case on a meeting's agenda, if the reader may see it; unknown and denied look alike."""
    actor = actor_for(user)
    meeting = _meeting(meeting_id)
    referrals = [r for r in agenda_referrals(meeting) if r.reference == reference]
    cases = [c for c in cases_of(referrals, on=meeting.date) if marac_case_seen(actor, c)]
    if not cases:
        raise Http404("No such case on this agenda that you can see.")
    _attach(meeting, cases)
    _log(actor, cases, purpose="marac_case")
    return meeting, cases[0]


def actions_open(*, user: User | AnonymousUser, overdue_only: bool = False) -> list[Action]:
    """Open actions: a coordinator sees every one; anyone else, their agency's."""
    actor = actor_for(user)
    actions = Action.objects.filter(completed_at__isnull=True).select_related(
        "owner", "owner_agency", "meeting"
    )
    actions = actions.filter(marac_actions_filter(actor))
    if overdue_only:
        actions = actions.filter(due_on__lt=timezone.localdate())
    return list(actions.order_by("due_on", "pk"))


def action_get(*, user: User | AnonymousUser, action_id: int) -> Action:
    """An action, if it is the reader's, their agency's, or they coordinate the MARAC."""
    actor = actor_for(user)
    action = (
        Action.objects.select_related("owner", "owner_agency", "meeting")
        .filter(marac_actions_filter(actor), pk=action_id)
        .first()
    )
    if action is None:
        raise Http404("No such action that you can see.")
    return action


QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
AGE_BANDS = (
    (16, "Under 16"),
    (18, "16 to 17"),
    (25, "18 to 24"),
    (35, "25 to 34"),
    (45, "35 to 44"),
    (55, "45 to 54"),
    (65, "55 to 64"),
)
SEXES = {"F": "Female", "M": "Male", "X": "Another sex"}


def quarter_dates(quarter: str) -> tuple[date, date]:
    """The first and last days of a quarter written like 2026Q3."""
    found = QUARTER.match(quarter.strip().upper())
    if found is None:
        raise ValueError(f"quarter: not a quarter like 2026Q3: {quarter!r}")
    year, number = int(found[1]), int(found[2])
    first = date(year, 3 * number - 2, 1)
    last = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def age_band(age: int | None) -> str:
    if age is None:
        return "Not known"
    return next((label for below, label in AGE_BANDS if age < below), "65 and over")


@dataclass(frozen=True)
class Figure:
    measure: str
    category: str
    value: int


def _heard_between(first: date, last: date) -> list[tuple[MaracReferral, date]]:
    heard: dict[str, tuple[MaracReferral, date]] = {}
    for hearing in Hearing.objects.filter(meeting__date__range=(first, last)).select_related(
        "meeting", "referral"
    ):
        heard[hearing.referral.reference] = (hearing.referral, hearing.meeting.date)
    for referral in MaracReferral.objects.filter(heard_on__range=(first, last)):
        heard.setdefault(referral.reference, (referral, referral.heard_on or first))
    return sorted(heard.values(), key=lambda item: (item[1], item[0].pk))


def dataset_figures(first: date, last: date) -> list[Figure]:
    """The quarter's national MARAC dataset (docs/marac.md defines each measure).

    Not access-checked itself: it holds counts, never a person; callers check the reader.
    """
    heard = _heard_between(first, last)
    cases = cases_of([r for r, _ in heard], on=last)
    on = {r.reference: day for r, day in heard}
    figures = [
        Figure("cases_discussed", "all", len(cases)),
        Figure("repeat_cases", "all", sum(1 for c in cases if c.referral.repeat)),
        Figure("children_in_households", "all", sum(len(c.children) for c in cases)),
    ]
    referred = Counter(
        MaracReferral.objects.filter(referred_at__date__range=(first, last)).values_list(
            "agency__name", flat=True
        )
    )
    figures += [Figure("referrals_by_agency", name, n) for name, n in sorted(referred.items())]
    sexes: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    for case in cases:
        for victim in case.victims[:1]:
            sexes[SEXES.get(victim.sex, "Not known")] += 1
            bands[age_band(age_on(victim.date_of_birth, on[case.referral.reference]))] += 1
    figures += [Figure("victims_by_sex", k, n) for k, n in sorted(sexes.items())]
    figures += [Figure("victims_by_age_band", k, n) for k, n in sorted(bands.items())]
    return figures


def dataset_read(*, user: User | AnonymousUser, quarter: str) -> list[Figure]:
    """The quarterly dataset, for MARAC coordinators."""
    marac_coordinator_check(actor_for(user))
    first, last = quarter_dates(quarter)
    return dataset_figures(first, last)
