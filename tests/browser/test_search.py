"""The front door finds a child with a misspelt name and reads every agency's chronology."""

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.people.models import Person
from tests.factories import StaffFactory, raw, whitfield_incident

from .pages import check_page, focused, sign_in

pytestmark = pytest.mark.browser

# What each agency recorded of the child: (agency code, agency name, child's flags, their words).
EVENTS: list[tuple[str, str, dict[str, Any], str]] = [
    ("police", "Borough Police", {"seen": True, "spoken_to": False}, "Mum cries"),
    ("gp-f84001", "Elm Practice", {"seen": False}, "Daddy shouts at night"),
    ("school-105899", "Hope Primary", {"seen": True, "spoken_to": True}, "I hide in my room"),
]


def load_family() -> Person:
    """Katherine and her daughter Poppy, known to three agencies, each event a few days apart."""
    texts = [
        raw(
            whitfield_incident(
                source=source,
                number=n,
                occurred_at=(datetime(2026, 1, 5, 10) + timedelta(days=3 * n)).isoformat(),
                voice=voice,
                **flags,
            )
        )
        for n, (source, _, flags, voice) in enumerate(EVENTS)
    ]
    outcomes = messages_receive(texts, channel=Channel.FILE)
    assert {o.status for o in outcomes} == {"accepted"}, [o.errors for o in outcomes]
    return Person.objects.get(given_name="Poppy")


def yes_no(flags: dict[str, Any], name: str) -> str:
    return {True: "yes", False: "no", None: "not recorded"}[flags.get(name)]


def test_the_front_door_finds_a_child_and_reads_the_chronology(page: Page, agencies) -> None:
    poppy = load_family()
    StaffFactory(user__username="fd.search", agency=agencies["csc"], front_door=True)
    sign_in(page, "fd.search")

    page.get_by_role("link", name="Search for a person").click()
    expect(page).to_have_url(re.compile(r"/people/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search people")
    check_page(page)

    # An NHS number that is not one: the error summary, whose link takes the focus to the field.
    page.get_by_label("NHS number").fill("943 476")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile(r"^Error: Search people"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_nhs_number-error")).to_contain_text("must be 10 digits")
    check_page(page)
    summary.get_by_role("link", name=re.compile("NHS number must be 10 digits")).click()
    assert focused(page)["id"] == "id_nhs_number"

    page.get_by_label("NHS number").fill("")
    page.get_by_label("Name", exact=True).fill("Popy Whitfeild")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("table", name="People matching your search")
    expect(results).to_be_visible()
    row = results.get_by_role("row").filter(has=page.get_by_role("link", name="Poppy Whitfield"))
    expect(row).to_contain_text("9 September 2019")
    expect(row).to_contain_text("9434765919")
    check_page(page)

    row.get_by_role("link", name="Poppy Whitfield").click()
    expect(page).to_have_url(re.compile(rf"/people/{poppy.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Poppy Whitfield")
    chronology = page.get_by_role("table", name="Every agency's events, oldest first")
    rows = chronology.locator("tbody tr")
    expect(rows).to_have_count(len(EVENTS))
    for n, (_, agency, flags, voice) in enumerate(EVENTS):
        cells = rows.nth(n).get_by_role("cell")
        expect(cells.nth(1)).to_have_text(agency)
        expect(cells.nth(3)).to_have_text("Child")
        child = cells.nth(4)
        expect(child).to_contain_text("Present: yes")
        expect(child).to_contain_text(f"Seen: {yes_no(flags, 'seen')}")
        expect(child).to_contain_text(f"Spoken to: {yes_no(flags, 'spoken_to')}")
        expect(child.locator("blockquote")).to_have_text(f"“{voice}”")
    expect(page.get_by_role("table", name="Relationships")).to_contain_text("Katherine Whitfield")
    check_page(page)
