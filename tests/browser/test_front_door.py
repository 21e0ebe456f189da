"""A probation officer's referral through the front door in the browser: the queue, agency
checks, a health answer, the decision and a manager's sign-off, and the referrer's feedback."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.triage.models import Referral
from tests.factories import StaffFactory

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(agencies) -> None:
    StaffFactory(
        user__username="probation.browser",
        user__email="probation.browser@example.org",
        agency=agencies["probation"],
    )
    StaffFactory(user__username="fd.browser", agency=agencies["csc"], front_door=True)
    StaffFactory(
        user__username="fd.manager.browser",
        agency=agencies["csc"],
        front_door=True,
        role=Role.MANAGER,
    )
    StaffFactory(user__username="gp.browser", agency=agencies["gp"])


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name).click()
    check_page(page)


def refer(page: Page) -> str:
    """The probation officer refers Poppy, whose mother's ex-partner is on licence."""
    sign_in(page, "probation.browser")
    page.goto("/referrals/new/")
    page.get_by_label("Child's given name").fill("Poppy")
    page.get_by_label("Child's surname").fill("Whitfield")
    born = page.get_by_role("group", name="Child's date of birth")
    for box, value in zip(("Day", "Month", "Year"), ("9", "9", "2019"), strict=True):
        born.get_by_label(box).fill(value)
    page.get_by_label("Parent or carer's given name").fill("Katherine")
    page.get_by_label("Parent or carer's surname").fill("Whitfield")
    page.get_by_label("The victim of abuse").check()
    page.get_by_label("Domestic abuse", exact=True).check()
    page.get_by_label("What has happened, and why are you referring now?").fill(
        "The man I supervise on licence says he is living with Katherine and Poppy again."
    )
    page.get_by_label("Your phone number").fill("020 7946 0002")
    page.get_by_role("button", name="Send referral").click()
    check_page(page)
    return Referral.objects.get().reference


def sign_out(page: Page) -> None:
    """Sign out and let the next page finish loading, favicon and all, before moving on."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/"))
    page.wait_for_load_state("networkidle")
    check_page(page)


def test_a_probation_referral_through_checks_decision_and_sign_off(page: Page, staff) -> None:
    reference = refer(page)
    sign_out(page)

    # The front door sees it on its queue and asks the police and the GP.
    sign_in(page, "fd.browser")
    menu(page, "Front door queue")
    queue = page.get_by_role("table", name="Open work at the front door")
    row = queue.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Probation")
    expect(row).to_contain_text("left")
    row.get_by_role("link", name="Poppy Whitfield").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Poppy Whitfield")
    check_page(page)
    page.get_by_role("link", name="Ask agencies").click()
    check_page(page)
    page.get_by_label("Borough Police (Police)").check()
    page.get_by_role("button", name="Ask").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("ask a health agency")
    check_page(page)
    page.get_by_label("Elm Practice (GP practice)").check()
    page.get_by_role("button", name="Ask").click()
    expect(page.get_by_role("alert")).to_contain_text("Asked Elm Practice, Borough Police")
    check_page(page)
    sign_out(page)

    # The GP answers in the hub.
    sign_in(page, "gp.browser")
    menu(page, "Checks")
    page.get_by_role("link", name=re.compile("Poppy Whitfield")).click()
    check_page(page)
    page.get_by_role("group", name=re.compile("hold anything relevant")).get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_label("What do you hold?").fill("Poppy missed her last two immunisations.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Answer sent to the front door")
    check_page(page)
    sign_out(page)

    # The practitioner decides on it.
    sign_in(page, "fd.browser")
    page.goto(f"/referrals/{reference}/work/")
    expect(page.get_by_role("table", name="Agencies asked and their answers")).to_contain_text(
        "Poppy missed her last two immunisations."
    )
    check_page(page)
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Child in need assessment (section 17)").check()
    page.get_by_label("Why this decision?").fill("The man on licence is back in the home.")
    page.get_by_label("What information does it rest on?").fill("Probation; the GP's answer.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_contain_text("awaiting a manager's sign-off")
    check_page(page)
    sign_out(page)

    # The manager signs it off.
    sign_in(page, "fd.manager.browser")
    page.goto(f"/referrals/{reference}/work/")
    page.get_by_role("link", name=re.compile("^Sign off")).click()
    check_page(page)
    page.get_by_label("Yes, sign it off").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("the referrer has been told")
    check_page(page)
    sign_out(page)

    # The probation officer hears back, without the reasons or the GP's answer.
    sign_in(page, "probation.browser")
    menu(page, "My referrals")
    row = page.get_by_role("table", name="Referrals you have made").get_by_role("row")
    expect(row.filter(has_text=reference)).to_contain_text("Child in need assessment")
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The front door's decision")
    expect(page.locator("main")).not_to_contain_text("immunisations")
    check_page(page)
    (email,) = mail.outbox
    assert email.to == ["probation.browser@example.org"]
    assert "Child in need assessment (section 17)" in email.body
