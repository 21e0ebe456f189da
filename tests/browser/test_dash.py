"""A police officer completes a DASH for a victim from her page: the errors, judgement and its
reason, the result and the chronology."""

import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.people.models import Person
from tests.factories import StaffFactory, message, raw, subject

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser

HIGH_BY_COUNT = range(1, 15)


@pytest.fixture
def officer(agencies) -> str:
    StaffFactory(user__username="police.browser", agency=agencies["police"])
    return "police.browser"


@pytest.fixture
def katherine(agencies) -> Person:
    victim = subject(
        source_person_id="P-KW", given_name="Katherine", family_name="Whitfield", sex="F"
    )
    messages_receive([raw(message(subjects=[victim]))], channel=Channel.FILE)
    return Person.objects.get(given_name="Katherine")


def answer(page: Page, number: int, choice: str) -> None:
    question = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
    question.get_by_label(choice, exact=True).check()


def test_an_officer_completes_a_dash_for_a_victim(
    page: Page, officer: str, katherine: Person
) -> None:
    sign_in(page, officer)
    page.goto(f"/people/{katherine.pk}/")
    page.get_by_role("link", name="Complete a DASH risk checklist for Katherine Whitfield").click()
    expect(page).to_have_url(re.compile(rf"/dash/people/{katherine.pk}/$"))
    check_page(page)

    # Every question but the last, and judgement used without its reason.
    for number in range(1, 27):
        answer(page, number, "Yes" if number in HIGH_BY_COUNT else "No")
    page.get_by_label("In the victim's words (question 3)").fill("That he will find us")
    reason = page.get_by_label("Why does your professional judgement raise the level")
    page.get_by_label("Yes, raise the level to high risk").check()
    page.get_by_role("button", name="Send the checklist").click()

    expect(page).to_have_title(re.compile(r"^Error: DASH risk checklist"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Question 27: select yes, no or not known",
            "Give the reason your professional judgement raises the level",
        ]
    )
    expect(page.get_by_role("group", name=re.compile(r"^27\. "))).to_have_accessible_description(
        re.compile("Question 27: select yes, no or not known")
    )
    expect(page.get_by_label("In the victim's words (question 3)")).to_have_value(
        "That he will find us"
    )
    expect(reason).to_have_accessible_description(re.compile("Give the reason"))
    check_page(page)
    summary.get_by_role("link").nth(0).click()
    expect(
        page.get_by_role("group", name=re.compile(r"^27\. ")).get_by_label("Yes")
    ).to_be_focused()

    answer(page, 27, "Not known")
    reason.fill("She fears for her children since the separation")
    page.get_by_role("button", name="Send the checklist").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("High risk")
    expect(page.get_by_role("alert")).to_contain_text("DASH risk checklist sent")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "meets the MARAC referral threshold"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("14 of 27")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "She fears for her children since the separation"
    )
    check_page(page)

    page.get_by_role("link", name="Katherine Whitfield's chronology").click()
    expect(page.get_by_role("table", name="Every agency's events, oldest first")).to_contain_text(
        "DASH risk assessment: 14 of 27 answered yes: high risk; meets the MARAC referral threshold"
    )
    check_page(page)
