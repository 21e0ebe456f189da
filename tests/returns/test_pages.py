"""The census extract's page and command: who may make it, and the record of every export."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from frontdoor.access.models import Role
from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.people.models import Person
from frontdoor.triage.models import DecisionOutcome
from tests.factories import StaffFactory

from .conftest import decide, mother, poppy, referral

URL = "/returns/cin-census/"


@pytest.fixture
def referred(clock, agencies, front_door_user, manager):
    made = referral(
        clock,
        "2025-10-01T10:00:00",
        poppy("school-105899"),
        mother("school-105899", role="parent"),
    )
    return decide(
        made, DecisionOutcome.CHILD_IN_NEED, practitioner=front_door_user, manager=manager
    )


def test_a_front_door_manager_downloads_the_extract(client, referred, manager) -> None:
    client.force_login(manager)
    page = client.get(URL)
    assert page.status_code == 200
    assert b"Children in need census extract" in page.content
    # A link cannot set off an export: only the form's post makes one.
    assert b"<?xml" not in client.get(URL, {"year": "2026"}).content
    assert not AccessLog.objects.filter(purpose="cin_census").exists()
    response = client.post(URL, {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == 'attachment; filename="cin-census-2026.xml"'
    assert b"<CINreferralDate>2025-10-01</CINreferralDate>" in response.content
    poppy_ = Person.objects.get(given_name="Poppy")
    log = AccessLog.objects.get(purpose="cin_census")
    assert (log.user, log.person_id, log.route) == (manager, poppy_.pk, "front_door_manager")
    event = AuditEvent.objects.get(action="returns.cin_census")
    assert (event.actor, event.details) == (manager, {"year": 2026, "children": 1, "referrals": 1})


def test_a_year_with_no_referral_is_refused_naming_it(client, agencies, manager) -> None:
    client.force_login(manager)
    page = client.post(URL, {"year": "2019"}).content.decode()
    assert "no child was named in a referral received from 1 April 2018 to 31 March 2019" in page
    assert 'href="#id_year"' in page
    assert not AuditEvent.objects.filter(action="returns.cin_census").exists()


@pytest.mark.parametrize(
    ("year", "error"),
    [("", "Enter the census year"), ("26", "Enter a census year from 2010"), ("x", "four digits")],
)
def test_a_bad_year_is_named(client, agencies, manager, year, error) -> None:
    client.force_login(manager)
    page = client.post(URL, {"year": year}).content.decode()
    assert "There is a problem" in page
    assert error in page


@override_settings(FRONTDOOR_LA_NUMBER="")
def test_no_return_without_the_la_number(client, referred, manager) -> None:
    client.force_login(manager)
    page = client.post(URL, {"year": "2026"}).content.decode()
    assert "FRONTDOOR_LA_NUMBER: set the local authority&#x27;s three-digit number" in page
    assert not AccessLog.objects.filter(purpose="cin_census").exists()


@pytest.mark.parametrize(
    ("front_door", "role", "status"),
    [
        (True, Role.MANAGER, 200),
        (True, Role.ADMINISTRATOR, 200),
        (True, Role.PRACTITIONER, 403),
        (True, Role.DATA_MANAGER, 403),
        (False, Role.MANAGER, 403),
    ],
)
def test_only_the_front_doors_managers(client, referred, front_door, role, status) -> None:
    staff = StaffFactory(agency=referred.agency, front_door=front_door, role=role)
    client.force_login(staff.user)
    assert client.post(URL, {"year": "2026"}).status_code == status
    assert AccessLog.objects.filter(purpose="cin_census").exists() is (status == 200)


def test_the_command_writes_the_extract_and_records_it(referred, tmp_path: Path) -> None:
    out = tmp_path / "cin.xml"
    call_command("returns", "cin", "--year", "2026", "--out", str(out))
    assert b"<ReferralSource>2A</ReferralSource>" in out.read_bytes()
    event = AuditEvent.objects.get(action="console.returns.cin")
    poppy_ = Person.objects.get(given_name="Poppy")
    assert event.details["person_ids"] == [poppy_.pk]
    assert event.details["year"] == 2026


def test_the_command_names_a_bad_year(agencies) -> None:
    with pytest.raises(CommandError, match=r"year: .* from 2010, not 1999"):
        call_command("returns", "cin", "--year", "1999")
