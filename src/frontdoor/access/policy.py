"""The one place that decides who may read what. Deny by default.

Every list filter and every object check is built from the same `routes` rules, so what a user can
find in a list and what they can open can never drift apart. `VIEW_GATES`, at the end, names the
gate of every page and endpoint, built from the same predicates and rules.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser, Permission, User
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from frontdoor.chronology.models import Participant
from frontdoor.intake.models import Channel
from frontdoor.people.models import Person, SourceRecord
from frontdoor.sharing.kept import decision_person_id
from frontdoor.sharing.models import NeverTell, Notification, NotificationStatus, NotSharing

from .models import Agency, AgencyType, BreakGlassGrant, RestrictedRecord, Role, StaffProfile


@dataclass(frozen=True)
class Actor:
    """The acting user and their place in the partnership."""

    user: User
    agency: Agency
    role: str
    front_door: bool
    team_id: int | None = None

    @property
    def agency_id(self) -> int:
        return self.agency.pk

    @property
    def agency_code(self) -> str:
        return self.agency.code

    @property
    def is_data_manager(self) -> bool:
        return self.role in (Role.DATA_MANAGER, Role.ADMINISTRATOR)


def actor_for(user: User | AnonymousUser) -> Actor:
    """The user as an actor; a user with no place in the partnership may read nothing."""
    if not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    profile: StaffProfile | None = getattr(user, "staff_profile", None)
    if profile is None:
        raise PermissionDenied("Your account is not attached to an agency.")
    return Actor(
        user=user,
        agency=profile.agency,
        role=profile.role,
        front_door=profile.front_door,
        team_id=profile.team_id,
    )


FRONT_DOOR = "front_door"
AGENCY = "agency"
TOLD = "told"
RESTRICTED_NAMED = "restricted_named"
BREAK_GLASS = "break_glass"
"""The routes a person is opened by, as the access log records them. `agency` opens a person
the agency holds a record on; `told` one it only heard of; `break_glass` is emergency access."""


def _people_named_by(rows: QuerySet[Any]) -> QuerySet[Any]:
    """The ids of the people that rows naming a record by (message, ref) name today. Matched
    on the event's message id, not joined through the inbox, which would only add a table for
    PostgreSQL to plan in every access check.

    SQLite is also given the rows' messages apart, so that it starts from them and reads the
    few participants of their events, not every participant of the hub to test each against
    the rows. PostgreSQL starts from the rows by itself, and planning the repeated condition
    would cost it more than it saves."""
    named = Participant.objects.filter(
        Exists(rows.filter(message_id=OuterRef("event__message_id"), ref=OuterRef("ref")))
    )
    if connection.vendor == "sqlite":
        named = named.filter(event__message_id__in=rows.values("message_id"))
    return named.values("person_id")


def restricted_people() -> QuerySet[Any]:
    """The ids of every person under a restriction in force."""
    return _people_named_by(RestrictedRecord.objects.filter(restriction__lifted_at=None))


def restricted_from(actor: Actor) -> QuerySet[Any]:
    """The ids of the restricted people the actor is not named on: hidden from every list and
    check, so callers exclude them by `person_id__in`."""
    return _people_named_by(
        RestrictedRecord.objects.filter(restriction__lifted_at=None).exclude(
            restriction__named_users=actor.user
        )
    )


def _hidden(actor: Actor) -> Q:
    return Q(pk__in=restricted_from(actor))


def _restricted_naming(actor: Actor) -> Q:
    """The restricted people the actor is named on: naming is itself the reason to see them."""
    return Q(
        pk__in=_people_named_by(
            RestrictedRecord.objects.filter(
                restriction__lifted_at=None, restriction__named_users=actor.user
            )
        )
    )


def _granted(actor: Actor) -> Q:
    """The people the actor opened by break-glass, for as long as the grant lasts."""
    return Q(
        pk__in=_people_named_by(
            BreakGlassGrant.objects.filter(user=actor.user, expires_at__gt=timezone.now())
        )
    )


def _holds_record(actor: Actor) -> Q:
    # A record made by the hub's own referral form does not open the person: anyone can fill
    # in a form, so typing a child's details must not reveal what other agencies hold.
    return Q(
        Exists(
            SourceRecord.objects.filter(person=OuterRef("pk"), agency_id=actor.agency_id).exclude(
                first_message__channel=Channel.FORM
            )
        )
    )


def _told(actor: Actor) -> Q:
    """Told: of an event by its sender (`shared_with`), or by the hub about a person, under a
    duty (a decision not to tell is no telling)."""
    told_by_sender = Exists(
        Participant.objects.filter(
            person=OuterRef("pk"), event__disclosures__agency_id=actor.agency_id
        )
    )
    told_by_hub = Exists(
        Notification.objects.filter(person=OuterRef("pk"), recipient_id=actor.agency_id).exclude(
            status=NotificationStatus.WITHHELD
        )
    )
    return Q(told_by_sender) | Q(told_by_hub)


def person_route(actor: Actor) -> tuple[str, Q]:
    """The access route an actor reads people by, and the filter of the people they may open.

    The front door sees everyone; an agency sees the people it holds records on (from its own
    systems), the people in events it was told of by their sender, and the people the hub told
    it about in a notification. A break-glass grant adds one person for a while. A restricted
    person is taken out of all of that, and opened only by the users named on the restriction.
    """
    hidden = _hidden(actor)
    if actor.front_door:
        return FRONT_DOOR, ~hidden | _restricted_naming(actor)
    usual = _holds_record(actor) | _told(actor) | _granted(actor)
    return AGENCY, (usual & ~hidden) | _restricted_naming(actor)


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def person_route_of(actor: Actor, person_id: int) -> str | None:
    """The route by which the actor may open one person, or None: the same rules as
    `person_route`, told apart so the access log and the page say which one applied."""
    found = (
        Person.objects.filter(pk=person_id)
        .annotate(
            named=_flag(_restricted_naming(actor)),
            hidden=_flag(_hidden(actor)),
            # The front door opens everyone not hidden, so neither telling nor a grant is asked.
            usual=Value(True) if actor.front_door else _flag(_holds_record(actor)),
            told=Value(False) if actor.front_door else _flag(_told(actor)),
            granted=Value(False) if actor.front_door else _flag(_granted(actor)),
        )
        .values("named", "hidden", "usual", "told", "granted")
        .first()
    )
    if found is None:
        return None
    if found["named"]:
        return RESTRICTED_NAMED
    if found["hidden"]:
        return None
    if found["usual"]:
        return FRONT_DOOR if actor.front_door else AGENCY
    if found["told"]:
        return TOLD
    if found["granted"]:
        return BREAK_GLASS
    return None


@dataclass(frozen=True)
class PersonRoute:
    """The route by which one reader opened one person, decided once for a page that several
    selectors read in parts, so each takes it rather than asking the policy again."""

    user_id: int
    person_id: int
    route: str


def person_route_for(actor: Actor, person_id: int, decided: PersonRoute | None) -> str | None:
    """The route by which the actor may open one person, or None: the route `decided` earlier
    in the same request, if given, else decided now by `person_route_of`."""
    if decided is None:
        return person_route_of(actor, person_id)
    if (decided.user_id, decided.person_id) != (actor.user.pk, person_id):
        raise ValueError("That route was decided for another reader or another person.")
    return decided.route


class Section(StrEnum):
    """The parts of a person's page beyond their name, date of birth, the events the reader's
    agency sent or was told of, and what the hub told it."""

    NHS_NUMBER = "nhs_number"
    KNOWN_TO = "known_to"
    """Which agencies hold records of the person, and under which names."""
    ALERTS = "alerts"
    INVOLVEMENTS = "involvements"
    PLANS = "plans"
    RELATIONSHIPS = "relationships"
    ADDRESSES = "addresses"
    """Addresses and who else lives there: where the person is."""
    CHRONOLOGY = "chronology"
    """Every agency's events, not only those the reader's agency sent or was told of."""
    CHILD_VOICE = "child_voice"
    """Whether a child was seen, seen alone and spoken to, and their words."""


EVERYTHING = frozenset(Section)
HEALTH = frozenset({Section.NHS_NUMBER, Section.INVOLVEMENTS})
TOLD_SECTIONS: dict[str, frozenset[Section]] = {
    AgencyType.POLICE: frozenset({Section.RELATIONSHIPS, Section.ADDRESSES}),
    AgencyType.CSC: frozenset(
        {
            Section.INVOLVEMENTS,
            Section.PLANS,
            Section.RELATIONSHIPS,
            Section.ADDRESSES,
            Section.CHILD_VOICE,
        }
    ),
    AgencyType.EARLY_HELP: frozenset(
        {Section.INVOLVEMENTS, Section.PLANS, Section.RELATIONSHIPS, Section.CHILD_VOICE}
    ),
    AgencyType.GP: HEALTH,
    AgencyType.MIDWIFERY: HEALTH,
    AgencyType.HEALTH_VISITING: HEALTH | {Section.RELATIONSHIPS},
    AgencyType.EMERGENCY_DEPARTMENT: frozenset({Section.NHS_NUMBER}),
    AgencyType.ADULT_MENTAL_HEALTH: HEALTH,
    AgencyType.SUBSTANCE_MISUSE: HEALTH,
    AgencyType.SCHOOL: frozenset(),
    AgencyType.PROBATION: frozenset({Section.RELATIONSHIPS}),
    AgencyType.YOUTH_OFFENDING: frozenset({Section.RELATIONSHIPS}),
    AgencyType.PRISON: frozenset({Section.RELATIONSHIPS}),
    AgencyType.CAFCASS: frozenset({Section.RELATIONSHIPS, Section.INVOLVEMENTS}),
    AgencyType.HOUSING: frozenset(),
    AgencyType.IDVA: frozenset({Section.RELATIONSHIPS, Section.INVOLVEMENTS}),
    AgencyType.OTHER: frozenset(),
}
"""What an agency that was only told about a person sees of them, by the agency's type: no more
than its duty to act needs (a school: the child and the summaries of what it was told; never
another agency's health records or where the family lives)."""


def person_sections(actor: Actor, route: str) -> frozenset[Section]:
    """The parts of a person's page the actor sees by this route: all of it, but for an agency
    only told of them. Break-glass opens the whole record: the emergency that justified it, and
    the data protection lead's review of it, are the safeguards."""
    if route == TOLD:
        return TOLD_SECTIONS.get(actor.agency.type, frozenset())
    return EVERYTHING


def told_events(actor: Actor, person_id: int) -> Q:
    """The events about a person that an agency told only of may see: those it sent, those
    their sender told it of, and those the hub told it about."""
    notified = Notification.objects.filter(
        person_id=person_id, recipient_id=actor.agency_id
    ).exclude(status=NotificationStatus.WITHHELD)
    return (
        Q(agency_id=actor.agency_id)
        | Q(disclosures__agency_id=actor.agency_id)
        | Q(pk__in=notified.values("event_id"))
    )


QUARANTINE_ROUTE = "quarantine"
"""The route a data manager opens and corrects a quarantined message by: it is about a message
that named no one the hub resolved, so no person's route applies; the data manager's own role
over the quarantine (`quarantine_filter`) does."""


def quarantine_filter(actor: Actor) -> Q:
    """The quarantined messages a data manager may see: their agency's; at the front door, all."""
    DATA_MANAGER.check(actor)
    if actor.front_door:
        return Q()
    return Q(source=actor.agency_code) | Q(received_from_agency=actor.agency_code)


def is_data_manager(actor: Actor) -> bool:
    return actor.is_data_manager


def is_front_door(actor: Actor) -> bool:
    return actor.front_door


def is_front_door_data_manager(actor: Actor) -> bool:
    return actor.front_door and actor.is_data_manager


def is_front_door_manager(actor: Actor) -> bool:
    return actor.front_door and actor.role in (Role.MANAGER, Role.ADMINISTRATOR)


def link_decisions_check(actor: Actor) -> None:
    """Deciding links reads and moves every agency's records: the front door's data managers."""
    LINK_DECISIONS.check(actor)


def front_door_check(actor: Actor) -> None:
    """The front door's own work (its queue, checks and decisions) is for its staff alone."""
    FRONT_DOOR_STAFF.check(actor)


def sign_off_check(actor: Actor) -> None:
    """Signing off a front-door decision is for the front door's managers."""
    if not is_front_door_manager(actor):
        raise PermissionDenied("Only a front-door manager can sign off a decision.")


def statutory_returns_check(actor: Actor) -> None:
    """A statutory return names every child the front door was told of: its managers make it."""
    STATUTORY_RETURNS.check(actor)


def referral_seen(actor: Actor, referral: Any) -> bool:
    """A referral is opened by its maker, their agency and the front door."""
    return (
        actor.front_door
        or referral.submitted_by_id == actor.user.pk
        or referral.agency_id == actor.agency_id
    )


def dash_seen(actor: Actor, assessment: Any) -> bool:
    """A DASH checklist (its event) is opened by its sender, their agency and the front door."""
    return (
        actor.front_door
        or assessment.message.received_by_id == actor.user.pk
        or assessment.agency_id == actor.agency_id
    )


def alerts_filter(actor: Actor) -> Q:
    """The alerts the front door works on: all but those about a person restricted from them."""
    return ~Q(person_id__in=restricted_from(actor))


def agency_checks_filter(actor: Actor) -> Q:
    """The agency checks a user may see and answer: those asked of their agency; the front door
    sees every check it asked."""
    if actor.front_door:
        return Q()
    return Q(agency_id=actor.agency_id)


def is_marac_coordinator(actor: Actor) -> bool:
    return actor.role == Role.MARAC_COORDINATOR


def marac_coordinator_check(actor: Actor) -> None:
    """Running the MARAC (meetings, actions, the national dataset) is for its coordinators."""
    MARAC_COORDINATOR.check(actor)


def marac_case_route(actor: Actor, asked: Collection[int]) -> str | None:
    """How an actor may see a case on a MARAC agenda: a coordinator sees every case; an agency's
    users see the cases their agency is asked to research (`asked`); anyone else, none."""
    if is_marac_coordinator(actor):
        return "marac_coordinator"
    if actor.agency_id in asked:
        return "marac_agency"
    return None


def marac_case_seen(actor: Actor, case: Any) -> bool:
    """A case on a MARAC agenda (with the agencies `asked` about it) the actor may see."""
    return marac_case_route(actor, {a.pk for a in case.asked}) is not None


def marac_agenda_seen(actor: Actor, cases: Collection[Any]) -> bool:
    """A meeting's agenda is open to anyone while it is empty, then to those who see a case."""
    return not cases or any(marac_case_seen(actor, c) for c in cases)


def marac_actions_filter(actor: Actor) -> Q:
    """The MARAC actions a user sees: a coordinator, every one; anyone else, their own and
    their agency's."""
    if is_marac_coordinator(actor):
        return Q()
    return Q(owner_agency_id=actor.agency_id) | Q(owner_id=actor.user.pk)


def marac_return_check(actor: Actor, asked: Collection[int]) -> None:
    """A research return is completed by the users of an agency asked for one on the case."""
    if actor.agency_id not in asked:
        raise PermissionDenied("Your agency is not asked for a return on this case.")


def marac_action_complete_check(actor: Actor, *, owner_id: int, agency_id: int) -> None:
    """An action is marked done by its owner, their agency, or a MARAC coordinator."""
    if not (
        is_marac_coordinator(actor) or actor.user.pk == owner_id or actor.agency_id == agency_id
    ):
        raise PermissionDenied("Only the action's owner, their agency or a coordinator can.")


def is_quality_lead(actor: Actor) -> bool:
    """Quality assurance is run by the front door's managers."""
    return is_front_door_manager(actor)


def quality_lead_check(actor: Actor) -> None:
    """Dip samples and case audits are run by the front door's managers."""
    QUALITY_LEAD.check(actor)


def quality_reviewer_check(actor: Actor) -> None:
    """Dip-sample reviews read whole incidents: they are done by the front door's staff."""
    DIP_REVIEWER.check(actor)


def dip_review_seen(actor: Actor, review: Any) -> bool:
    """A dip-sample review is opened and completed by its reviewer or a front-door manager."""
    return is_quality_lead(actor) or (actor.front_door and actor.user.pk == review.reviewer_id)


def dip_review_check(actor: Actor, review: Any) -> None:
    if not dip_review_seen(actor, review):
        raise PermissionDenied("This review is assigned to someone else.")


def findings_filter(actor: Actor) -> Q:
    """The audit findings sent to a user: to them by name, or to their team (their agency)."""
    return Q(user_id=actor.user.pk) | Q(agency_id=actor.agency_id)


def audit_actions_owned_filter(actor: Actor) -> Q:
    """The case-audit actions a user owns: by name, or by their team (their agency), as
    findings are sent."""
    return Q(owner_id=actor.user.pk) | Q(team_id=actor.agency_id)


def audit_actions_filter(actor: Actor) -> Q:
    """The case-audit actions a user sees and may mark done: their own and their team's; a
    front-door manager, every one."""
    if is_quality_lead(actor):
        return Q()
    return audit_actions_owned_filter(actor)


REVIEW_ACCESS = "audit.review_access"


def is_data_protection_lead(actor: Actor) -> bool:
    """The data protection lead is whoever holds the `audit.review_access` permission (granted
    to the lead's account or group)."""
    return actor.user.has_perm(REVIEW_ACCESS)


def access_review_check(actor: Actor) -> None:
    """The report of unusual access is the data protection lead's."""
    UNUSUAL_ACCESS.check(actor)


def sees_access_history(actor: Actor) -> bool:
    """Who has looked at a person is for the front door's managers and data managers, and the
    data protection lead."""
    return is_data_protection_lead(actor) or (
        actor.front_door and actor.role in (Role.MANAGER, Role.DATA_MANAGER, Role.ADMINISTRATOR)
    )


def access_history_route(actor: Actor) -> str:
    """The route a look at who has looked at a person is recorded under, if the actor may."""
    ACCESS_HISTORY.check(actor)
    return "data_protection" if is_data_protection_lead(actor) else "front_door"


def rule_thresholds_check(actor: Actor) -> None:
    """The rules' thresholds are the partnership's decisions about what the front door must act
    on: its managers and administrators read and change them."""
    RULE_THRESHOLDS.check(actor)


def is_leader(actor: Actor) -> bool:
    """The partnership's leaders: the managers and administrators of any agency."""
    return actor.role in (Role.MANAGER, Role.ADMINISTRATOR)


def insights_check(actor: Actor) -> None:
    """The partnership's insights (figures about many people, never one) are for its leaders."""
    LEADERS.check(actor)


def restrictions_check(actor: Actor) -> None:
    """Restricting a person, and choosing who may still open them, is for the front door's data
    managers: they keep the person index, and answer for it."""
    RESTRICTIONS.check(actor)


def data_protection_lead_check(actor: Actor) -> None:
    """Break-glass grants are reviewed by the data protection lead (`audit.review_access`)."""
    BREAK_GLASS_REVIEW.check(actor)


def data_protection_leads() -> QuerySet[User]:
    """The users who hold `audit.review_access`, directly or by a group (or as superusers)."""
    app_label, codename = REVIEW_ACCESS.split(".")
    held = Q(content_type__app_label=app_label, codename=codename)
    return User.objects.filter(
        Q(user_permissions__in=Permission.objects.filter(held))
        | Q(groups__permissions__in=Permission.objects.filter(held))
        | Q(is_superuser=True),
        is_active=True,
    ).distinct()


def is_manager(actor: Actor) -> bool:
    return actor.role == Role.MANAGER


def is_administrator(actor: Actor) -> bool:
    return actor.role == Role.ADMINISTRATOR


def sign_in_help_check(actor: Actor) -> None:
    """Unlocking a sign-in and resetting an authenticator app are administrators' tasks."""
    SIGN_IN_HELP.check(actor)


def staff_helped_filter(actor: Actor) -> Q:
    """The staff whose sign-in an administrator helps with: their own agency's; the front
    door's administrators, every agency's."""
    if actor.front_door:
        return Q(staff_profile__isnull=False)
    return Q(staff_profile__agency_id=actor.agency_id)


def team_work_check(actor: Actor) -> None:
    """A team's work, gathered in one place, is for the managers who supervise it."""
    TEAM_MANAGER.check(actor)


def team_members_filter(actor: Actor) -> Q:
    """The staff whose work a manager sees: their team's members (none without a team)."""
    if actor.team_id is None:
        return Q(pk__in=[])
    return Q(staff_profile__team_id=actor.team_id)


def break_glass_filter() -> Q:
    """The people break-glass may open: anyone not restricted. A restriction names the few who
    may open a person because anyone else opening them is the danger (a child hidden from a
    parent, a colleague's family); an emergency reason typed by anyone would undo it."""
    return ~Q(pk__in=restricted_people())


def person_seen(actor: Actor, person: Any) -> bool:
    return person_route_of(actor, person.pk) is not None


def notified_person_seen(actor: Actor, notification: Any) -> bool:
    return person_route_of(actor, notification.person_id) is not None


def not_told_route(actor: Actor, person_id: int | None) -> str | None:
    """The route by which the front door opens a decision not to tell an agency about a person:
    the person's (none for a restricted person the reader is not named on), or the front door's
    where a rebuild left no one the decision names."""
    return FRONT_DOOR if person_id is None else person_route_of(actor, person_id)


def not_told_seen(actor: Actor, decision: NotSharing | NeverTell) -> bool:
    return not_told_route(actor, decision_person_id(decision)) is not None


def _kept_by(rows: Callable[[Actor], Q]) -> Callable[[Actor, Any], bool]:
    """The rule for one row of a list filter: whether the filter keeps it."""

    def seen(actor: Actor, row: Any) -> bool:
        return type(row)._default_manager.filter(rows(actor), pk=row.pk).exists()

    return seen


def _anyone(actor: Actor) -> bool:
    return True


@dataclass(frozen=True)
class Gate:
    """What guards a page or an endpoint: who may pass (`admits`), and, for a page about one
    thing, whether the reader may see that thing (`sees`).

    `admits` is applied to every request before its view runs (`web.middleware.GateMiddleware`);
    `sees` is applied by the page's selector, which also logs the asking. A thing the reader may
    not see answers as if it did not exist (404), unless `hides` is off (403, saying why)."""

    name: str
    admits: Callable[[Actor], bool] | None = _anyone
    """None: anyone signed in, even with no place in the partnership."""
    refusal: str = ""
    sees: Callable[[Actor, Any], bool] | None = None
    hides: bool = True
    public: bool = False
    """Open without signing in: the sign-in page, the API (which checks its own tokens) and the
    API's description."""

    def check(self, actor: Actor) -> None:
        if self.admits is not None and not self.admits(actor):
            raise PermissionDenied(self.refusal)


PUBLIC = Gate("public", admits=None, public=True)
API_TOKEN = Gate("an agency's API token, checked by the endpoint", admits=None, public=True)
SIGNED_IN = Gate("signed in", admits=None)
STAFF = Gate("anyone in the partnership")
PERSON = Gate("a route to the person", sees=person_seen)
REFERRAL = Gate("the referral's maker, their agency or the front door", sees=referral_seen)
AGENCY_CHECK = Gate("asked of the reader's agency", sees=_kept_by(agency_checks_filter))
DASH = Gate("the checklist's sender, their agency or the front door", sees=dash_seen)
FINDING = Gate("a finding sent to the reader or their agency", sees=_kept_by(findings_filter))
AUDIT_ACTION = Gate(
    "a case-audit action owned by the reader or their agency, or a front-door manager",
    sees=_kept_by(audit_actions_filter),
)
MARAC_CASE = Gate("the reader's agency is asked about the case", sees=marac_case_seen)
MARAC_AGENDA = Gate(
    "the reader's agency is asked about a case at the meeting",
    sees=marac_agenda_seen,
    hides=False,
)
MARAC_ACTION = Gate(
    "the action's owner, their agency or a MARAC coordinator",
    sees=_kept_by(marac_actions_filter),
)
MARAC_COORDINATOR = Gate(
    "MARAC coordinator", is_marac_coordinator, "Only a MARAC coordinator can do that."
)
FRONT_DOOR_STAFF = Gate(
    "front-door staff",
    is_front_door,
    "This is the front door's own work (its referrals, and what it tells other agencies): only "
    "its staff can do it.",
)
ALERTS = Gate(
    "front-door staff (alerts)", is_front_door, "Only the front door works on the list of alerts."
)
ALERT = Gate(
    "front-door staff, not restricted from the person",
    is_front_door,
    ALERTS.refusal,
    sees=_kept_by(alerts_filter),
)
FRONT_DOOR_NOTIFICATION = Gate(
    "front-door staff, with a route to the person",
    is_front_door,
    FRONT_DOOR_STAFF.refusal,
    sees=notified_person_seen,
)
FRONT_DOOR_PERSON = Gate(
    "front-door staff, with a route to the person",
    is_front_door,
    FRONT_DOOR_STAFF.refusal,
    sees=person_seen,
)
NOT_TOLD_DECISION = Gate(
    "front-door staff, with a route to the person the decision not to tell is about",
    is_front_door,
    FRONT_DOOR_STAFF.refusal,
    sees=not_told_seen,
)
DIP_REVIEWER = Gate(
    "front-door staff reviewing dip-sampled incidents",
    is_front_door,
    "Only the front door's staff review dip-sampled incidents.",
)
DIP_REVIEW = Gate(
    "the review's reviewer or a front-door manager", sees=dip_review_seen, hides=False
)
QUALITY_LEAD = Gate(
    "front-door manager (quality assurance)",
    is_quality_lead,
    "Only a front-door manager can run quality assurance.",
)
STATUTORY_RETURNS = Gate(
    "front-door manager (statutory returns)",
    is_front_door_manager,
    "Only a front-door manager can make a statutory return.",
)
RULE_THRESHOLDS = Gate(
    "front-door manager or administrator (rule thresholds)",
    is_front_door_manager,
    "Only the front door's managers and administrators can see and change the rules' thresholds.",
)
DATA_MANAGER = Gate(
    "data manager", is_data_manager, "Only data managers can work on the quarantine."
)
QUARANTINE = Gate(
    "data manager of the message's agency, or of the front door",
    is_data_manager,
    DATA_MANAGER.refusal,
    sees=_kept_by(quarantine_filter),
)
LINK_DECISIONS = Gate(
    "front-door data manager (the person index)",
    is_front_door_data_manager,
    "Only the front door's data managers decide links between records.",
)
RESTRICTIONS = Gate(
    "front-door data manager (restrictions)",
    is_front_door_data_manager,
    "Only the front door's data managers restrict records.",
)
RESTRICT_PERSON = Gate(
    "front-door data manager, with a route to the person",
    is_front_door_data_manager,
    RESTRICTIONS.refusal,
    sees=person_seen,
)
ACCESS_HISTORY = Gate(
    "front-door manager or data manager, or the data protection lead",
    sees_access_history,
    "Only front-door managers and data managers, and the data protection lead, can see who "
    "has looked at a record.",
)
UNUSUAL_ACCESS = Gate(
    "data protection lead (unusual access)",
    is_data_protection_lead,
    "Only the data protection lead can review access to records.",
)
BREAK_GLASS_REVIEW = Gate(
    "data protection lead (break-glass)",
    is_data_protection_lead,
    "Only the data protection lead reviews break-glass access.",
)
LEADERS = Gate(
    "manager or administrator", is_leader, "Only managers and administrators can see the insights."
)
TEAM_MANAGER = Gate("manager", is_manager, "Only a manager sees their team's work.")
SIGN_IN_HELP = Gate(
    "administrator (sign-in help)",
    is_administrator,
    "Only administrators can unlock a sign-in or reset an authenticator app.",
)

VIEW_GATES: dict[str, Gate] = {
    "home": SIGNED_IN,
    "favicon": PUBLIC,
    "sign-in": PUBLIC,
    "sign-out": SIGNED_IN,
    "two-factor": SIGNED_IN,
    "two-factor-set-up": SIGNED_IN,
    "two-factor-qr-code": SIGNED_IN,
    "two-factor-recovery-codes": SIGNED_IN,
    "two-factor-recovery": SIGNED_IN,
    "people:search": STAFF,
    "people:detail": PERSON,
    "triage:my-referrals": STAFF,
    "triage:referral-new": STAFF,
    "triage:referral": REFERRAL,
    "triage:receipt": REFERRAL,
    "triage:queue": FRONT_DOOR_STAFF,
    "triage:by-source": FRONT_DOOR_STAFF,
    "triage:work": FRONT_DOOR_STAFF,
    "triage:checks-new": FRONT_DOOR_STAFF,
    "triage:decide": FRONT_DOOR_STAFF,
    # The page is for the front door's staff; signing off (the answer) for its managers.
    "triage:sign-off": FRONT_DOOR_STAFF,
    "triage:strategy": FRONT_DOOR_STAFF,
    "triage:checks": STAFF,
    "triage:check": AGENCY_CHECK,
    "risk:dash-new": STAFF,
    "risk:dash-person": PERSON,
    "risk:dash-result": DASH,
    "alerts:list": ALERTS,
    "alerts:alert": ALERT,
    "thresholds:list": RULE_THRESHOLDS,
    "thresholds:threshold": RULE_THRESHOLDS,
    "intake:quarantine": DATA_MANAGER,
    "intake:quarantine-detail": QUARANTINE,
    "linkage:reviews": LINK_DECISIONS,
    "linkage:review": LINK_DECISIONS,
    "linkage:record-split": LINK_DECISIONS,
    "linkage:record-link": LINK_DECISIONS,
    "marac:index": STAFF,
    "marac:meeting-new": MARAC_COORDINATOR,
    "marac:meeting": MARAC_AGENDA,
    "marac:meeting-hold": MARAC_COORDINATOR,
    "marac:case": MARAC_CASE,
    "marac:return": MARAC_CASE,
    "marac:action-new": MARAC_COORDINATOR,
    "marac:actions": STAFF,
    "marac:action": MARAC_ACTION,
    "marac:refer": PERSON,
    "marac:dataset": MARAC_COORDINATOR,
    "sharing:inbox": STAFF,
    "sharing:acknowledge": STAFF,
    "sharing:overdue": FRONT_DOOR_STAFF,
    "sharing:not-sharing": FRONT_DOOR_NOTIFICATION,
    # The decisions are the front door's; signing off and lifting them, its managers'.
    "sharing:not-sharing-sign-off": NOT_TOLD_DECISION,
    "sharing:never-tell": FRONT_DOOR_PERSON,
    "sharing:never-tell-sign-off": NOT_TOLD_DECISION,
    "sharing:never-tell-lift": NOT_TOLD_DECISION,
    "quality:index": QUALITY_LEAD,
    "quality:sample": QUALITY_LEAD,
    "quality:reviews": DIP_REVIEWER,
    "quality:review": DIP_REVIEW,
    "quality:audits": QUALITY_LEAD,
    "quality:audit-new": QUALITY_LEAD,
    "quality:audit": QUALITY_LEAD,
    "quality:disseminate": QUALITY_LEAD,
    "quality:dissemination": QUALITY_LEAD,
    "quality:findings": STAFF,
    "quality:finding": FINDING,
    "quality:action-new": QUALITY_LEAD,
    "quality:actions": STAFF,
    "quality:action": AUDIT_ACTION,
    "returns:cin-census": STATUTORY_RETURNS,
    "insights:dashboard": LEADERS,
    "audit:person-reads": ACCESS_HISTORY,
    "audit:unusual": UNUSUAL_ACCESS,
    "access:restrictions": RESTRICTIONS,
    "access:restriction-new": RESTRICT_PERSON,
    "access:restriction": RESTRICTIONS,
    "access:restriction-lift": RESTRICTIONS,
    "access:break-glass": STAFF,
    "access:break-glass-grants": BREAK_GLASS_REVIEW,
    "access:break-glass-review": BREAK_GLASS_REVIEW,
    "access:team": TEAM_MANAGER,
    "access:sign-in-help": SIGN_IN_HELP,
    "api:messages": API_TOKEN,
    "api:message": API_TOKEN,
    "api:openapi": PUBLIC,
    "api:exchange-schema": PUBLIC,
}
"""Every page and endpoint the hub serves, by its URL name, and the gate that guards it. A name
missing here is refused to everyone (`GateMiddleware`) and fails the access matrix test."""


def gate_check(user: User | AnonymousUser, view_name: str) -> None:
    """Refuse a request the declared gate of its page does not admit (deny by default)."""
    gate = VIEW_GATES.get(view_name)
    if gate is None:
        raise PermissionDenied(f"No access is declared for the page {view_name!r}.")
    if gate.admits is not None:
        gate.check(actor_for(user))
