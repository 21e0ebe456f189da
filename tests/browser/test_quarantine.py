"""A data manager corrects a rejected message in the browser and it goes through intake."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.intake.models import Channel, InboxMessage, Status
from frontdoor.intake.services import messages_receive
from tests.factories import StaffFactory, message, raw, subject

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser

REASON = "subjects[0].date_of_birth: not a date: '31/02/2016'"


@pytest.fixture
def rejected(agencies) -> InboxMessage:
    bad = message(message_id="bad-1", subjects=[subject(date_of_birth="31/02/2016")])
    (outcome,) = messages_receive([raw(bad)], channel=Channel.FILE)
    assert outcome.status == "rejected"
    return InboxMessage.objects.get()


@pytest.fixture
def data_manager(agencies) -> str:
    StaffFactory(
        user__username="fd.data.browser",
        agency=agencies["csc"],
        front_door=True,
        role=Role.DATA_MANAGER,
    )
    return "fd.data.browser"


def test_a_data_manager_corrects_a_message_in_quarantine(
    page: Page, data_manager: str, rejected: InboxMessage
) -> None:
    sign_in(page, data_manager)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Quarantine").click()
    expect(page).to_have_url(re.compile(r"/quarantine/$"))
    table = page.get_by_role("table", name="Rejected messages, oldest first")
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name="bad-1"))
    expect(row).to_contain_text("police")
    reasons = row.get_by_role("listitem")
    expect(reasons).to_have_count(1)
    expect(reasons).to_contain_text(REASON)
    check_page(page)

    row.get_by_role("link", name="bad-1").click()
    expect(page).to_have_url(re.compile(rf"/quarantine/{rejected.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct message bad-1")
    expect(page.locator(".govuk-summary-list")).to_contain_text(REASON)
    check_page(page)

    # Not JSON: the form says so, and the message stays in quarantine.
    editor = page.get_by_label("Corrected message (JSON)")
    original = editor.input_value()
    editor.fill(original.rstrip().removesuffix("}"))
    page.get_by_role("button", name="Send the correction").click()
    expect(page).to_have_title(re.compile(r"^Error: Correct message bad-1"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The message is not valid JSON")
    expect(editor).to_have_accessible_description(re.compile("The message is not valid JSON"))
    check_page(page)
    assert InboxMessage.objects.count() == 1

    fixed = json.loads(original)
    assert fixed["subjects"][0]["date_of_birth"] == "31/02/2016"
    fixed["subjects"][0]["date_of_birth"] = "2016-02-28"
    editor.fill(json.dumps(fixed, indent=2))
    page.get_by_role("button", name="Send the correction").click()
    expect(page).to_have_url(re.compile(r"/quarantine/$"))
    expect(page.get_by_role("alert")).to_contain_text("Message police/bad-1 was accepted.")
    expect(page.get_by_text("There are no messages in quarantine.")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    check_page(page)

    rejected.refresh_from_db()
    assert rejected.status == Status.SUPERSEDED
    correction = InboxMessage.objects.get(revision=2)
    assert correction.status == Status.PROCESSED
    assert json.loads(correction.raw)["subjects"][0]["date_of_birth"] == "2016-02-28"
