"""The front door works its alerts list: filters it, opens an alert, follows its evidence to the
chronology, and closes another only with a reason."""

import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.risk.models import Alert
from tests.factories import StaffFactory
from tests.risk.family import incident, send

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


def test_the_front_door_works_through_its_alerts(page: Page, agencies) -> None:
    send(
        incident("2025-01-05T21:00:00", child_fields={"present": True, "seen": False}),
        incident("2025-03-20T22:00:00"),
        incident("2025-05-01T23:00:00", strangulation=True),
    )
    StaffFactory(user__username="fd.alerts", agency=agencies["csc"], front_door=True)
    sign_in(page, "fd.alerts")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Alerts").click()
    expect(page).to_have_url(re.compile(r"/alerts/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alerts")
    table = page.get_by_role("table", name="Alerts, soonest deadline first")
    expect(table).to_contain_text("Three incidents in 12 months")
    check_page(page)

    page.get_by_label("Rule").select_option(label="Three incidents in 12 months")
    page.get_by_role("button", name="Filter").click()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)
    check_page(page)

    rows.first.get_by_role("link", name=re.compile("^Work on this alert")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three incidents in 12 months")
    check_page(page)
    page.get_by_label("Close without the action (an override: say why)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say what was done, or why the alert is closed"
    )
    check_page(page)
    page.get_by_label("Acknowledge: I am dealing with it").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The alert was updated.")).to_be_visible()
    assert Alert.objects.get(rule="ESCALATION_3_IN_12M").status == "acknowledged"

    page.get_by_role("link", name=re.compile(r"^1 May 2025: Domestic abuse")).click()
    expect(page).to_have_url(re.compile(r"/people/\d+/#event-\d+$"))
    alerts = page.get_by_role("table", name="Alerts about this person")
    expect(alerts).to_contain_text("Three incidents in 12 months")
    check_page(page)
