"""A data manager decides a possible match in the browser: the evidence, a reason, the link."""

import re

import pytest
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.models import LinkReview, ReviewStatus
from frontdoor.people.models import SourceRecord
from tests.factories import StaffFactory, message, raw, subject

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser

AMY = {"given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-02"}


@pytest.fixture
def review(agencies) -> LinkReview:
    messages_receive(
        [
            raw(message(subjects=[subject(source_person_id="P1", nhs_number="9434765919", **AMY)])),
            raw(
                message(
                    source="gp-f84001",
                    subjects=[
                        subject(
                            source_person_id="G1",
                            nhs_number="9434765919",
                            given_name="A",
                            family_name="Smith",
                        )
                    ],
                )
            ),
        ],
        channel=Channel.FILE,
    )
    StaffFactory(
        user__username="fd.data.links",
        agency=agencies["csc"],
        front_door=True,
        role=Role.DATA_MANAGER,
    )
    return LinkReview.objects.get()


def test_a_data_manager_links_a_possible_match(page: Page, review: LinkReview) -> None:
    sign_in(page, "fd.data.links")
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Possible matches").click()
    expect(page).to_have_url(re.compile(r"/linkage/reviews/$"))
    table = page.get_by_role("table", name="Possible matches waiting for a decision, oldest first")
    expect(table).to_contain_text("Amy Stone")
    check_page(page)

    table.get_by_role("link", name=re.compile("A Smith")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is this the same person?")
    expect(page.locator(".govuk-summary-list").last).to_contain_text(
        "The same valid NHS number: strong evidence they are the same person"
    )
    check_page(page)

    # No reason: the form says what is missing and nothing changes.
    page.get_by_label("Yes: link the record to this person").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for the decision")
    check_page(page)

    page.get_by_label("Yes: link the record to this person").check()
    page.get_by_label("Reason").fill("Same NHS number; the GP confirms she changed her name.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page).to_have_url(re.compile(r"/linkage/reviews/$"))
    expect(page.get_by_role("alert")).to_contain_text("Linked")
    expect(page.get_by_text("There are no possible matches waiting")).to_be_visible()
    check_page(page)

    review.refresh_from_db()
    assert review.status == ReviewStatus.LINKED
    records = SourceRecord.objects.filter(source_person_id__in=["P1", "G1"])
    assert len({record.person_id for record in records}) == 1


def test_a_data_manager_links_a_record_to_a_person_by_number(
    page: Page, review: LinkReview
) -> None:
    amy = SourceRecord.objects.get(source_person_id="P1").person
    gp_person = SourceRecord.objects.get(source_person_id="G1").person
    sign_in(page, "fd.data.links")
    page.goto(f"/people/{gp_person.pk}/")
    page.get_by_text("Why this record is on this person").click()
    expect(page.get_by_text("A possible match: a new person until")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name=re.compile("Link to another person")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link this record to another person")
    page.get_by_label("The number of the person the record is of").fill("99999")
    page.get_by_label("Reason").fill("The GP confirms her name changed.")
    page.get_by_role("button", name="Link the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is no person 99999")
    check_page(page)

    page.get_by_label("The number of the person the record is of").fill(str(amy.pk))
    page.get_by_role("button", name="Link the record").click()
    expect(page.get_by_role("alert")).to_contain_text("Linked")
    expect(page.get_by_role("heading", level=1)).to_have_text("Amy Stone")
    check_page(page)
