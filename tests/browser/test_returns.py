"""A front-door manager downloads the children in need census extract."""

from xml.etree.ElementTree import fromstring

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from tests.factories import StaffFactory, message, subject
from tests.risk.family import send

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def referred(agencies) -> int:
    """A school referred a child today; the census year is the one that holds today."""
    StaffFactory(
        user__username="fd.manager.returns",
        agency=agencies["csc"],
        front_door=True,
        role=Role.MANAGER,
    )
    today = timezone.localdate()
    send(
        message(
            source="school-105899",
            kind="referral",
            occurred_at=today.isoformat(),
            subjects=[subject("c", "child", date_of_birth="2019-09-09", sex="F")],
            facts={"reason": "Bruises", "concerns": ["domestic_abuse"]},
        )
    )
    return today.year + 1 if today.month >= 4 else today.year


def test_a_manager_downloads_the_census_extract(page: Page, referred: int) -> None:
    sign_in(page, "fd.manager.returns")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Census extract").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Children in need census extract")
    page.get_by_role("button", name="Download the extract").click()
    check_page(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the census year")
    page.get_by_label("Census year").fill(str(referred))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the extract").click()
    download = info.value
    assert download.suggested_filename == f"cin-census-{referred}.xml"
    with open(download.path(), "rb") as extract:
        census = fromstring(extract.read())  # noqa: S314  # the hub's own output
    assert census.findtext("Children/Child/CINdetails/ReferralSource") == "2A"
    assert census.findtext("Children/Child/CINdetails/ReferralNFA") == "false"
