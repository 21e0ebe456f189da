"""Notifications as agencies meet them: minimised, made once, rebuilt the same, delivered to the
right inbox and by email, acknowledged, escalated when overdue, and opening the person to the
agency told."""

import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frontdoor.access.policy import actor_for, person_route
from frontdoor.audit.models import AuditEvent
from frontdoor.chronology.models import Event
from frontdoor.intake.services import inbox_rebuild
from frontdoor.linkage.services import record_link
from frontdoor.people.models import Person, SourceRecord
from frontdoor.risk.models import Alert
from frontdoor.sharing.engine import notifications_derive
from frontdoor.sharing.models import LAWFUL_BASIS, Notification
from frontdoor.sharing.selectors import notification_get, notifications_inbox
from frontdoor.sharing.services import notification_acknowledge, notifications_deliver
from tests.conftest import SignedInClient
from tests.factories import message, subject
from tests.risk.family import about, child, incident, send, victim

pytestmark = pytest.mark.django_db

SCHOOL_MAY_SEE = {"About", "Date of birth", "What happened", "When", "Told to the hub by"}
SCHOOL_MAY_SEE |= {"Child present", "What to do"}


@pytest.fixture
def household(services) -> None:
    """Poppy's school and practice are known to other agencies; her mother sees adult mental
    health; then police attend an incident in which she was injured."""
    send(
        about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")),
        about("gp-f84001", "attendance", "2025-01-02", child("gp-f84001", gp_practice="F84001")),
        about(
            "amh",
            "involvement",
            "2025-01-02",
            victim("amh"),
            service="adult_mental_health",
            status="open",
        ),
    )
    send(incident("2025-03-07T21:00:00", injury=True, narrative="Mother's depression worse"))


def summary() -> list[tuple[str, str, str, list[str]]]:
    return sorted(
        (n.duty, n.recipient.code, n.person.given_name, n.messages)
        for n in Notification.objects.select_related("recipient", "person")
    )


def test_a_schools_payload_has_no_adult_or_health_data(household) -> None:
    notification = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    payload = dict(notification.payload)
    assert set(payload) <= SCHOOL_MAY_SEE
    text = json.dumps(notification.payload).lower()
    for never in ("katherine", "injury", "mental", "depression", "nhs", "9434765919", "risk"):
        assert never not in text
    assert payload["About"] == "Poppy Whitfield"
    assert notification.lawful_basis == LAWFUL_BASIS
    assert "Article 6(1)(e)" in LAWFUL_BASIS
    assert "Schedule 1 paragraph 18" in LAWFUL_BASIS


def test_made_once_and_rebuilt_the_same(household) -> None:
    before = summary()
    assert [(duty, code) for duty, code, _, _ in before] == [
        ("ADULT_MENTAL_HEALTH", "amh"),
        ("CSC", "csc"),
        ("ENCOMPASS_SCHOOL", "school-105899"),
        ("GP", "gp-f84001"),
    ]
    assert notifications_derive(list(Event.objects.values_list("pk", flat=True))) == []
    assert summary() == before
    inbox_rebuild()
    assert summary() == before


def test_an_agency_reads_only_its_own_inbox(household, school_user, gp_user) -> None:
    school = notifications_inbox(user=school_user).notifications
    assert [(n.duty, n.person.given_name) for n in school] == [("ENCOMPASS_SCHOOL", "Poppy")]
    gp = notifications_inbox(user=gp_user).notifications
    assert [n.duty for n in gp] == ["GP"]
    with pytest.raises(Http404):
        notification_get(user=gp_user, notification_id=school[0].pk)


def test_a_notification_opens_the_person_to_the_agency_told(household, school_user) -> None:
    _, allowed = person_route(actor_for(school_user))
    visible = set(Person.objects.filter(allowed).values_list("given_name", flat=True))
    assert visible == {"Poppy"}, "told of Poppy; nothing about her mother"


def test_a_decision_not_to_share_does_not_open_the_person(services, school_user) -> None:
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00", shared_with=["police"]))
    Notification.objects.filter(duty="ENCOMPASS_SCHOOL").update(status="withheld")
    _, allowed = person_route(actor_for(school_user))
    assert not Person.objects.filter(allowed).exists()


def test_the_school_acknowledges_with_one_button(household, school_user, client: Client) -> None:
    notification = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    client.force_login(school_user)
    page = client.get(reverse("sharing:inbox"))
    assert b"Poppy Whitfield" in page.content
    assert b"Overdue" in page.content
    answer = client.post(reverse("sharing:acknowledge", args=[notification.pk]), follow=True)
    assert b"Acknowledged: Operation Encompass" in answer.content
    notification.refresh_from_db()
    assert notification.status == "acknowledged"
    assert notification.acknowledgement.acknowledged_by == school_user
    assert (
        AuditEvent.objects.filter(action="notification.acknowledge", route="notified").count() == 1
    )
    again = client.post(reverse("sharing:acknowledge", args=[notification.pk]), follow=True)
    assert b"acknowledged already" in again.content


