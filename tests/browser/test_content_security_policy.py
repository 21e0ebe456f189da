"""Pages run under a strict Content Security Policy and break none of it.

Every browser test's check_page fails on a console error, and the browser reports each refused
script, style or asset as one; so every page the browser tests visit is checked, and this test
shows that a violation would be caught.
"""

import pytest
from playwright.sync_api import Page

from tests.factories import StaffFactory

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(agencies):
    return StaffFactory(user__username="csp.fd", agency=agencies["csc"], front_door=True).user


def test_pages_send_a_strict_policy_and_load_without_violations(page: Page, staff) -> None:
    response = page.goto("/sign-in/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    check_page(page)
    sign_in(page, staff.username)
    for path in ("/", "/people/", "/referrals/new/", "/referrals/queue/", "/alerts/"):
        page.goto(path)
        check_page(page)


def test_an_inline_script_or_style_is_refused_and_reported(page: Page) -> None:
    page.goto("/sign-in/")
    check_page(page)
    ran = page.evaluate(
        """() => {
            window.injected = false;
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
            document.querySelector("h1").setAttribute("style", "color: red");
            return window.injected;
        }"""
    )
    assert ran is False
    with pytest.raises(AssertionError, match="Content Security Policy"):
        check_page(page)
