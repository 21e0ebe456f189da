"""Signing in and out in a real browser; the stylesheet and scripts load; the skip link is first."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import StaffFactory

from .pages import PASSWORD, check_page, focused

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(agencies):
    return StaffFactory(user__username="browser.fd", agency=agencies["csc"], front_door=True).user


def test_sign_in_refuses_a_wrong_password_then_signs_in_and_out(page: Page, staff) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    check_page(page)

    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(summary).to_be_focused()  # GOV.UK Frontend's error summary took the focus
    expect(page.get_by_label("Username")).to_have_value(staff.username)
    expect(page.get_by_label("Password")).to_have_value("")
    check_page(page)

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Frontdoor")
    expect(page.get_by_text("working in the front door")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    check_page(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    check_page(page)
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/people/$"))


def test_the_stylesheet_and_scripts_are_served_and_applied(page: Page) -> None:
    page.goto("/sign-in/")
    button = page.get_by_role("button", name="Sign in")
    style = button.evaluate(
        """(e) => {
            const s = getComputedStyle(e);
            return {background: s.backgroundColor, colour: s.color, font: s.fontFamily,
                    shadow: s.boxShadow};
        }"""
    )
    # A browser's own button is light grey with black text, and no shadow.
    assert style["background"] not in ("rgb(239, 239, 239)", "rgb(240, 240, 240)", "")
    assert style["colour"] == "rgb(255, 255, 255)"
    assert style["shadow"] != "none"
    assert "arial" in style["font"].lower()
    body_classes = page.locator("body").get_attribute("class") or ""
    assert "js-enabled" in body_classes
    assert "govuk-frontend-supported" in body_classes
    check_page(page)


def test_tab_from_page_load_reaches_the_skip_link_first(page: Page) -> None:
    page.goto("/sign-in/")
    check_page(page)
    page.keyboard.press("Tab")
    assert focused(page) == {"tag": "a", "id": "", "text": "Skip to main content"}
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_visible()  # visually hidden until it has the focus
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_username"
