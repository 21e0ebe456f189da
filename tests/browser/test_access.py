"""Restricting a record, breaking the glass, reviewing it, a team's work, a minimised page and
helping someone sign in, in the browser: each page checked for errors and accessibility."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from playwright.sync_api import Page, expect

from frontdoor.access.models import Role
from frontdoor.access.services import team_create
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.people.models import Person
from tests.factories import StaffFactory, raw, whitfield_incident

from .pages import check_page, sign_in
from .test_front_door import sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def poppy(agencies) -> Person:
    messages_receive(
        [raw(whitfield_incident(source="police", number=1, occurred_at="2026-01-05T10:00:00"))],
        channel=Channel.FILE,
    )
    return Person.objects.get(given_name="Poppy")


def test_a_data_manager_restricts_a_record_and_lifts_it(
    page: Page, poppy: Person, data_manager, gp_user
) -> None:
    sign_in(page, "fd.data")
    page.goto(f"/people/{poppy.pk}/")
    page.get_by_role("link", name=re.compile("Restrict this record")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restrict Poppy Whitfield's record")
    check_page(page)

    page.get_by_label("Who may open the record").fill("gp.nurse\nnobody")
    page.get_by_role("button", name="Restrict the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("'nobody'")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    check_page(page)

    page.get_by_label("Who may open the record").fill("gp.nurse")
    page.get_by_label("Why the record is restricted").fill("Whereabouts kept from her father")
    page.get_by_role("button", name="Restrict the record").click()
    expect(page.get_by_role("alert")).to_contain_text("Restricted")
    expect(page.locator(".govuk-summary-list")).to_contain_text(f"Person {poppy.pk}")
    check_page(page)

    page.goto(f"/people/{poppy.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No person you can open")
    check_page(page)

    page.goto("/access/restrictions/")
    expect(page.get_by_role("table")).to_contain_text("In force")
    check_page(page)
    page.get_by_role("link", name=re.compile("Restriction ")).click()
    page.get_by_role("link", name="Lift the restriction").click()
    check_page(page)
    page.get_by_label("Why the restriction ends").fill("Father in prison")
    page.get_by_role("button", name="Lift the restriction").click()
    expect(page.get_by_role("alert")).to_contain_text("Lifted")
    check_page(page)


def test_break_glass_is_asked_for_and_reviewed(page: Page, poppy: Person, agencies) -> None:
    StaffFactory(user__username="school.dsl", agency=agencies["school"])
    lead = StaffFactory(user__username="dpo", agency=agencies["csc"]).user
    lead.user_permissions.add(Permission.objects.get(codename="review_access"))
    sign_in(page, "school.dsl")
    page.goto(f"/people/{poppy.pk}/")
    check_page(page)
    page.get_by_role("link", name=re.compile("ask for emergency access")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emergency access to a record")
    check_page(page)
    page.get_by_role("button", name="Open the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    check_page(page)
    page.get_by_label("Why you need to see this record now").fill("Poppy arrived alone at school")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Poppy Whitfield")
    expect(page.get_by_text("You opened this record with emergency access")).to_be_visible()
    check_page(page)

    sign_out(page)
    sign_in(page, "dpo")
    page.goto("/access/break-glass/")
    expect(page.get_by_role("table")).to_contain_text("Poppy arrived alone at school")
    check_page(page)
    page.get_by_role("link", name=re.compile("Review")).click()
    check_page(page)
    page.get_by_label("Your finding").fill("Justified: the school rang the front door too")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_contain_text("Reviewed")
    check_page(page)


def test_a_manager_sees_their_teams_work(page: Page, agencies) -> None:
    team = team_create(agency=agencies["school"], name="Safeguarding")
    StaffFactory(user__username="school.dsl", agency=agencies["school"], team=team)
    StaffFactory(
        user__username="school.head", agency=agencies["school"], team=team, role=Role.MANAGER
    )
    sign_in(page, "school.head")
    page.get_by_role("link", name="Your team's work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team's work")
    check_page(page)


def test_an_administrator_unlocks_a_sign_in(page: Page, agencies) -> None:
    StaffFactory(user__username="lock.me", agency=agencies["csc"])
    for _ in range(5):
        Client().post("/sign-in/", {"username": "lock.me", "password": "wrong"})
    StaffFactory(user__username="csc.admin", agency=agencies["csc"], role=Role.ADMINISTRATOR)
    sign_in(page, "csc.admin")
    page.get_by_role("link", name="Help someone sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help someone sign in")
    check_page(page)

    page.get_by_role("link", name=re.compile("Unlock")).click()
    expect(page.get_by_label("Their username")).to_have_value("lock.me")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what they need")
    check_page(page)

    page.get_by_label("Unlock their sign-in").check()
    page.get_by_label("How you know it is them, and why").fill("Called back on her work number")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("lock.me can sign in again")
    expect(page.get_by_text("No one you can help is locked out")).to_be_visible()
    check_page(page)


def test_an_agency_told_of_an_incident_sees_a_minimised_page(page: Page, agencies) -> None:
    told = whitfield_incident(source="police", number=2, occurred_at="2026-01-06T10:00:00")
    told["facts"] = {"shared_with": ["school-105899"]}
    messages_receive([raw(told)], channel=Channel.FILE)
    StaffFactory(user__username="school.dsl", agency=agencies["school"])
    sign_in(page, "school.dsl")
    page.goto(f"/people/{Person.objects.get(given_name='Poppy').pk}/")
    expect(page.get_by_text("Your agency was told about Poppy")).to_be_visible()
    expect(page.get_by_text("1 Elm Road")).to_have_count(0)
    check_page(page)