def test_overdue_ones_are_escalated_to_the_front_door(
    household, front_door_user, school_user, client: Client
) -> None:
    client.force_login(front_door_user)
    overdue = client.get(reverse("sharing:overdue")).content.decode()
    assert "Operation Encompass" in overdue
    assert "Hope Primary" in overdue
    client.force_login(school_user)
    notification = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    client.post(reverse("sharing:acknowledge", args=[notification.pk]))
    front_door = SignedInClient()
    front_door.force_login(front_door_user)
    assert "ENCOMPASS_SCHOOL" not in front_door.get(reverse("sharing:overdue")).content.decode()


def test_delivered_by_email_without_personal_data(household, school_user) -> None:
    notification = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    assert notification.status == "due", "delivered once the batch commits"
    Notification.objects.filter(pk=notification.pk).update(
        due_by=timezone.now() + timedelta(hours=12)
    )
    assert notifications_deliver(notification_ids=[notification.pk]) == 1
    notification.refresh_from_db()
    assert notification.status == "delivered"
    assert notification.emailed_at is not None
    (email,) = [m for m in mail.outbox if school_user.email in m.to]
    assert email.subject == "1 new safeguarding notification"
    assert "Poppy" not in email.body
    assert "Whitfield" not in email.body
    assert notifications_deliver(notification_ids=[notification.pk]) == 0, "delivered once"


def test_an_overdue_one_is_delivered_to_the_inbox_but_not_emailed(
    services, school_user, django_capture_on_commit_callbacks
) -> None:
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    with django_capture_on_commit_callbacks(execute=True):
        send(incident("2025-03-07T21:00:00"))
    notification = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    assert notification.status == "delivered"
    assert notification.emailed_at is None
    assert mail.outbox == []


def test_who_knows_what_on_the_person_page(
    household, front_door_user, school_user, client: Client
) -> None:
    poppy = Person.objects.get(given_name="Poppy")
    client.force_login(front_door_user)
    page = client.get(reverse("people:detail", args=[poppy.pk])).content.decode()
    assert "Who knows what" in page
    assert "Hope Primary: Operation Encompass: the school" in page
    assert "Elm Practice: GP" in page
    client.force_login(school_user)
    page = client.get(reverse("people:detail", args=[poppy.pk])).content.decode()
    assert "Hope Primary: Operation Encompass: the school" in page
    assert "Elm Practice: GP" not in page


def test_the_person_page_takes_the_same_queries_however_many_notifications_and_alerts(
    household, front_door_user, gp_user, client: Client
) -> None:
    poppy = Person.objects.get(given_name="Poppy")
    gp = Notification.objects.get(duty="GP")
    notification_acknowledge(notification=gp, user=gp_user, note="Seen by the GP")
    client.force_login(front_door_user)
    client.get("/")  # the sign-in's first page renews the session; the two below do not

    def page_queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("people:detail", args=[poppy.pk])).content.decode()
        return len(queries), page

    few, page = page_queries()
    assert "acknowledged" in page
    told, alerted = Notification.objects.count(), Alert.objects.filter(person=poppy).count()
    send(
        *(
            incident(f"2025-04-{day:02d}T21:00:00", injury=True, child_fields={})
            for day in range(1, 11)
        )
    )
    assert Notification.objects.count() >= told + 10
    assert Alert.objects.filter(person=poppy).count() > alerted
    many, page = page_queries()
    assert page.count("Elm Practice: GP") > 10
    assert many == few


def test_the_notifications_command_prints_json(household) -> None:
    out = io.StringIO()
    call_command("notifications", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    school = next(r for r in rows if r["duty"] == "ENCOMPASS_SCHOOL")
    assert set(school) == {
        "id",
        "duty",
        "recipient",
        "person",
        "messages",
        "due_by",
        "lawful_basis",
        "status",
    }
    assert school["recipient"] == "school-105899"
    assert school["person"] == Person.objects.get(given_name="Poppy").pk
    assert school["messages"] == [Event.objects.get(kind="incident").message.message_id]
    assert school["due_by"] == "2025-03-10T09:00:00+00:00"
    assert school["status"] == "overdue"


def test_a_fixed_number_of_queries_however_many_events(services) -> None:
    households = [
        message(
            subjects=[
                subject("v", "victim", date_of_birth="1990-01-01", gp_practice="F84001"),
                subject("c", "child", date_of_birth="2018-01-01", gp_practice="F84001"),
            ],
            facts={"category": "domestic_abuse"},
        )
        for _ in range(3)
    ]
    send(*households)
    events = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as one:
        assert len(notifications_derive(events[:1])) == 2
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as three:
        assert len(notifications_derive(events)) == 6
    assert len(three) == len(one)


def test_a_link_decision_tells_the_school_the_moved_record_names(
    services, data_manager, django_capture_on_commit_callbacks
) -> None:
    send(about("csc", "contact", "2025-01-02", subject("c", "child", school_urn="105899")))
    send(incident("2025-03-07T21:00:00"))
    assert not Notification.objects.filter(duty="ENCOMPASS_SCHOOL").exists()
    record = SourceRecord.objects.get(agency__code="csc")
    poppy = Person.objects.get(given_name="Poppy")
    with django_capture_on_commit_callbacks(execute=True):
        record_link(
            record,
            poppy,
            user=data_manager,
            reason="The same girl: her school confirmed it",
        )
    notification = Notification.objects.get(duty="ENCOMPASS_SCHOOL")
    assert (notification.recipient.code, notification.person_id) == ("school-105899", poppy.pk)
    assert notification.status == "delivered"
