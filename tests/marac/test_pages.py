"""The MARAC's pages as a coordinator and an agency's user use them."""

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.audit.models import AuditEvent
from frontdoor.intake.models import InboxMessage
from frontdoor.marac.models import Action, MaracReferral, Meeting, ResearchReturn
from frontdoor.people.models import Person

from .conftest import refer, stranger


@pytest.fixture
def meeting(agencies, idva, coordinator) -> Meeting:
    refer("2026-01-10T10:00:00")
    return Meeting.objects.create(date=timezone.localdate(), scheduled_by=coordinator)


def test_a_coordinator_schedules_a_meeting_with_errors_named(client: Client, coordinator) -> None:
    client.force_login(coordinator)
    page = client.post(
        "/marac/meetings/new/", {"day_day": "31", "day_month": "2", "day_year": "2026"}
    )
    assert "Date of the meeting must be a real date" in page.content.decode()
    page = client.post(
        "/marac/meetings/new/", {"day_day": "1", "day_month": "1", "day_year": "2020"}
    )
    assert "is in the past" in page.content.decode()
    day = timezone.localdate()
    page = client.post(
        "/marac/meetings/new/", {"day_day": day.day, "day_month": day.month, "day_year": day.year}
    )
    assert page.status_code == 302
    assert Meeting.objects.get().date == day


def test_the_coordinator_sees_every_case_and_adds_an_action(
    client: Client, meeting, coordinator, police_user
) -> None:
    client.force_login(coordinator)
    page = client.get(f"/marac/meetings/{meeting.pk}/").content.decode()
    referral = MaracReferral.objects.get()
    assert "Jade Marsh" in page
    assert referral.reference in page
    case_url = f"/marac/meetings/{meeting.pk}/cases/{referral.reference}/"
    case = client.get(case_url).content.decode()
    assert "Ava Marsh" in case
    assert "Not returned" in case
    day = meeting.date
    answer = client.post(
        f"{case_url}actions/new/",
        {
            "description": "Flag the address",
            "owner": police_user.pk,
            "due_on_day": day.day,
            "due_on_month": day.month,
            "due_on_year": day.year,
        },
    )
    assert answer.status_code == 302
    assert Action.objects.get().owner == police_user


def test_the_meeting_is_held_with_the_cases_its_page_showed(
    client: Client, meeting, coordinator
) -> None:
    client.force_login(coordinator)
    url = f"/marac/meetings/{meeting.pk}/hold/"
    jade = MaracReferral.objects.get().reference
    page = client.get(url).content.decode()
    assert f"{jade}: Jade Marsh" in page
    assert f'name="cases" value="{jade}"' in page
    refer("2026-02-01T10:00:00", subjects=stranger())
    nina = MaracReferral.objects.exclude(reference=jade).get().reference
    page = client.post(url, {"cases": jade}).content.decode()
    assert f"the agenda changed after you opened the page (added since: {nina})" in page
    assert f"{nina}: Nina Holt" in page
    assert f'name="cases" value="{jade} {nina}"' in page
    assert not Meeting.objects.get().hearings.exists()
    assert client.post(url, {"cases": f"{jade} {nina}"}).status_code == 302
    assert set(Meeting.objects.get().hearings.values_list("referral_id", flat=True)) == {
        jade,
        nina,
    }


def test_the_meetings_list_links_only_the_agendas_the_reader_may_open(
    client: Client, meeting, police_user, school_user
) -> None:
    link = f'href="/marac/meetings/{meeting.pk}/"'
    client.force_login(police_user)
    assert link in client.get("/marac/").content.decode()
    client.force_login(school_user)
    page = client.get("/marac/").content.decode()
    assert link not in page
    assert "(your agency is not asked about any of its cases)" in page
    assert client.get(f"/marac/meetings/{meeting.pk}/").status_code == 403


def test_an_agency_completes_its_return(client: Client, meeting, police_user) -> None:
    client.force_login(police_user)
    referral = MaracReferral.objects.get()
    url = f"/marac/meetings/{meeting.pk}/cases/{referral.reference}/return/"
    page = client.post(url, {"holds": "yes"}).content.decode()
    assert "say what your agency holds on the victim, perpetrator or children" in page
    assert client.post(url, {"holds": "yes", "victim": "Two call-outs"}).status_code == 302
    assert ResearchReturn.objects.get().victim == "Two call-outs"
    assert AuditEvent.objects.get(action="marac.return_complete").route == "marac_agency"


def test_a_referral_from_a_persons_page_goes_through_intake(
    client: Client, meeting, police_user
) -> None:
    client.force_login(police_user)
    jade = Person.objects.get(given_name="Jade")
    liam = Person.objects.get(given_name="Liam")
    url = f"/marac/refer/{jade.pk}/"
    page = client.post(url, {"reason": "Threats"}).content.decode()
    assert "Select the criterion the case meets" in page
    answer = client.post(
        url,
        {"criterion": "professional_judgement", "perpetrator": liam.pk, "reason": "Threats"},
    )
    assert answer.status_code == 302
    latest = MaracReferral.objects.order_by("pk").last()
    assert latest is not None
    assert latest.criterion == "professional_judgement"
    assert InboxMessage.objects.get(pk=latest.event.message_id).channel == "form"


def test_the_dataset_downloads_as_csv(client: Client, meeting, coordinator) -> None:
    referral = MaracReferral.objects.get()
    meeting.held_at = timezone.now()
    meeting.save()
    meeting.hearings.create(referral=referral)
    client.force_login(coordinator)
    quarter = f"{meeting.date.year}Q{(meeting.date.month - 1) // 3 + 1}"
    bad = client.get("/marac/dataset/", {"quarter": "2026Q5"}).content.decode()
    assert "like 2026Q3" in bad
    csv = client.get("/marac/dataset/", {"quarter": quarter, "format": "csv"}).content.decode()
    assert f"{quarter},cases_discussed,all,1" in csv
    assert f"{quarter},victims_by_sex,Female,1" in csv
    assert not AuditEvent.objects.filter(action="marac.dataset")
