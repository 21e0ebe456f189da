"""Access-checked reads of referrals."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from frontdoor.access.policy import actor_for
from frontdoor.audit.services import access_record

from .models import Referral


def referrals_of_user(*, user: User | AnonymousUser) -> QuerySet[Referral]:
    """The referrals this user made, newest first."""
    actor = actor_for(user)
    return Referral.objects.filter(submitted_by=actor.user).select_related("agency")


def referral_get(*, user: User | AnonymousUser, reference: str) -> Referral:
    """A referral its maker, their agency or the front door may open; the read is logged."""
    actor = actor_for(user)
    referral = (
        Referral.objects.select_related("agency", "event", "submitted_by")
        .filter(reference=reference.upper())
        .first()
    )
    allowed = referral is not None and (
        actor.front_door
        or referral.submitted_by_id == actor.user.pk
        or referral.agency_id == actor.agency_id
    )
    if referral is None or not allowed:
        raise Http404("No referral with that reference that you can see.")
    route = "front_door" if actor.front_door else "referrer"
    access_record(
        user=actor.user,
        person_ids=list(referral.event.participants.values_list("person_id", flat=True)),
        purpose="referral",
        route=route,
    )
    return referral
