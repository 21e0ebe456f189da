"""A school's key adult reads the police notification about a pupil and acknowledges it; the
front door sees who knows what, and decides not to tell a school, signed off by a manager."""

import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.people.models import Person
from frontdoor.sharing.models import Notification
from frontdoor.sharing.services import not_sharing_record
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
    expect(card).to_contain_text("Poppy Whitfield: Operation Encompass: the school")
    expect(card).to_contain_text("Police attended a domestic abuse incident")
    expect(card).not_to_contain_text("Katherine")
    expect(card.get_by_text("Overdue")).to_be_visible()
    check_page(page)

    card.get_by_role("button", name=re.compile("^Acknowledge")).click()
    expect(
        page.get_by_text("Acknowledged: Operation Encompass: the school, about Poppy Whitfield")
    ).to_be_visible()
    expect(card.get_by_text("Acknowledged", exact=True)).to_be_visible()
    expect(card.get_by_role("button", name=re.compile("^Acknowledge"))).to_have_count(0)
    check_page(page)
    assert Notification.objects.get(duty="ENCOMPASS_SCHOOL").status == "acknowledged"

    page.goto(f"/people/{Person.objects.get(given_name='Poppy').pk}/")
    told = page.locator("#who-knows-what ~ .govuk-summary-card")
    expect(told.first).to_contain_text("Hope Primary: Operation Encompass: the school")
    expect(told.first).to_contain_text("acknowledged")
    check_page(page)


AT_RISK = "Telling the school would put the child at risk: the father works there"


def test_the_front_door_decides_not_to_tell_the_school(page: Page, agencies, no_sign_off) -> None:
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00"))
    StaffFactory(user__username="fd.worker", agency=agencies["csc"], front_door=True)
    sign_in(page, "fd.worker")

    page.goto(f"/people/{Person.objects.get(given_name='Poppy').pk}/")
    page.get_by_role(
        "link", name=re.compile("^Withdraw it: decide not to tell Hope Primary")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide not to tell Hope Primary")
    check_page(page)

    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the agency must not be told"
    )
    check_page(page)

    page.get_by_label("Why must the agency not be told?").fill(AT_RISK)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Decided not to tell Hope Primary")).to_be_visible()
    card = page.locator(
        ".govuk-summary-card", has_text="Hope Primary: Operation Encompass: the school"
    )
    expect(card).to_contain_text(f"Not sent: {AT_RISK}.")
    expect(card.get_by_text("Not sent", exact=True)).to_be_visible()
    check_page(page)
    assert Notification.objects.get(duty="ENCOMPASS_SCHOOL").status == "withheld"


def test_a_manager_signs_off_a_decision_not_to_share(page: Page, agencies) -> None:
    send(about("csc", "contact", "2025-01-02", child("csc", school_urn="105899")))
    send(incident("2025-03-07T21:00:00"))
    worker = StaffFactory(user__username="fd.worker", agency=agencies["csc"], front_door=True)
    StaffFactory(
        user__username="fd.manager", agency=agencies["csc"], front_door=True, role=Role.MANAGER
    )
    decision = not_sharing_record(
        notification=Notification.objects.get(duty="ENCOMPASS_SCHOOL"),
        user=worker.user,
        reason=AT_RISK,
    )
    sign_in(page, "fd.manager")

    page.goto(f"/people/{Person.objects.get(given_name='Poppy').pk}/")
    page.get_by_role("link", name=re.compile("^Awaiting a manager's sign-off")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign off a decision not to tell Hope Primary"
    )
    check_page(page)
    page.get_by_label("Yes, sign it off").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Signed off: the notification is withheld")).to_be_visible()
    check_page(page)
    decision.refresh_from_db()
    assert decision.sign_off == "agreed"
    assert Notification.objects.get(duty="ENCOMPASS_SCHOOL").status == "withheld"
