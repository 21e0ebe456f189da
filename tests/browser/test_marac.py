"""A MARAC coordinator opens the agenda; a police officer completes the police's research return."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from frontdoor.marac.models import MaracReferral, Meeting, ResearchReturn
from tests.marac.conftest import refer

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(agencies, idva, coordinator, police_user) -> Meeting:
    refer("2026-01-10T10:00:00")
    return Meeting.objects.create(date=timezone.localdate(), scheduled_by=coordinator)


def test_the_agenda_and_a_research_return(page: Page, meeting: Meeting) -> None:
    reference = MaracReferral.objects.get().reference
    sign_in(page, "marac.coordinator")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="MARAC").click()
    check_page(page)
    page.get_by_role("link", name=meeting.date.strftime("%A %-d %B %Y")).click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("MARAC of")
    page.get_by_role("link", name="Jade Marsh").click()
    check_page(page)
    expect(page.get_by_text("Ava Marsh")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/sign-in/"))
    page.wait_for_load_state("networkidle")

    sign_in(page, "police.officer")
    page.goto(f"/marac/meetings/{meeting.pk}/cases/{reference}/")
    check_page(page)
    page.get_by_role("button", name="Complete your agency's return").click()
    check_page(page)
    page.get_by_role("group", name="Does your agency hold anything").get_by_label("Yes").check()
    page.get_by_role("button", name="Send return").click()
    check_page(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("say what your agency holds")
    page.get_by_label("What you hold on the victim").fill("Three call-outs since March")
    page.get_by_role("button", name="Send return").click()
    check_page(page)
    expect(page.get_by_text("Research return sent for Borough Police")).to_be_visible()
    assert ResearchReturn.objects.get().victim == "Three call-outs since March"
