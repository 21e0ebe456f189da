"""A front-door manager sees who has looked at a child; the data protection lead reviews
unusual access, with errors in the period named."""

import re
from datetime import datetime

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from tests.audit.conftest import read_at
from tests.factories import StaffFactory

from .pages import check_page, sign_in
from .test_search import load_family

pytestmark = pytest.mark.browser


def test_a_manager_sees_who_has_looked_at_a_child(page: Page, agencies) -> None:
    poppy = load_family()
    school = StaffFactory(user__username="school.curious", agency=agencies["school"]).user
    read_at(datetime(2026, 11, 2, 10), school, [poppy.pk], route="denied")
    StaffFactory(
        user__username="fd.boss", agency=agencies["csc"], front_door=True, role=Role.MANAGER
    )
    sign_in(page, "fd.boss")
    page.goto(f"/people/{poppy.pk}/")
    page.get_by_role("link", name="Who has looked at Poppy's record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has looked at Poppy Whitfield")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Hope Primary")
    expect(table).to_contain_text("Refused")
    expect(table).to_contain_text("access history")
    check_page(page)


def test_the_data_protection_lead_reviews_unusual_access(page: Page, agencies) -> None:
    reader = StaffFactory(user__username="fd.late", agency=agencies["csc"], front_door=True).user
    read_at(datetime(2026, 11, 3, 23, 15), reader, [1, 2])
    read_at(datetime(2026, 11, 4, 11), reader, [3], route="break_glass")
    lead = StaffFactory(user__username="dpo.lead", agency=agencies["csc"]).user
    lead.user_permissions.add(Permission.objects.get(codename="review_access"))
    sign_in(page, "dpo.lead")
    page.get_by_role("link", name="Unusual access").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Unusual access")
    check_page(page)

    since = page.get_by_role("group", name="From")
    since.get_by_label("Day").fill("9")
    since.get_by_label("Month").fill("11")
    since.get_by_label("Year").fill("2026")
    until = page.get_by_role("group", name="To (inclusive)")
    until.get_by_label("Day").fill("2")
    until.get_by_label("Month").fill("11")
    until.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_title(re.compile(r"^Error: Unusual access"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("To must be on or after From")
    check_page(page)

    since.get_by_label("Day").fill("2")
    until.get_by_label("Day").fill("9")
    page.get_by_role("button", name="Show").click()
    expect(
        page.get_by_role("table", name="Reads outside working hours, by user and day")
    ).to_contain_text("fd.late")
    glass = page.get_by_role("table", name="Reads by break glass")
    expect(glass).to_contain_text("Person 3")
    check_page(page)
    glass.get_by_role("link", name=re.compile("Person 3")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who has looked at this record")
    check_page(page)
