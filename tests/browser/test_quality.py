"""A front-door manager draws a week's dip sample and assigns it; a reviewer completes the audit
form for one incident; a case audit's finding is sent and acknowledged, and its action agreed and
marked done."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.quality.models import ActionStatus, AuditAction, DipReview, Dissemination
from frontdoor.quality.selectors import audit_child_from_review
from frontdoor.quality.services import audit_open, finding_record, sample_draw
from tests.factories import StaffFactory
from tests.quality.conftest import Family

from .pages import check_page, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def week(agencies: dict) -> None:
    StaffFactory(
        user__username="qa.lead", user__first_name="Quinn", user__last_name="Lead",
        agency=agencies["csc"], front_door=True, role=Role.MANAGER,
    )  # fmt: skip
    StaffFactory(
        user__username="qa.reviewer", user__first_name="Robin", user__last_name="Reviewer",
        agency=agencies["csc"], front_door=True,
    )  # fmt: skip
    for n in range(3):
        Family(n).incident("2026-03-04T20:00:00", station="Northgate")


def test_draw_assign_and_review(page: Page, week: None) -> None:
    sign_in(page, "qa.lead")
    page.get_by_role("link", name="Dip samples of standard-risk incidents").click()
    check_page(page)
    page.get_by_role("button", name="Draw the sample").click()
    check_page(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the week to draw")
    page.get_by_label("Week").fill("2026-W10")
    page.get_by_label("Seed (optional)").fill("2026")
    page.get_by_role("button", name="Draw the sample").click()
    check_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dip sample 2026-W10")
    page.get_by_label("Robin Reviewer").check()
    page.get_by_role("button", name="Assign in turn").click()
    check_page(page)
    expect(page.get_by_text("2 incidents assigned")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/sign-in/"))
    page.wait_for_load_state("networkidle")

    sign_in(page, "qa.reviewer")
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Dip-sample reviews"
    ).click()
    check_page(page)
    review = DipReview.objects.order_by("pk").first()
    assert review is not None
    page.get_by_role("link", name=review.message_id).click()
    check_page(page)
    expect(page.get_by_role("table", name="People in the incident")).to_be_visible()
    page.get_by_role("group", name="Was the risk right?").get_by_label("No").check()
    page.get_by_role("button", name="Complete the review").click()
    check_page(page)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select an answer to: Was the child seen and heard?")
    page.get_by_role("group", name="Was the risk right?").get_by_label("No").check()
    page.get_by_label("Notes: Was the risk right?").fill("Third call-out in a year")
    for question in (
        "Was the child seen and heard?",
        "Was history considered?",
        "Was information shared?",
    ):
        page.get_by_role("group", name=question).get_by_label("Yes").check()
    page.get_by_role("group", name="Result").get_by_label("Requires improvement").check()
    page.get_by_role("button", name="Complete the review").click()
    check_page(page)
    expect(page.get_by_text("Review completed")).to_be_visible()
    review.refresh_from_db()
    assert review.risk_right == "no"
    assert review.result == "requires_improvement"


def test_audit_a_child_send_a_finding_and_acknowledge_it(
    page: Page, week: None, school_user: object
) -> None:
    lead = User.objects.get(username="qa.lead")
    sample = sample_draw(week="2026-W10", seed=7, user=lead).sample
    review = sample.reviews.order_by("pk").first()
    assert review is not None
    sign_in(page, "qa.lead")
    page.goto(f"/quality/reviews/{review.pk}/")
    check_page(page)
    page.get_by_role("link", name="Start a case audit of").click()
    check_page(page)
    page.get_by_role("button", name="Start the audit").click()
    check_page(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the agencies taking part")
    page.get_by_label("Why this case, and what the audit looks at").fill("Was the school told?")
    page.get_by_label("Hope Primary").check()
    page.get_by_role("button", name="Start the audit").click()
    check_page(page)
    page.get_by_label("Finding").fill("The school was not told the next morning.")
    page.get_by_role("button", name="Record the finding").click()
    check_page(page)
    page.get_by_role("link", name="Send to practitioners and teams").click()
    check_page(page)
    page.get_by_role("group", name="Teams").get_by_label("Hope Primary").check()
    page.get_by_role("button", name="Send the finding").click()
    check_page(page)
    expect(page.get_by_text("Finding sent to 1 recipient")).to_be_visible()
    page.goto("/quality/audits/")
    check_page(page)
    page.goto("/quality/dissemination/")
    check_page(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/sign-in/"))
    page.wait_for_load_state("networkidle")

    sign_in(page, "school.dsl")
    page.get_by_role("link", name="Case audit findings for you and your team").click()
    check_page(page)
    page.get_by_role("link", name="The school was not told").click()
    check_page(page)
    page.get_by_label("What you will do differently (optional)").fill("Training booked")
    page.get_by_role("button", name="Acknowledge the finding").click()
    check_page(page)
    expect(page.get_by_text("Finding acknowledged")).to_be_visible()
    assert Dissemination.objects.get().note == "Training booked"


def test_agree_an_action_see_it_due_and_mark_it_done(
    page: Page, week: None, school_user: object
) -> None:
    lead = User.objects.get(username="qa.lead")
    sample = sample_draw(week="2026-W10", seed=7, user=lead).sample
    review = sample.reviews.order_by("pk").first()
    assert review is not None
    child, _ = audit_child_from_review(user=lead, review_id=review.pk, ref="c")
    audit = audit_open(
        user=lead, child=child, review=review, agencies=[lead.staff_profile.agency], scope="x"
    )
    finding_record(user=lead, audit=audit, text="The school was not told the next morning.")
    sign_in(page, "qa.lead")
    page.goto(f"/quality/audits/{audit.pk}/")
    check_page(page)
    page.get_by_role("link", name="Add an action").click()
    check_page(page)
    page.get_by_label("Action").fill("Tell the school through the hub the next morning.")
    page.get_by_label("Owning team (optional)").select_option(label="Hope Primary")
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Day").fill(str(tomorrow.day))
    page.get_by_label("Month").fill(str(tomorrow.month))
    page.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_role("button", name="Add the action").click()
    check_page(page)
    expect(page.get_by_text("Action added")).to_be_visible()
    page.goto("/quality/dissemination/")
    check_page(page)
    expect(page.get_by_text("Case audit actions completed on time")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: url.endswith("/sign-in/"))
    page.wait_for_load_state("networkidle")

    sign_in(page, "school.dsl")
    expect(page.get_by_text("1 due soon")).to_be_visible()
    page.get_by_role("link", name="Case audit actions for you and your team").click()
    check_page(page)
    page.get_by_role("link", name="Tell the school through the hub").click()
    check_page(page)
    page.get_by_role("button", name="Mark as done").click()
    check_page(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what was done")
    page.get_by_label("What was done").fill("The DSL now reads the hub each morning.")
    page.get_by_role("button", name="Mark as done").click()
    check_page(page)
    expect(page.get_by_text("Action marked done")).to_be_visible()
    assert AuditAction.objects.get().status == ActionStatus.DONE
