"""Teams: a manager sees the work their team's members made or own, and no other team's."""

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.access.models import Role
from frontdoor.access.selectors import team_work
from frontdoor.access.services import AccessError, staff_create, team_create
from frontdoor.audit.models import AuditEvent
from tests.factories import StaffFactory
from tests.triage.test_front_door import refer


@pytest.fixture
def teams(agencies) -> dict:
    north = team_create(agency=agencies["probation"], name="North")
    south = team_create(agency=agencies["probation"], name="South")
    return {
        "north_officer": StaffFactory(agency=agencies["probation"], team=north).user,
        "south_officer": StaffFactory(agency=agencies["probation"], team=south).user,
        "north_manager": StaffFactory(
            user__username="north.manager",
            agency=agencies["probation"],
            team=north,
            role=Role.MANAGER,
        ).user,
    }


def test_a_manager_sees_their_teams_referrals_only(client: Client, teams) -> None:
    mine = refer(teams["north_officer"])
    theirs = refer(teams["south_officer"])
    work = team_work(user=teams["north_manager"])
    assert work.referrals == [mine]
    client.force_login(teams["north_manager"])
    page = client.get(reverse("access:team")).content.decode()
    assert mine.reference in page
    assert theirs.reference not in page


def test_a_practitioner_has_no_team_page(client: Client, teams) -> None:
    client.force_login(teams["north_officer"])
    assert client.get(reverse("access:team")).status_code == 403


def test_a_team_belongs_to_one_agency(agencies) -> None:
    north = team_create(agency=agencies["probation"], name="North")
    with pytest.raises(AccessError, match="team: 'North' is a team of Probation, not of"):
        staff_create(
            username="x",
            full_name="X Y",
            email="",
            agency=agencies["school"],
            role=Role.PRACTITIONER,
            front_door=False,
            password="a long enough password",
            team=north,
        )
    assert AuditEvent.objects.filter(action="team.create").count() == 1
