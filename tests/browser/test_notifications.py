"""A school's key adult reads the police notification about a pupil and acknowledges it; the
front door sees who knows what."""

import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.people.models import Person
from frontdoor.sharing.models import Notification
from tests.factories import StaffFactory
from tests.risk.family import about, child, incident, send

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


def test_a_school_acknowledges_a_notification(page: Page, agencies) -> None:
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00", injury=True))
    StaffFactory(user__username="school.keyadult", agency=agencies["school"])
    sign_in(page, "school.keyadult")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Notifications").click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    card = page.locator(".govuk-summary-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Poppy Whitfield: ENCOMPASS_SCHOOL")
    expect(card).to_contain_text("Police attended a domestic abuse incident")
    expect(card).not_to_contain_text("Katherine")
    expect(card.get_by_text("Overdue")).to_be_visible()
    check_page(page)

    card.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(page.get_by_text("Acknowledged: ENCOMPASS_SCHOOL about Poppy Whitfield")).to_be_visible()
    expect(card.get_by_text("Acknowledged", exact=True)).to_be_visible()
    expect(card.get_by_role("button", name=re.compile("^Acknowledge"))).to_have_count(0)
    check_page(page)
    assert Notification.objects.get(duty="ENCOMPASS_SCHOOL").status == "acknowledged"

    page.goto(f"/people/{Person.objects.get(given_name='Poppy').pk}/")
    told = page.locator("#who-knows-what ~ .govuk-summary-card")
    expect(told.first).to_contain_text("Hope Primary: ENCOMPASS_SCHOOL")
    expect(told.first).to_contain_text("acknowledged")
    check_page(page)
