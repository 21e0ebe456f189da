"""Field-level minimisation: an agency only told about a person sees what its type may see of
them, and only the events it sent or was told of; one holding a record sees the whole page."""

from django.test import Client
from django.urls import reverse

from frontdoor.access.policy import EVERYTHING, Section
from frontdoor.audit.models import AccessLog
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.people.selectors import person_page
from tests.factories import raw, whitfield_incident
from tests.people.test_search_and_page import load_family


def tell(agency_code: str) -> None:
    """The police tell an agency of an incident about Poppy and her mother (`shared_with`)."""
    told = whitfield_incident(source="police", number=9, occurred_at="2026-01-05T10:00:00")
    told["facts"] = {"shared_with": [agency_code]}
    messages_receive([raw(told)], channel=Channel.FILE)


def test_a_school_told_of_an_incident_sees_the_child_and_that_incident_only(
    client: Client, agencies, school_user
) -> None:
    poppy = load_family(agencies=("police", "gp-f84001"), events=2)
    tell("school-105899")
    page = person_page(user=school_user, person_id=poppy.pk)
    assert page.route == "told"
    assert page.sections == frozenset()
    assert [entry["agency"] for entry in page.chronology] == ["Borough Police"]
    assert len(page.chronology) == 1
    assert (page.records, page.residences, page.relationships) == ([], [], [])
    client.force_login(school_user)
    html = client.get(reverse("people:detail", args=[poppy.pk])).content.decode()
    assert "Poppy Whitfield" in html
    for hidden in ("9434765919", "1 Elm Road", "Elm Practice", "Mum cries", "Known to"):
        assert hidden not in html, hidden
    assert AccessLog.objects.filter(
        user=school_user, person_id=poppy.pk, purpose="person_page", route="told"
    ).exists()


def test_a_gp_told_of_an_incident_sees_the_nhs_number(agencies, gp_user) -> None:
    poppy = load_family(agencies=("police",), events=1)
    tell("gp-f84001")
    page = person_page(user=gp_user, person_id=poppy.pk)
    assert page.route == "told"
    assert Section.NHS_NUMBER in page.sections
    assert Section.ADDRESSES not in page.sections


def test_an_agency_holding_a_record_sees_the_whole_page(agencies, gp_user) -> None:
    poppy = load_family(agencies=("police", "gp-f84001"), events=2)
    page = person_page(user=gp_user, person_id=poppy.pk)
    assert page.route == "agency"
    assert page.sections == EVERYTHING
    assert len(page.chronology) == 2


def test_the_front_door_sees_the_whole_page(agencies, front_door_user) -> None:
    poppy = load_family(agencies=("police", "gp-f84001"), events=2)
    page = person_page(user=front_door_user, person_id=poppy.pk)
    assert (page.route, page.sections) == ("front_door", EVERYTHING)
