"""What every browser test does with a page: check it loaded cleanly and is accessible; sign in."""

import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, Response

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct horse battery"


@dataclass
class Problems:
    """What went wrong in the browser since the last check, beyond what the page shows."""

    found: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("response", self._response)
        page.on(
            "requestfailed",
            lambda request: self.found.append(f"request failed: {request.failure} {request.url}"),
        )

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        # The browser logs a page's own 4xx too; that is for the page's test to judge (see below).
        own_status = message.page is not None and message.location.get("url") == message.page.url
        if own_status and message.text.startswith("Failed to load resource"):
            return
        self.found.append(f"console error: {message.text}")

    def _response(self, response: Response) -> None:
        # A page may answer 4xx on purpose (a 404 for another agency's record); its assets may not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.found.append(f"{response.status} for {response.url}")

    def take(self) -> list[str]:
        found, self.found = self.found, []
        return found


_problems: "weakref.WeakKeyDictionary[Page, Problems]" = weakref.WeakKeyDictionary()


def watch(page: Page) -> Page:
    """Start recording script errors and failed asset requests on the page."""
    _problems[page] = Problems()
    _problems[page].watch(page)
    return page


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in the page with the WCAG 2.0, 2.1 and 2.2 A and AA rules.

    axe-core is loaded by the browser context's init script (see conftest.py): a script tag added
    to the page would be inline script, which the Content Security Policy rightly refuses.
    """
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    return violations


def describe(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = "; ".join(
                line.strip() for line in (node["summary"] or "").splitlines() if line.strip()
            )
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def check_page(page: Page) -> None:
    """The page loaded without script errors or failed assets, and axe finds no violation."""
    page.wait_for_load_state("load")
    problems = _problems[page].take() if page in _problems else []
    assert not problems, f"Problems loading {page.url}:\n" + "\n".join(problems)
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)


def authenticator_code(username: str) -> str:
    """What the user's authenticator app shows now, as their phone would work it out.

    A code is accepted once: the step after the last one used is taken when a test signs the same
    user in twice within 30 seconds (django-otp accepts one step ahead).
    """
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real forms, password then code, checking each page on the way."""
    page.goto("/sign-in/")
    check_page(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/two-factor/" in url)
    check_page(page)
    page.get_by_label("Code from your authenticator app").fill(authenticator_code(username))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/two-factor/" not in url)
    check_page(page)


def focused(page: Page) -> dict[str, str]:
    """The element that has the keyboard focus: its tag, id and text."""
    return dict(
        page.evaluate(
            """() => {
                const e = document.activeElement;
                return {tag: e.tagName.toLowerCase(), id: e.id, text: e.textContent.trim()};
            }"""
        )
    )
