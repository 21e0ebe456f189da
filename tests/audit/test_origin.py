"""Every read and write says where it came from: the web or the API with the client's address,
or the console."""

from django.test import Client
from django.utils import timezone

from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.audit.services import audit_record
from tests.people.test_search_and_page import load_family


def test_a_read_on_a_page_records_the_reader_s_agency_address_and_route(
    client: Client, agencies, front_door_user
) -> None:
    poppy = load_family()
    client.force_login(front_door_user)
    client.get(f"/people/{poppy.pk}/", REMOTE_ADDR="10.20.30.40")
    read = AccessLog.objects.get(person_id=poppy.pk, purpose="person_page")
    assert (read.channel, read.address, read.route, read.user_agency) == (
        "web",
        "10.20.30.40",
        "front_door",
        "csc",
    )


def test_a_write_on_a_page_records_its_address(client: Client, coordinator) -> None:
    client.force_login(coordinator)
    day = timezone.localdate()
    client.post(
        "/marac/meetings/new/",
        {"day_day": day.day, "day_month": day.month, "day_year": day.year},
        REMOTE_ADDR="2001:db8::7",
    )
    event = AuditEvent.objects.get(action="marac.meeting_schedule")
    assert (event.channel, event.address, event.actor_agency) == ("web", "2001:db8::7", "idva")


def test_work_outside_a_request_is_the_console_s(agencies) -> None:
    event = audit_record(actor=None, action="inbox.rebuild")
    assert (event.channel, event.address) == ("console", None)
    assert event.details["operator"]
