"""Signing in and out in a real browser; the stylesheet and scripts load; the skip link is first."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from frontdoor.access.two_factor import recovery_codes_issue
from tests.factories import StaffFactory

from .pages import PASSWORD, authenticator_code, check_page, focused

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
    # The password alone is not enough: the code comes next, and nothing else is reachable.
    expect(page).to_have_url(re.compile(r"/two-factor/\?next=/$"))
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    check_page(page)
    page.goto("/people/")
    expect(page).to_have_url(re.compile(r"/two-factor/\?next=/people/$"))
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Enter the code"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    check_page(page)
    time.sleep(1)  # django-otp makes a second try after a wrong code wait a second
    page.get_by_label("Code from your authenticator app").fill(authenticator_code(staff.username))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    page.goto("/")
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


def test_too_many_wrong_passwords_show_the_locked_out_page(page: Page, staff) -> None:
    page.goto("/sign-in/")
    for attempt in range(1, 6):
        page.get_by_label("Username").fill(staff.username)
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        if attempt < 5:
            expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page).to_have_title(re.compile(r"^Your account is locked"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    expect(page.get_by_text("try again in 30 minutes")).to_be_visible()
    check_page(page)


def test_a_new_user_sets_up_an_authenticator_app_once(page: Page, agencies) -> None:
    new = StaffFactory(user__username="browser.new", agency=agencies["school"]).user
    TOTPDevice.objects.filter(user=new).delete()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(new.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/two-factor/set-up/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("(img) => img.naturalWidth") > 100
    check_page(page)

    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#secret").inner_text()
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time()
    page.get_by_label("Code from your authenticator app").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep your recovery codes")
    expect(page.get_by_text("Your authenticator app is set up")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_page(page)
    page.get_by_role("button", name="I have kept my codes").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
    check_page(page)
    # The secret is shown once: the set-up page now only asks for a code.
    page.goto("/two-factor/set-up/")
    expect(page).to_have_url(re.compile(r"/$"))


def test_without_the_phone_a_recovery_code_signs_in(page: Page, staff) -> None:
    code = recovery_codes_issue(staff)[0]
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="use a recovery code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a recovery code")
    check_page(page)
    page.get_by_label("Recovery code").fill("abcd-efgh")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not one of your recovery codes")
    check_page(page)
    StaticDevice.objects.get(user=staff).throttle_reset()  # a wrong code makes the next wait
    page.get_by_label("Recovery code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You have 9 recovery codes left")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_be_visible()
