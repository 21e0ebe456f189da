"""Access-checked reads of restrictions, break-glass grants, a manager's team's work and the
sign-ins an administrator may help with."""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frontdoor.audit.services import access_record
from frontdoor.marac.models import Action
from frontdoor.people.models import Person
from frontdoor.people.selectors import person_get
from frontdoor.triage.models import AgencyCheck, Decision, Referral

from .models import BreakGlassGrant, Restriction
from .policy import (
    PersonRoute,
    actor_for,
    break_glass_filter,
    data_protection_lead_check,
    person_route_for,
    restrictions_check,
    sign_in_help_check,
    staff_helped_filter,
    team_members_filter,
    team_work_check,
)

RESTRICTIONS_ROUTE = "restrictions"
SHOWN = 100


@dataclass(frozen=True)
class RestrictionView:
    restriction: Restriction
    person_ids: list[int]
    """The people it covers today: ids change when the hub is rebuilt, records' names do not."""


def _people_of(restrictions: list[Restriction]) -> dict[int, list[int]]:
    people: dict[int, set[int]] = {}
    for restriction_id, person_id in Restriction.objects.filter(
        pk__in=[r.pk for r in restrictions],
        records__message__event__participants__ref=F("records__ref"),
    ).values_list("pk", "records__message__event__participants__person_id"):
        people.setdefault(restriction_id, set()).add(person_id)
    return {pk: sorted(ids) for pk, ids in people.items()}


def _views(user: User, restrictions: list[Restriction], purpose: str) -> list[RestrictionView]:
    people = _people_of(restrictions)
    access_record(
        user=user,
        person_ids=sorted({p for ids in people.values() for p in ids}),
        purpose=purpose,
        route=RESTRICTIONS_ROUTE,
    )
    return [RestrictionView(r, people.get(r.pk, [])) for r in restrictions]


def _with_people(restrictions: QuerySet[Restriction]) -> QuerySet[Restriction]:
    return restrictions.select_related("restricted_by", "lifted_by").prefetch_related("named_users")


def restrictions_list(*, user: User | AnonymousUser) -> list[RestrictionView]:
    """Every restriction, those in force first, newest first; the people in them logged."""
    actor = actor_for(user)
    restrictions_check(actor)
    found = list(
        _with_people(Restriction.objects.order_by(F("lifted_at").desc(nulls_first=True), "-pk"))[
            :SHOWN
        ]
    )
    return _views(actor.user, found, "restrictions")


def restriction_get(*, user: User | AnonymousUser, restriction_id: int) -> RestrictionView:
    """One restriction, to change who may open the person or to lift it; logged."""
    actor = actor_for(user)
    restrictions_check(actor)
    restriction = _with_people(Restriction.objects.filter(pk=restriction_id)).first()
    if restriction is None:
        raise Http404("No restriction with that number.")
    return _views(actor.user, [restriction], "restriction")[0]


def person_for_restriction(*, user: User | AnonymousUser, person_id: int) -> Person:
    """A person a data manager is about to restrict: one they may open; the read is logged."""
    restrictions_check(actor_for(user))
    return person_get(user=user, person_id=person_id, purpose="restrict")


def restricting_of(
    *, user: User | AnonymousUser, person_id: int, decided: PersonRoute | None = None
) -> list[Restriction]:
    """The restrictions in force on a person the reader may open (by the route `decided` for
    the page, if given); none if they may not."""
    if person_route_for(actor_for(user), person_id, decided) is None:
        return []
    return list(
        Restriction.objects.filter(
            lifted_at=None,
            records__message__event__participants__person_id=person_id,
            records__message__event__participants__ref=F("records__ref"),
        ).distinct()
    )


def break_glass_person(*, user: User | AnonymousUser, person_id: int) -> Person | None:
    """The person, if break-glass may open them: they exist and are not restricted. Not a read:
    nothing of them is shown until the grant is made."""
    actor_for(user)
    return Person.objects.filter(break_glass_filter(), pk=person_id).first()


def break_glass_grants(*, user: User | AnonymousUser) -> list[BreakGlassGrant]:
    """Every break-glass grant, those not yet reviewed first, newest first: for the data
    protection lead. Person numbers and reasons only, so nothing of the person is read."""
    data_protection_lead_check(actor_for(user))
    return list(
        BreakGlassGrant.objects.select_related(
            "user__staff_profile__agency", "reviewed_by"
        ).order_by(F("reviewed_at").desc(nulls_first=True), "-granted_at")[:SHOWN]
    )


def break_glass_grant_get(*, user: User | AnonymousUser, grant_id: int) -> BreakGlassGrant:
    """One grant, for the data protection lead to review."""
    data_protection_lead_check(actor_for(user))
    grant = (
        BreakGlassGrant.objects.select_related("user__staff_profile__agency", "reviewed_by")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None:
        raise Http404("No break-glass grant with that number.")
    return grant


@dataclass(frozen=True)
class TeamWork:
    """What a manager's team made and owns: no person's details, only references."""

    members: list[User]
    referrals: list[Referral]
    checks: list[AgencyCheck]
    decisions: list[Decision]
    actions: list[Action]


def team_work(*, user: User | AnonymousUser) -> TeamWork:
    """A manager's team: its members, the referrals they made, the checks they asked or
    answered, the decisions they made and the MARAC actions they own, newest (or due) first."""
    actor = actor_for(user)
    team_work_check(actor)
    members = list(
        User.objects.filter(team_members_filter(actor)).order_by("last_name", "first_name")
    )
    return TeamWork(
        members=members,
        referrals=list(
            Referral.objects.filter(submitted_by__in=members)
            .select_related("submitted_by")
            .order_by("-received_at")[:SHOWN]
        ),
        checks=list(
            AgencyCheck.objects.filter(Q(answered_by__in=members) | Q(asked_by__in=members))
            .select_related("answered_by", "asked_by", "agency")
            .order_by("-asked_at")[:SHOWN]
        ),
        decisions=list(
            Decision.objects.filter(decided_by__in=members)
            .select_related("decided_by")
            .order_by("-decided_at")[:SHOWN]
        ),
        actions=list(
            Action.objects.filter(owner__in=members)
            .select_related("owner")
            .order_by(F("completed_at").desc(nulls_first=True), "due_on")[:SHOWN]
        ),
    )


@dataclass(frozen=True)
class LockedOut:
    user: User
    failures: int
    last_failure: datetime


def staff_helped(*, user: User | AnonymousUser) -> QuerySet[User]:
    """The staff whose sign-in this administrator may unlock or whose authenticator app they
    may reset."""
    actor = actor_for(user)
    sign_in_help_check(actor)
    return User.objects.filter(staff_helped_filter(actor)).select_related("staff_profile__agency")


def locked_out_staff(*, user: User | AnonymousUser) -> list[LockedOut]:
    """The staff this administrator helps who cannot sign in now for too many wrong passwords,
    most recently locked first."""
    helped = {member.username: member for member in staff_helped(user=user)}
    attempts = AccessAttempt.objects.filter(
        username__in=helped, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME)
    locked: dict[str, LockedOut] = {}
    for attempt in attempts.order_by("attempt_time"):  # a row for each address they tried from
        before = locked.get(attempt.username)
        failures = max(attempt.failures_since_start, before.failures if before else 0)
        locked[attempt.username] = LockedOut(
            helped[attempt.username], failures, attempt.attempt_time
        )
    return sorted(locked.values(), key=lambda row: row.last_failure, reverse=True)
