"""A front-door manager changes a rule's threshold from a later day: the page refuses a value out
of range naming it, then schedules the new one and shows it in the threshold's history."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.risk.models import RuleSetting
from tests.factories import StaffFactory

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


def test_a_manager_schedules_a_new_threshold(page: Page, agencies) -> None:
    StaffFactory(
        user__username="fd.manager.rules",
        agency=agencies["csc"],
        front_door=True,
        role=Role.MANAGER,
    )
    sign_in(page, "fd.manager.rules")
    page.get_by_role("link", name=re.compile("^Rule thresholds")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rule thresholds")
    table = page.get_by_role("table", name="Thresholds of Three incidents in 12 months")
    expect(table).to_contain_text("Incidents within the window that are an escalation")
    check_page(page)

    table.get_by_role("link", name="escalation.incidents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("escalation.incidents")
    expect(page.get_by_label("Value")).to_have_value("3")
    check_page(page)

    page.get_by_label("Value").fill("12")
    page.get_by_role("button", name="Set the value").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Value: 12 is not between 2 and 10"
    )
    check_page(page)

    later = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Value").fill("4")
    page.get_by_label("Day").fill(str(later.day))
    page.get_by_label("Month").fill(str(later.month))
    page.get_by_label("Year").fill(str(later.year))
    page.get_by_label("Reason").fill("Partnership board, November")
    page.get_by_role("button", name="Set the value").click()
    expect(page.get_by_text(f"escalation.incidents is 4 from {later:%-d %B %Y}")).to_be_visible()
    history = page.get_by_role("table", name="Every value of escalation.incidents, oldest first")
    expect(history).to_contain_text("Partnership board, November")
    expect(history).to_contain_text("Scheduled")
    check_page(page)
    assert RuleSetting.objects.get().value == 4

    page.get_by_role("link", name="Rule thresholds").first.click()
    expect(
        page.get_by_role("table", name="Thresholds of Three incidents in 12 months")
    ).to_contain_text(f"4 from {later:%-d %B %Y}")
