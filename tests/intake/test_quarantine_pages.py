"""The quarantine: data managers see each rejected message and why, correct it and resend it."""

import json

import pytest
from django.test import Client

from frontdoor.access.models import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.intake.models import Channel, InboxMessage, Status
from frontdoor.intake.services import messages_receive
from tests.factories import StaffFactory, message, raw, subject


@pytest.fixture
def rejected(agencies) -> InboxMessage:
    bad = message(message_id="bad-1", subjects=[subject(date_of_birth="31/02/2016")])
    messages_receive([raw(bad)], channel=Channel.FILE)
    return InboxMessage.objects.get()


def test_the_list_shows_each_reason(client: Client, data_manager, rejected: InboxMessage) -> None:
    client.force_login(data_manager)
    page = client.get("/quarantine/").content.decode()
    assert "bad-1" in page
    assert "subjects[0].date_of_birth: not a date: &#x27;31/02/2016&#x27;" in page


def test_correcting_a_message_sends_it_through_intake(
    client: Client, data_manager, rejected
) -> None:
    client.force_login(data_manager)
    fixed = json.loads(rejected.raw)
    fixed["subjects"][0]["date_of_birth"] = "2016-02-28"
    response = client.post(f"/quarantine/{rejected.pk}/", {"raw": json.dumps(fixed)})
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == Status.SUPERSEDED
    assert InboxMessage.objects.get(revision=2).status == Status.PROCESSED
    correct = AuditEvent.objects.get(action="quarantine.correct", actor=data_manager)
    assert (correct.route, correct.object_id) == ("quarantine", str(rejected.pk))
    assert AuditEvent.objects.get(action="quarantine.open").route == "quarantine"
    page = client.get("/quarantine/").content.decode()
    assert "There are no messages in quarantine" in page
    assert ">Success</h2>" in page


def test_a_correction_that_still_fails_shows_the_new_reasons(
    client: Client, data_manager, rejected
) -> None:
    client.force_login(data_manager)
    still_bad = json.loads(rejected.raw) | {"kind": "gossip"}
    response = client.post(
        f"/quarantine/{rejected.pk}/", {"raw": json.dumps(still_bad)}, follow=True
    )
    page = response.content.decode()
    assert "kind: not one of" in page
    assert "The correction was kept, but it still has problems." in page
    assert ">Important</h2>" in page
    assert ">Success</h2>" not in page


def test_a_link_to_a_corrected_message_leads_to_what_took_its_place(
    client: Client, data_manager, rejected
) -> None:
    client.force_login(data_manager)
    still_bad = json.loads(rejected.raw) | {"kind": "gossip"}
    client.post(f"/quarantine/{rejected.pk}/", {"raw": json.dumps(still_bad)})
    second = InboxMessage.objects.get(revision=2)
    response = client.get(f"/quarantine/{rejected.pk}/")
    assert response["Location"] == f"/quarantine/{second.pk}/"
    fixed = json.loads(rejected.raw)
    fixed["subjects"][0]["date_of_birth"] = "2016-02-28"
    client.post(f"/quarantine/{second.pk}/", {"raw": json.dumps(fixed)})
    response = client.get(f"/quarantine/{second.pk}/", follow=True)
    assert response.redirect_chain == [("/quarantine/", 302)]
    assert "was corrected and has left quarantine: processed." in response.content.decode()
    assert client.get(f"/quarantine/{rejected.pk}/")["Location"] == "/quarantine/"
    assert client.get("/quarantine/999999/").status_code == 404


def test_a_correction_that_is_not_json_is_refused_on_the_form(
    client: Client, data_manager, rejected
) -> None:
    client.force_login(data_manager)
    response = client.post(f"/quarantine/{rejected.pk}/", {"raw": "{nope"})
    assert "The message is not valid JSON" in response.content.decode()
    assert InboxMessage.objects.count() == 1


def test_practitioners_cannot_see_the_quarantine(client: Client, school_user, rejected) -> None:
    client.force_login(school_user)
    assert client.get("/quarantine/").status_code == 403
    assert client.get(f"/quarantine/{rejected.pk}/").status_code == 403


def test_an_agency_data_manager_sees_only_their_agencys_messages(
    client: Client, agencies, rejected
) -> None:
    school_data = StaffFactory(agency=agencies["school"], role=Role.DATA_MANAGER).user
    client.force_login(school_data)
    assert "There are no messages in quarantine" in client.get("/quarantine/").content.decode()
    assert client.get(f"/quarantine/{rejected.pk}/").status_code == 404


def test_an_agency_data_manager_cannot_correct_a_message_into_another_agencys_name(
    client: Client, agencies
) -> None:
    bad = message(source="school-105899", message_id="s-1", subjects=[subject(date_of_birth="x")])
    messages_receive([raw(bad)], channel=Channel.FILE)
    rejected = InboxMessage.objects.get()
    school_data = StaffFactory(agency=agencies["school"], role=Role.DATA_MANAGER).user
    client.force_login(school_data)
    as_police = json.loads(rejected.raw) | {"source": "police", "subjects": [subject()]}
    client.post(f"/quarantine/{rejected.pk}/", {"raw": json.dumps(as_police)})
    correction = InboxMessage.objects.get(revision=1, source=None)
    assert correction.status == Status.REJECTED
    assert correction.errors == ["source: 'police' is not the sending agency 'school-105899'"]
    assert not InboxMessage.objects.filter(source="police").exists()
