"""Access-checked reads of notifications: each takes the acting user, checks the policy and logs.

An agency reads its own inbox; the front door reads what is overdue across the partnership and,
on a person's page, everything the hub told anyone about them. Elsewhere a person's page shows
only what the reader's own agency was told.
"""

from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from frontdoor.access.policy import (
    Actor,
    PersonRoute,
    actor_for,
    front_door_check,
    not_told_route,
    person_route_for,
    person_route_of,
    restricted_from,
)
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Participant
from frontdoor.people.models import Person
from frontdoor.people.selectors import person_get
from frontdoor.triage.models import SignOff
from frontdoor.web.dates import moment_text

from .kept import decision_person_id
from .models import OUTSTANDING, NeverTell, Notification, NotificationStatus, NotSharing

SHOWN = 200


@dataclass(frozen=True)
class Listing:
    """Some notifications, the most pressing first, and how many there are in all."""

    notifications: list[Notification]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.notifications)


def _pressing_first(notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    outstanding_first = Case(
        When(status__in=OUTSTANDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return notifications.select_related(
        "recipient", "person", "acknowledgement__acknowledged_by"
    ).order_by(outstanding_first, "due_by", "pk")


def _listing(notifications: QuerySet[Notification]) -> Listing:
    shown = list(_pressing_first(notifications)[:SHOWN])
    return Listing(shown, notifications.count())


def notifications_inbox(*, user: User | AnonymousUser) -> Listing:
    """The reader's agency's notifications, outstanding ones first, soonest deadline first;
    the people in them logged as read."""
    actor = actor_for(user)
    listing = _listing(
        Notification.objects.filter(recipient_id=actor.agency_id).exclude(
            status=NotificationStatus.WITHHELD
        )
    )
    access_record(
        user=actor.user,
        person_ids=sorted({n.person_id for n in listing.notifications}),
        purpose="notifications",
        route="notified",
    )
    return listing


def notification_get(*, user: User | AnonymousUser, notification_id: int) -> Notification:
    """One of the reader's agency's notifications, to act on; logged."""
    actor = actor_for(user)
    notification = (
        Notification.objects.filter(pk=notification_id, recipient_id=actor.agency_id)
        .exclude(status=NotificationStatus.WITHHELD)
        .first()
    )
    if notification is None:
        raise Http404("No notification with that id for your agency.")
    access_record(
        user=actor.user,
        person_ids=[notification.person_id],
        purpose="notification",
        route="notified",
    )
    return notification


def notifications_overdue(*, user: User | AnonymousUser) -> Listing:
    """Every notification past its deadline that its recipient has not acknowledged: escalated
    to the front door, which chases the agency; logged."""
    actor = actor_for(user)
    if not actor.front_door:
        raise PermissionDenied("Only the front door chases overdue notifications.")
    listing = _listing(
        Notification.objects.filter(status__in=OUTSTANDING, due_by__lt=timezone.now()).exclude(
            person_id__in=restricted_from(actor)
        )
    )
    access_record(
        user=actor.user,
        person_ids=sorted({n.person_id for n in listing.notifications}),
        purpose="notifications_overdue",
        route="front_door",
    )
    return listing


@dataclass(frozen=True)
class Told:
    """A notification as who-knows-what shows it, its sentences written out once here: a
    person's page may list hundreds."""

    notification: Notification
    what_became_of_it: str
    """Told when, due when, acknowledged when and by whom; or why it was not sent."""
    decide_not_to_tell: str
    """Where the front door decides not to tell the recipient; empty once that is not open."""


def _full_name(user: User) -> str:
    return user.get_full_name() or user.username


def _what_became_of(notification: Notification) -> str:
    if notification.status == NotificationStatus.WITHHELD:
        return f"Not sent: {notification.reason}."
    told = f"Told {moment_text(notification.raised_at)}; due {moment_text(notification.due_by)}"
    acknowledgement = notification.acknowledgement
    if acknowledgement is None:
        return f"{told}; not acknowledged."
    note = f": {acknowledgement.note}" if acknowledgement.note else ""
    return (
        f"{told}; acknowledged {moment_text(acknowledgement.acknowledged_at)} by "
        f"{_full_name(acknowledgement.acknowledged_by)}{note}."
    )


def _decide_not_to_tell(notification: Notification) -> str:
    awaiting = notification.not_sharing and notification.not_sharing.sign_off == SignOff.AWAITING
    if notification.status not in OUTSTANDING or awaiting:
        return ""
    return reverse("sharing:not-sharing", args=[notification.pk])


def notifications_of_person(
    *, user: User | AnonymousUser, person_id: int, decided: PersonRoute | None = None
) -> list[Told]:
    """Who knows what about a person: every notification about them, to whom, when, what it
    said, acknowledged or not, and the decisions not to share. The front door sees all of it;
    an agency sees what it was told itself. Logged, under the route `decided` for the page if
    given."""
    actor = actor_for(user)
    route = person_route_for(actor, person_id, decided)
    if route is None:
        raise Http404("No person with that id that you can see.")
    found = Notification.objects.filter(person_id=person_id)
    if not actor.front_door:
        found = found.filter(recipient_id=actor.agency_id).exclude(
            status=NotificationStatus.WITHHELD
        )
    access_record(user=actor.user, person_ids=[person_id], purpose="who_knows_what", route=route)
    return [
        Told(notification, _what_became_of(notification), _decide_not_to_tell(notification))
        for notification in found.select_related(
            "recipient",
            "acknowledgement__acknowledged_by",
            "not_sharing__decided_by",
            "not_sharing__signed_off_by",
        ).order_by("-raised_at", "duty", "pk")
    ]


NO_NOTIFICATION = "No notification with that id."


def _look_record(
    actor: Actor, person_id: int | None, route: str | None, *, purpose: str, missing: str
) -> None:
    """Log the front door's look at a notification or a decision about a person (none where a
    rebuild left no one) under its route; a look the route refuses is logged as denied, and
    answers as if there were nothing (unknown and denied look alike)."""
    access_record(
        user=actor.user,
        person_ids=[person_id] if person_id else [],
        purpose=purpose,
        route=route or "denied",
    )
    if route is None:
        raise Http404(missing)


def notification_for_front_door(
    *, user: User | AnonymousUser, notification_id: int
) -> Notification:
    """Any notification, for the front door to decide not to share it; logged."""
    actor = actor_for(user)
    front_door_check(actor)
    notification = (
        Notification.objects.filter(pk=notification_id)
        .select_related("recipient", "person", "acknowledgement", "not_sharing__decided_by")
        .first()
    )
    if notification is None:
        raise Http404(NO_NOTIFICATION)
    _look_record(
        actor,
        notification.person_id,
        person_route_of(actor, notification.person_id),
        purpose="not_sharing",
        missing=NO_NOTIFICATION,
    )
    return notification


D = TypeVar("D", NotSharing, NeverTell)


def _not_told_get(
    actor: Actor, decisions: QuerySet[D], decision_id: int, *, missing: str, purpose: str
) -> tuple[D, int | None]:
    """A decision not to tell an agency, for the front door, with the id of the person it
    names now (none where a rebuild left no one); logged. A decision about a restricted person
    the reader is not named on answers as if there were none."""
    front_door_check(actor)
    decision = (
        decisions.filter(pk=decision_id)
        .select_related("recipient", "decided_by", "signed_off_by")
        .first()
    )
    if decision is None:
        raise Http404(missing)
    person_id = decision_person_id(decision)
    _look_record(
        actor, person_id, not_told_route(actor, person_id), purpose=purpose, missing=missing
    )
    return decision, person_id


def not_sharing_get(
    *, user: User | AnonymousUser, decision_id: int
) -> tuple[NotSharing, Notification | None]:
    """A decision not to share, for the front door to sign off, with the notification it is
    about now (none when a rebuild found no such notification); logged."""
    decision, _ = _not_told_get(
        actor_for(user),
        NotSharing.objects.all(),
        decision_id,
        missing="No decision not to share with that id.",
        purpose="not_sharing_sign_off",
    )
    notification = (
        Notification.objects.filter(not_sharing=decision).select_related("person").first()
    )
    return decision, notification


def never_tell_of_person(
    *, user: User | AnonymousUser, person_id: int, decided: PersonRoute | None = None
) -> list[NeverTell]:
    """The standing decisions never to tell an agency about a person, latest first: for the
    front door (anyone else sees none). Logged, under the route `decided` for the page if
    given."""
    actor = actor_for(user)
    route = person_route_for(actor, person_id, decided) if actor.front_door else None
    if route is None:
        return []
    parts = Participant.objects.filter(person_id=person_id)
    found = list(
        NeverTell.objects.filter(
            # The messages first, by the decisions' index; then the very part in each.
            Exists(
                parts.filter(
                    event__agency_id=OuterRef("subject_sent_by_id"),
                    event__message__message_id=OuterRef("subject_message_id"),
                    ref=OuterRef("subject_ref"),
                )
            ),
            subject_message_id__in=parts.values("event__message__message_id"),
        )
        .select_related("recipient", "decided_by", "signed_off_by", "lifted_by")
        .order_by("-decided_at", "-pk")
    )
    access_record(user=actor.user, person_ids=[person_id], purpose="never_tell", route=route)
    return found


def never_tell_person_get(*, user: User | AnonymousUser, person_id: int) -> Person:
    """A person, for the front door to decide an agency is never told about them; logged."""
    front_door_check(actor_for(user))
    return person_get(user=user, person_id=person_id, purpose="never_tell")


def never_tell_get(
    *, user: User | AnonymousUser, decision_id: int
) -> tuple[NeverTell, Person | None]:
    """A standing decision never to tell an agency about a person, for the front door to sign
    off or lift, with the person it names now (none when no one holds that part); logged."""
    decision, person_id = _not_told_get(
        actor_for(user),
        NeverTell.objects.select_related("lifted_by"),
        decision_id,
        missing="No decision never to tell with that id.",
        purpose="never_tell",
    )
    return decision, Person.objects.filter(pk=person_id).first() if person_id else None
