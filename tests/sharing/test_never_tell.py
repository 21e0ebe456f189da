"""A front-door manager decides an agency is never told about a child, with a reason, signed off
by another manager where the partnership requires it: every notification to it about the child
is withheld (shown as not sent), those made later too; it outlives a rebuild and can be lifted."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from frontdoor.access.services import restriction_create
from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.intake.services import inbox_rebuild
from frontdoor.people.models import Person
from frontdoor.sharing.models import NEVER_TOLD, NeverTell, Notification
from frontdoor.sharing.services import (
    NotificationError,
    never_tell_lift,
    never_tell_record,
    never_tell_sign_off,
    not_sharing_record,
    notification_acknowledge,
)
from tests.risk.family import incident, send
from tests.sharing.test_not_sharing import statuses

pytestmark = pytest.mark.django_db

WHEREABOUTS = "Her father works at the school; her new address must be kept from him"


def poppy() -> Person:
    return Person.objects.get(given_name="Poppy")


def school_statuses() -> list[str]:
    return list(
        Notification.objects.filter(duty="ENCOMPASS_SCHOOL")
        .order_by("raised_at")
        .values_list("status", flat=True)
    )


def test_it_withholds_what_is_outstanding_and_every_later_notification(
    told, no_sign_off, manager, agencies
) -> None:
    decision = never_tell_record(
        person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=WHEREABOUTS
    )
    assert decision.stands
    assert school_statuses() == ["withheld"]
    send(incident("2025-04-07T21:00:00"))
    assert school_statuses() == ["withheld", "withheld"]
    latest = Notification.objects.filter(duty="ENCOMPASS_SCHOOL").latest("raised_at")
    assert (latest.reason, latest.never_tell) == (NEVER_TOLD, decision)
    assert statuses()["school-105899"] == "withheld", "in notifications --json too"
    assert "withheld" not in Notification.objects.exclude(recipient=agencies["school"]).values_list(
        "status", flat=True
    ), "other agencies are told"
    audit = AuditEvent.objects.get(action="notification.never_tell")
    assert (audit.details["withheld"], audit.route) == (1, "front_door")


def test_an_acknowledged_notification_stays_acknowledged(
    told, no_sign_off, manager, school_user, agencies
) -> None:
    notification = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    notification_acknowledge(notification=notification, user=school_user)
    never_tell_record(
        person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=WHEREABOUTS
    )
    inbox_rebuild()
    assert school_statuses() == ["acknowledged"]


def test_with_sign_off_it_waits_for_another_manager(
    told, manager, second_manager, front_door_user, agencies
) -> None:
    with pytest.raises(PermissionDenied):
        never_tell_record(
            person_id=poppy().pk,
            recipient=agencies["school"],
            user=front_door_user,
            reason=WHEREABOUTS,
        )
    with pytest.raises(NotificationError, match="reason: say why"):
        never_tell_record(
            person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=" "
        )
    decision = never_tell_record(
        person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=WHEREABOUTS
    )
    assert decision.sign_off == "awaiting"
    assert school_statuses() == ["due"] or school_statuses() == ["delivered"]
    with pytest.raises(NotificationError, match="in place already"):
        never_tell_record(
            person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=WHEREABOUTS
        )
    with pytest.raises(NotificationError, match="other than its maker"):
        never_tell_sign_off(
            decision=decision, person_id=poppy().pk, user=manager, agree=True, note=""
        )
    never_tell_sign_off(
        decision=decision, person_id=poppy().pk, user=second_manager, agree=True, note=""
    )
    assert school_statuses() == ["withheld"]
    assert AuditEvent.objects.get(action="notification.never_tell_sign_off").route == "front_door"


def test_it_outlives_a_rebuild_and_once_lifted_the_agency_is_told_again(
    told, no_sign_off, manager, agencies
) -> None:
    decision = never_tell_record(
        person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=WHEREABOUTS
    )
    inbox_rebuild()
    assert school_statuses() == ["withheld"]

    with pytest.raises(NotificationError, match="reason: say why"):
        never_tell_lift(decision=decision, user=manager, reason="")
    never_tell_lift(decision=decision, user=manager, reason="The father has left the school")
    send(incident("2025-05-07T21:00:00"))
    assert school_statuses() == ["withheld", "due"] or school_statuses() == [
        "withheld",
        "delivered",
    ]
    inbox_rebuild()
    assert school_statuses()[0] == "withheld", "what the hub withheld stays withheld"
    assert school_statuses()[1] != "withheld"
    assert NeverTell.objects.get().lift_reason == "The father has left the school"
    assert AuditEvent.objects.get(action="notification.never_tell_lift").route == "front_door"


def test_the_manager_decides_on_a_page_and_who_knows_what_shows_it(
    told, manager, second_manager, agencies, client: Client
) -> None:
    client.force_login(manager)
    url = reverse("sharing:never-tell", args=[poppy().pk])
    assert "Decide an agency is never told about them" in client.get(url).content.decode()
    refused = client.post(url, {"recipient": agencies["school"].pk, "reason": ""})
    assert "Enter why the agency must never be told" in refused.content.decode()
    answer = client.post(
        url, {"recipient": agencies["school"].pk, "reason": WHEREABOUTS}, follow=True
    ).content.decode()
    assert "Decided Hope Primary is never told about Poppy" in answer
    assert "awaiting sign-off" in answer
    decision = NeverTell.objects.get()

    client.force_login(second_manager)
    sign_off = reverse("sharing:never-tell-sign-off", args=[decision.pk])
    assert "never to tell Hope Primary about them" in client.get(sign_off).content.decode()
    page = client.post(sign_off, {"agree": "yes", "note": ""}, follow=True).content.decode()
    assert "Signed off: Hope Primary is never told about them" in page
    assert f"Not sent: {NEVER_TOLD}." in page
    assert WHEREABOUTS in page

    lift = reverse("sharing:never-tell-lift", args=[decision.pk])
    page = client.post(lift, {"reason": "Moved away"}, follow=True).content.decode()
    assert "Lifted: Hope Primary is told about them again" in page
    assert "Hope Primary: lifted" in page


def test_an_agency_never_sees_the_decision(
    told, no_sign_off, manager, school_user, agencies, client: Client
) -> None:
    never_tell_record(
        person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=WHEREABOUTS
    )
    client.force_login(school_user)
    inbox = client.get(reverse("sharing:inbox")).content.decode()
    assert "Poppy" not in inbox
    assert client.get(reverse("sharing:never-tell", args=[poppy().pk])).status_code == 403


def test_a_restricted_child_s_decisions_open_only_to_the_front_door_staff_named(
    told, manager, second_manager, front_door_user, data_manager, agencies, client: Client
) -> None:
    """ADR 14: a front-door manager not named on the restriction neither decides nor signs off
    nor lifts, and their look is logged as refused; the manager named does all three."""
    restriction_create(person=poppy(), reason=WHEREABOUTS, named_users=[manager], user=data_manager)
    never_told = never_tell_record(
        person_id=poppy().pk, recipient=agencies["school"], user=manager, reason=WHEREABOUTS
    )
    not_told = not_sharing_record(
        notification=Notification.objects.get(duty="ENCOMPASS_SCHOOL"),
        user=manager,
        reason=WHEREABOUTS,
    )
    pages = [
        reverse("sharing:never-tell", args=[poppy().pk]),
        reverse("sharing:never-tell-sign-off", args=[never_told.pk]),
        reverse("sharing:never-tell-lift", args=[never_told.pk]),
        reverse("sharing:not-sharing-sign-off", args=[not_told.pk]),
    ]
    client.force_login(second_manager)
    assert [client.get(url).status_code for url in pages] == [404] * 4
    assert client.post(pages[1], {"agree": "yes", "note": ""}).status_code == 404
    assert client.post(pages[2], {"reason": "Moved away"}).status_code == 404
    assert NeverTell.objects.get().sign_off == "awaiting"
    denied = AccessLog.objects.filter(user=second_manager, person_id=poppy().pk, route="denied")
    assert denied.count() == 6
    client.force_login(front_door_user)
    assert [client.get(url).status_code for url in pages] == [404] * 4
    client.force_login(manager)
    assert [client.get(url).status_code for url in pages] == [200] * 4
    assert set(
        AccessLog.objects.filter(user=manager, person_id=poppy().pk).values_list("route", flat=True)
    ) == {"restricted_named"}
