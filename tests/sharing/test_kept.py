"""What people did about notifications outlives `frontdoor rebuild`: the notifications are
derived again with new ids (their people keep theirs), and each takes its state back."""

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.intake.services import inbox_rebuild
from frontdoor.people.models import Person
from frontdoor.sharing.models import Acknowledgement, Notification
from frontdoor.sharing.services import notification_acknowledge
from tests.factories import message
from tests.risk.family import about, child, incident, perpetrator, send, victim

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(services) -> None:
    """Poppy's school is known to children's social care; police attend an incident."""
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00"))


def school_notification() -> Notification:
    return Notification.objects.select_related("acknowledgement").get(duty="ENCOMPASS_SCHOOL")


def test_an_acknowledgement_survives_a_rebuild_with_who_when_and_note(
    told, school_user, front_door_user, client: Client
) -> None:
    before = school_notification()
    notification_acknowledge(
        notification=before, user=school_user, note="Key adult Ms Ortiz is acting on it"
    )
    kept = Acknowledgement.objects.get()
    person_before = before.person_id

    inbox_rebuild()

    after = school_notification()
    assert after.pk != before.pk, "derived again"
    assert after.person_id == person_before, "about the same girl, who keeps her id"
    assert after.status == "acknowledged"
    assert after.acknowledgement == kept
    assert after.acknowledgement.acknowledged_by == school_user
    assert after.acknowledgement.acknowledged_at == kept.acknowledged_at
    client.force_login(front_door_user)
    page = client.get(reverse("people:detail", args=[after.person_id])).content.decode()
    assert f"acknowledged {kept.acknowledged_at:%-d %B %Y}" in page
    who = school_user.get_full_name() or school_user.username
    assert f"by {who}: Key adult Ms Ortiz is acting on it" in page
    assert (
        "not acknowledged"
        not in page.split("Hope Primary: Operation Encompass: the school")[1][:600]
    )


def test_only_the_notification_acknowledged_takes_it_back(told, school_user) -> None:
    notification_acknowledge(notification=school_notification(), user=school_user)
    inbox_rebuild()
    states = dict(Notification.objects.values_list("duty", "status"))
    assert states.pop("ENCOMPASS_SCHOOL") == "acknowledged"
    assert "acknowledged" not in states.values()


def test_a_person_not_in_the_event_is_found_by_their_first_message(services, school_user) -> None:
    """Poppy was not at the second incident; the school is told as she lives there. Her
    acknowledgement is kept against the first message that named her."""
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00"))
    second = message(
        source="police",
        kind="incident",
        occurred_at="2025-04-07T21:00:00",
        subjects=[victim(), perpetrator()],
        relationships=[{"from": "v", "to": "p", "type": "partner"}],
        facts={"category": "domestic_abuse", "officer_risk": "standard"},
    )
    send(second)
    latest = Notification.objects.filter(duty="ENCOMPASS_SCHOOL").latest("raised_at")
    assert latest.messages == [second["message_id"]], "the school is told of the second one"
    notification_acknowledge(notification=latest, user=school_user)
    kept = Acknowledgement.objects.get()
    assert (kept.message_id, kept.subject_ref) == (second["message_id"], "c")
    assert kept.subject_message_id != second["message_id"]

    inbox_rebuild()

    statuses = {
        n.messages[0]: n.status for n in Notification.objects.filter(duty="ENCOMPASS_SCHOOL")
    }
    assert statuses[second["message_id"]] == "acknowledged"
    assert list(statuses.values()).count("acknowledged") == 1
    assert Person.objects.filter(given_name="Poppy").count() == 1
