"""A front-door practitioner decides an agency must not be told, with a reason, signed off by a
manager where the partnership requires it; the decision shows in who knows what, withholds the
notification and outlives a rebuild."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from frontdoor.access.policy import actor_for, person_route
from frontdoor.audit.models import AuditEvent
from frontdoor.intake.services import inbox_rebuild
from frontdoor.people.models import Person
from frontdoor.sharing.models import Notification, NotSharing
from frontdoor.sharing.selectors import notifications_inbox
from frontdoor.sharing.services import (
    NotificationError,
    not_sharing_record,
    not_sharing_sign_off,
    notification_acknowledge,
)

pytestmark = pytest.mark.django_db

AT_RISK = "Telling the school would put the child at risk: the father works there"


def school() -> Notification:
    return Notification.objects.select_related("not_sharing").get(duty="ENCOMPASS_SCHOOL")


def statuses() -> dict[str, str]:
    out = io.StringIO()
    call_command("notifications", "--json", stdout=out)
    return {row["recipient"]: row["status"] for row in json.loads(out.getvalue())}


def test_a_decision_not_to_share_stands_at_once_where_no_sign_off_is_required(
    told, no_sign_off, front_door_user, school_user, client: Client
) -> None:
    notification = school()
    client.force_login(front_door_user)
    url = reverse("sharing:not-sharing", args=[notification.pk])
    page = client.get(url).content.decode()
    assert "Decide not to tell Hope Primary" in page
    answer = client.post(url, {"reason": AT_RISK}, follow=True).content.decode()
    assert "Decided not to tell Hope Primary: the notification is withheld" in answer
    assert f"Not sent: {AT_RISK}." in answer, "shown in who knows what"
    assert "Decided not to tell them by" in answer
    assert school().status == "withheld"
    assert statuses()["school-105899"] == "withheld"
    assert notifications_inbox(user=school_user).total == 0
    _, allowed = person_route(actor_for(school_user))
    assert not Person.objects.filter(allowed).exists(), "the school no longer sees Poppy"
    audit = AuditEvent.objects.get(action="notification.not_sharing")
    assert audit.actor == front_door_user
    assert audit.details["sign_off"] == "not_required"
    assert audit.route == "front_door"


def test_a_decision_not_to_share_survives_a_rebuild(told, no_sign_off, front_door_user) -> None:
    before = school()
    decision = not_sharing_record(notification=before, user=front_door_user, reason=AT_RISK)
    inbox_rebuild()
    after = school()
    assert after.pk != before.pk
    assert (after.status, after.reason, after.not_sharing) == ("withheld", AT_RISK, decision)
    assert statuses()["school-105899"] == "withheld"
    others = set(Notification.objects.exclude(pk=after.pk).values_list("status", flat=True))
    assert "withheld" not in others


def test_the_reason_is_required_and_named(told, front_door_user, client: Client) -> None:
    client.force_login(front_door_user)
    page = client.post(reverse("sharing:not-sharing", args=[school().pk]), {"reason": " "})
    assert "Enter why the agency must not be told" in page.content.decode()
    assert not NotSharing.objects.exists()
    with pytest.raises(NotificationError, match=r"^reason: say why"):
        not_sharing_record(notification=school(), user=front_door_user, reason="  ")


def test_the_agency_never_sees_the_reason_it_may_not_be_told(
    told, front_door_user, school_user, client: Client
) -> None:
    not_sharing_record(notification=school(), user=front_door_user, reason=AT_RISK)
    client.force_login(school_user)
    page = client.get(reverse("people:detail", args=[school().person_id])).content.decode()
    assert "Hope Primary: Operation Encompass: the school" in page, (
        "still told while sign-off waits"
    )
    assert AT_RISK not in page
    assert "decide not to tell" not in page


def test_where_sign_off_is_required_a_manager_agrees(
    told, front_door_user, manager, client: Client
) -> None:
    decision = not_sharing_record(notification=school(), user=front_door_user, reason=AT_RISK)
    assert decision.sign_off == "awaiting"
    assert school().status == "due", "the school stays told until a manager agrees"
    with pytest.raises(NotificationError, match="awaits a manager's sign-off"):
        not_sharing_record(notification=school(), user=front_door_user, reason="again")
    client.force_login(front_door_user)
    page = client.get(reverse("people:detail", args=[school().person_id])).content.decode()
    assert "Awaiting a manager's sign-off" in page
    refused = client.post(
        reverse("sharing:not-sharing-sign-off", args=[decision.pk]), {"agree": "yes"}
    )
    assert refused.status_code == 403, "a practitioner does not sign off"
    client.force_login(manager)
    client.post(reverse("sharing:not-sharing-sign-off", args=[decision.pk]), {"agree": "yes"})
    decision.refresh_from_db()
    assert (decision.sign_off, decision.signed_off_by) == ("agreed", manager)
    assert (school().status, school().reason) == ("withheld", AT_RISK)
    inbox_rebuild()
    assert school().status == "withheld"


def test_a_manager_returns_it_with_a_note_and_the_agency_stays_told(
    told, front_door_user, manager
) -> None:
    decision = not_sharing_record(notification=school(), user=front_door_user, reason=AT_RISK)
    with pytest.raises(NotificationError, match=r"^note: "):
        not_sharing_sign_off(decision=decision, user=manager, agree=False, note="")
    not_sharing_sign_off(decision=decision, user=manager, agree=False, note="The school must know")
    assert school().status == "due"
    inbox_rebuild()
    assert school().status == "due"
    assert school().not_sharing == decision


def test_an_acknowledged_notification_cannot_be_withheld(
    told, no_sign_off, front_door_user, school_user
) -> None:
    notification_acknowledge(notification=school(), user=school_user)
    with pytest.raises(NotificationError, match="acknowledged already"):
        not_sharing_record(notification=school(), user=front_door_user, reason=AT_RISK)


def test_a_manager_does_not_sign_off_their_own_decision(told, manager) -> None:
    decision = not_sharing_record(notification=school(), user=manager, reason=AT_RISK)
    with pytest.raises(NotificationError, match="other than its maker"):
        not_sharing_sign_off(decision=decision, user=manager, agree=True, note="")


def test_only_the_front_door_decides(told, school_user) -> None:
    with pytest.raises(PermissionDenied):
        not_sharing_record(notification=school(), user=school_user, reason=AT_RISK)
