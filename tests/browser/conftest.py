"""Browser tests: headless Chromium, driven by Playwright's sync API, against the live server.

One browser for the session; a fresh context (cookies, storage, downloads) for every test.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from .pages import AXE, watch

# Playwright's sync API starts an asyncio event loop in the main thread (on a greenlet) and leaves
# it marked as running there until the session ends. Django's ORM then takes every query the test
# itself makes (fixtures, factories, assertions) for one made from async code, and raises
# SynchronousOnlyOperation. It is a false alarm: the test's code is synchronous, and the loop only
# runs while a Playwright call waits, never alongside a query; the live server answers the
# browser from its own thread. Set on import, not in a fixture, because the loop outlives the
# browser tests: a test that runs after them in the same session would raise the same error.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The tests use the system's Chromium; Playwright must never fetch a browser of its own.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run scripts/install-system-packages.sh browser")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    """A page in a fresh context; relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(path=str(AXE))
    page = watch(context.new_page())
    yield page
    context.close()
