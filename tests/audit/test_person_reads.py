"""Who has looked at a person: for the front door's managers and data managers and the data
protection lead; every read, newest first, paginated; itself logged."""

from django.test import Client

from frontdoor.audit.models import AccessLog
from frontdoor.audit.selectors import READS_PER_PAGE
from tests.people.test_search_and_page import load_family

from .conftest import MONDAY_MORNING, read_at


def test_a_front_door_manager_sees_every_read_of_the_person(
    client: Client, agencies, front_door_manager, front_door_user, school_user
) -> None:
    poppy = load_family()
    read_at(MONDAY_MORNING, front_door_user, [poppy.pk])
    read_at(MONDAY_MORNING, school_user, [poppy.pk], route="denied")
    client.force_login(front_door_manager)
    person_page = client.get(f"/people/{poppy.pk}/").content.decode()
    assert f'href="/audit/people/{poppy.pk}/"' in person_page
    page = client.get(f"/audit/people/{poppy.pk}/", REMOTE_ADDR="10.1.2.3").content.decode()
    assert "Who has looked at Poppy Whitfield" in page
    # The practitioner's, the school's refused, the manager's on the person page and here.
    purposes = set(AccessLog.objects.filter(person_id=poppy.pk).values_list("purpose", flat=True))
    assert {"person_page", "access_history"} <= purposes
    assert f"{AccessLog.objects.filter(person_id=poppy.pk).count()} reads" in page
    assert "Hope Primary" in page
    assert "Refused" in page
    assert "web 10.1.2.3" in page
    assert "access history" in page
    assert AccessLog.objects.filter(
        user=front_door_manager, person_id=poppy.pk, purpose="access_history", route="front_door"
    ).exists()


def test_a_practitioner_neither_sees_the_link_nor_the_page(
    client: Client, agencies, front_door_user
) -> None:
    poppy = load_family()
    client.force_login(front_door_user)
    assert "/audit/people/" not in client.get(f"/people/{poppy.pk}/").content.decode()
    assert client.get(f"/audit/people/{poppy.pk}/").status_code == 403
    assert not AccessLog.objects.filter(purpose="access_history").exists()


def test_the_data_protection_lead_sees_the_reads_of_a_person_no_longer_held(
    client: Client, data_protection_lead, front_door_user
) -> None:
    read_at(MONDAY_MORNING, front_door_user, [999] * (READS_PER_PAGE + 5))
    client.force_login(data_protection_lead)
    first = client.get("/audit/people/999/").content.decode()
    assert "no longer holds this person" in first
    assert f"{READS_PER_PAGE + 6} reads" in first
    assert "1 of 2" not in first
    assert "2 of 2" in first
    second = client.get("/audit/people/999/?page=2").content.decode()
    assert second.count('class="govuk-table__row"') == 1 + 7  # the header, and 7 reads
    assert (
        AccessLog.objects.filter(
            user=data_protection_lead, purpose="access_history", route="data_protection"
        ).count()
        == 2
    )
