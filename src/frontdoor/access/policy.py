"""The one place that decides who may read what. Deny by default.

Every list filter and every object check is built from the same `routes` rules, so what a user can
find in a list and what they can open can never drift apart.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q

from frontdoor.chronology.models import Participant
from frontdoor.intake.models import Channel
from frontdoor.people.models import SourceRecord
from frontdoor.sharing.models import Notification, NotificationStatus

from .models import Agency, Role, StaffProfile


@dataclass(frozen=True)
class Actor:
    """The acting user and their place in the partnership."""

    user: User
    agency: Agency
    role: str
    front_door: bool

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
    )


def person_route(actor: Actor) -> tuple[str, Q]:
    """The access route an actor reads people by, and the filter of the people it opens.

    The front door sees everyone; an agency sees the people it holds records on (from its own
    systems), the people in events it was told of by their sender, and the people the hub told
    it about in a notification.
    """
    if actor.front_door:
        return "front_door", Q()
    # A record made by the hub's own referral form does not open the person: anyone can fill
    # in a form, so typing a child's details must not reveal what other agencies hold.
    holds_record = Exists(
        SourceRecord.objects.filter(person=OuterRef("pk"), agency_id=actor.agency_id).exclude(
            first_message__channel=Channel.FORM
        )
    )
    # Told: of an event by its sender (`shared_with`), or by the hub about a person, under a duty.
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
    return "agency", Q(holds_record) | Q(told_by_sender) | Q(told_by_hub)


def quarantine_filter(actor: Actor) -> Q:
    """The quarantined messages a data manager may see: their agency's; at the front door, all."""
    if not actor.is_data_manager:
        raise PermissionDenied("Only data managers can work on the quarantine.")
    if actor.front_door:
        return Q()
    return Q(source=actor.agency_code) | Q(received_from_agency=actor.agency_code)


def link_decisions_check(actor: Actor) -> None:
    """Deciding links reads and moves every agency's records: the front door's data managers."""
    if not (actor.front_door and actor.is_data_manager):
        raise PermissionDenied("Only the front door's data managers decide links between records.")


def front_door_check(actor: Actor) -> None:
    """The front door's own work (its queue, checks and decisions) is for its staff alone."""
    if not actor.front_door:
        raise PermissionDenied("Only the front door's staff can work on its referrals.")


def sign_off_check(actor: Actor) -> None:
    """Signing off a front-door decision is for the front door's managers."""
    if not (actor.front_door and actor.role in (Role.MANAGER, Role.ADMINISTRATOR)):
        raise PermissionDenied("Only a front-door manager can sign off a decision.")


def statutory_returns_check(actor: Actor) -> None:
    """A statutory return names every child the front door was told of: its managers make it."""
    if not (actor.front_door and actor.role in (Role.MANAGER, Role.ADMINISTRATOR)):
        raise PermissionDenied("Only a front-door manager can make a statutory return.")


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
    if not is_marac_coordinator(actor):
        raise PermissionDenied("Only a MARAC coordinator can do that.")


def marac_case_route(actor: Actor, asked: Collection[int]) -> str | None:
    """How an actor may see a case on a MARAC agenda: a coordinator sees every case; an agency's
    users see the cases their agency is asked to research (`asked`); anyone else, none."""
    if is_marac_coordinator(actor):
        return "marac_coordinator"
    if actor.agency_id in asked:
        return "marac_agency"
    return None


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
    return actor.front_door and actor.role in (Role.MANAGER, Role.ADMINISTRATOR)


def quality_lead_check(actor: Actor) -> None:
    """Dip samples and case audits are run by the front door's managers."""
    if not is_quality_lead(actor):
        raise PermissionDenied("Only a front-door manager can run quality assurance.")


def quality_reviewer_check(actor: Actor) -> None:
    """Dip-sample reviews read whole incidents: they are done by the front door's staff."""
    if not actor.front_door:
        raise PermissionDenied("Only the front door's staff review dip-sampled incidents.")


def dip_review_check(actor: Actor, *, reviewer_id: int | None) -> None:
    """A dip-sample review is opened and completed by its reviewer or a front-door manager."""
    if not (is_quality_lead(actor) or (actor.front_door and actor.user.pk == reviewer_id)):
        raise PermissionDenied("This review is assigned to someone else.")


def findings_filter(actor: Actor) -> Q:
    """The audit findings sent to a user: to them by name, or to their team (their agency)."""
    return Q(user_id=actor.user.pk) | Q(agency_id=actor.agency_id)


REVIEW_ACCESS = "audit.review_access"


def access_review_check(actor: Actor) -> None:
    """The report of unusual access is the data protection lead's: whoever holds the
    `audit.review_access` permission (granted to the lead's account or group)."""
    if not actor.user.has_perm(REVIEW_ACCESS):
        raise PermissionDenied("Only the data protection lead can review access to records.")


def sees_access_history(actor: Actor) -> bool:
    """Who has looked at a person is for the front door's managers and data managers, and the
    data protection lead."""
    return actor.user.has_perm(REVIEW_ACCESS) or (
        actor.front_door and actor.role in (Role.MANAGER, Role.DATA_MANAGER, Role.ADMINISTRATOR)
    )


def access_history_route(actor: Actor) -> str:
    """The route a look at who has looked at a person is recorded under, if the actor may."""
    if not sees_access_history(actor):
        raise PermissionDenied(
            "Only front-door managers and data managers, and the data protection lead, can see "
            "who has looked at a record."
        )
    return "data_protection" if actor.user.has_perm(REVIEW_ACCESS) else "front_door"


def insights_check(actor: Actor) -> None:
    """The partnership's insights (figures about many people, never one) are for its leaders:
    the managers and administrators of any agency."""
    if actor.role not in (Role.MANAGER, Role.ADMINISTRATOR):
        raise PermissionDenied("Only managers and administrators can see the insights.")
