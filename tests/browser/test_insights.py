"""A manager reads the insights: the measures with their charts, a table, one agency, the CSV."""

import pytest
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from tests.factories import StaffFactory, message, raw, subject

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(agencies) -> None:
    StaffFactory(user__username="fd.leader", agency=agencies["csc"], role=Role.MANAGER)
    child = subject("c", "child", present=True, seen=True, date_of_birth="2019-01-02")
    messages_receive([raw(message(subjects=[subject(), child]))], channel=Channel.FILE)


def test_a_manager_reads_the_insights(page: Page, manager: None) -> None:
    sign_in(page, "fd.leader")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Insights").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")
    expect(page.get_by_role("img", name="Seen, by month (per cent)")).to_be_visible()
    page.get_by_text("Table: children seen, seen alone and heard, by agency").click()
    table = page.get_by_role("table", name="Children seen, seen alone and heard, by agency")
    expect(table).to_contain_text("Borough Police")
    expect(table).to_contain_text("fewer than 5")
    check_page(page)

    page.get_by_label("Agency").select_option(label="Probation")
    page.get_by_role("button", name="Show").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights: Probation")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every figure as CSV").click()
    assert download.value.suggested_filename.endswith("-probation.csv")
