"""A school makes a referral: the form's errors, the confirmation, the receipt and the list."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from frontdoor.triage.models import Referral
from tests.factories import StaffFactory

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def school_dsl(agencies) -> str:
    StaffFactory(user__username="school.browser", agency=agencies["school"])
    return "school.browser"


def date_group(page: Page) -> Locator:
    return page.get_by_role("group", name="Child's date of birth")


def fill_in_the_referral(page: Page, *, given_name: str, date_of_birth: tuple[str, str, str]):
    page.get_by_label("Child's given name").fill(given_name)
    page.get_by_label("Child's surname").fill("Whitfield")
    date = date_group(page)
    for box, value in zip(("Day", "Month", "Year"), date_of_birth, strict=True):
        date.get_by_label(box).fill(value)
    page.get_by_label("Address line 1").fill("1 Elm Road")
    page.get_by_label("Town").fill("Synthtown")
    page.get_by_label("Postcode").fill("ZZ1 1AA")
    page.get_by_label("Parent or carer's given name").fill("Katherine")
    page.get_by_label("Parent or carer's surname").fill("Whitfield")
    page.get_by_label("The victim of abuse").check()
    page.get_by_label("Domestic abuse", exact=True).check()
    page.get_by_label("What has happened, and why are you referring now?").fill(
        "Poppy told her teacher that daddy hurt mummy last night."
    )
    page.get_by_role("group", name="Is the child at immediate risk of harm?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Your phone number").fill("020 7946 0001")


def test_a_school_makes_a_referral_and_keeps_the_receipt(page: Page, school_dsl: str) -> None:
    sign_in(page, school_dsl)
    page.get_by_role("link", name="Make a referral to the front door").click()
    expect(page).to_have_url(re.compile(r"/referrals/new/$"))
    check_page(page)

    # No given name, and a date that does not exist.
    fill_in_the_referral(page, given_name="", date_of_birth=("31", "2", "2019"))
    page.get_by_role("button", name="Send referral").click()
    expect(page).to_have_title(re.compile(r"^Error: Make a referral"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Enter the child's given name",
            "Child's date of birth must be a real date: '31 2 2019' is not one",
        ]
    )
    expect(page.locator("#id_child_given_name-error")).to_contain_text(
        "Enter the child's given name"
    )
    expect(page.locator("#id_child_date_of_birth-error")).to_contain_text("must be a real date")
    expect(page.get_by_label("Your phone number")).to_have_value("020 7946 0001")
    expect(date_group(page)).to_have_accessible_description(re.compile("must be a real date"))
    check_page(page)
    links.nth(0).click()
    expect(page.get_by_label("Child's given name")).to_be_focused()
    assert not Referral.objects.exists()

    fill_in_the_referral(page, given_name="Poppy", date_of_birth=("9", "9", "2019"))
    page.get_by_role("button", name="Send referral").click()
    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1)).to_have_text("Referral received")
    referral = Referral.objects.get()
    expect(panel.locator(".govuk-panel__body")).to_contain_text("Your reference")
    expect(panel.locator(".govuk-panel__body strong")).to_have_text(referral.reference)
    expect(page).to_have_url(re.compile(rf"/referrals/{referral.reference}/$"))
    expect(page.get_by_role("alert")).to_contain_text(
        f"Referral sent: your reference is {referral.reference}"
    )
    check_page(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your receipt (PDF)").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"referral-{referral.reference}.pdf"
    with open(download.path(), "rb") as receipt:
        assert receipt.read(5) == b"%PDF-"

    page.get_by_role("link", name="Your referrals").click()
    expect(page).to_have_url(re.compile(r"/referrals/$"))
    table = page.get_by_role("table", name="Referrals you have made")
    row = table.get_by_role("row").filter(has_text=referral.reference)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Received: awaiting a front-door decision")
    expect(row.get_by_role("link", name=f"PDF receipt for {referral.reference}")).to_be_visible()
    check_page(page)


def first_checkbox(page: Page) -> Locator:
    return page.get_by_label("Domestic abuse", exact=True)


def day(page: Page) -> Locator:
    return date_group(page).get_by_label("Day")


@pytest.mark.parametrize(
    ("mistake", "error", "field"),
    [
        pytest.param(
            lambda page: page.get_by_label("Child's given name").fill(""),
            "Enter the child's given name",
            lambda page: page.get_by_label("Child's given name"),
            id="missing text",
        ),
        pytest.param(
            lambda page: day(page).fill("31"),
            "Child's date of birth must be a real date: '31 2 2019' is not one",
            day,
            id="impossible date",
        ),
        pytest.param(
            lambda page: first_checkbox(page).uncheck(),
            "Select what you are worried about",
            first_checkbox,
            id="no concern ticked",
        ),
        pytest.param(
            lambda page: page.get_by_label("Your phone number").fill("abc"),
            "Your phone number must be a UK phone number, like 020 7946 0000, or start with + "
            "and the country's code: 'abc' is not one",
            lambda page: page.get_by_label("Your phone number"),
            id="not a phone number",
        ),
    ],
)
def test_each_error_summary_link_moves_the_focus_to_its_field(
    page: Page, school_dsl: str, mistake, error: str, field
) -> None:
    sign_in(page, school_dsl)
    page.goto("/referrals/new/")
    fill_in_the_referral(page, given_name="Poppy", date_of_birth=("28", "2", "2019"))
    mistake(page)
    page.get_by_role("button", name="Send referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text([error])
    check_page(page)
    summary.get_by_role("link", name=error).click()
    # GOV.UK Frontend moves the focus synchronously on the click, so there is nothing to wait for.
    assert field(page).evaluate("(e) => e === document.activeElement"), (
        f"the link to {error!r} did not move the focus to its field"
    )
