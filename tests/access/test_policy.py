"""A person's route, decided once for the page that reads them in parts, and never taken for
another reader or another person; each part, asked on its own, decides it again."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontdoor.access.selectors import restricting_of
from frontdoor.audit.models import AccessLog
from frontdoor.people.models import Person
from frontdoor.people.selectors import person_page
from frontdoor.risk.alert_selectors import alerts_of_person
from frontdoor.sharing.selectors import never_tell_of_person, notifications_of_person
from tests.people.test_search_and_page import load_family


def test_the_person_page_asks_the_policy_for_the_readers_route_once(
    client: Client, agencies, gp_user
) -> None:
    poppy = load_family(agencies=("police", "gp-f84001"), events=2)
    client.force_login(gp_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/people/{poppy.pk}/").status_code == 200
    # `person_route_of` tells the routes apart in one query, by these columns.
    asked = [q for q in queries if 'AS "granted"' in q["sql"]]
    assert len(asked) == 1


def test_each_part_of_the_person_page_is_logged_under_the_route_it_was_opened_by(
    client: Client, agencies, front_door_user
) -> None:
    poppy = load_family(agencies=("police", "gp-f84001"), events=2)
    client.force_login(front_door_user)
    client.get(f"/people/{poppy.pk}/")
    logged = AccessLog.objects.filter(user=front_door_user, person_id=poppy.pk)
    assert sorted(logged.values_list("purpose", "route")) == [
        ("alerts", "front_door"),
        ("never_tell", "front_door"),
        ("person_page", "front_door"),
        ("who_knows_what", "front_door"),
    ]


PARTS: list[Callable[..., Any]] = [
    alerts_of_person,
    notifications_of_person,
    never_tell_of_person,
    restricting_of,
]


@pytest.mark.parametrize("part", PARTS)
def test_a_route_decided_for_one_person_is_not_taken_for_another(
    agencies, front_door_user, part: Callable[..., Any]
) -> None:
    poppy = load_family()
    katherine = Person.objects.get(given_name="Katherine")
    opened_by = person_page(user=front_door_user, person_id=poppy.pk).opened_by
    with pytest.raises(ValueError, match="another person"):
        part(user=front_door_user, person_id=katherine.pk, decided=opened_by)


@pytest.mark.parametrize("part", PARTS)
def test_a_route_decided_for_one_reader_is_not_taken_for_another(
    agencies, front_door_user, gp_user, part: Callable[..., Any]
) -> None:
    poppy = load_family(agencies=("police", "gp-f84001"), events=2)
    opened_by = person_page(user=gp_user, person_id=poppy.pk).opened_by
    with pytest.raises(ValueError, match="another reader"):
        part(user=front_door_user, person_id=poppy.pk, decided=opened_by)


@pytest.mark.parametrize("part", [alerts_of_person, notifications_of_person])
def test_a_part_asked_on_its_own_refuses_a_reader_with_no_route(
    agencies, school_user, part: Callable[..., Any]
) -> None:
    poppy = load_family()
    with pytest.raises(Http404):
        part(user=school_user, person_id=poppy.pk)
    assert not AccessLog.objects.filter(user=school_user).exists()


def test_restrictions_asked_on_their_own_show_nothing_to_a_reader_with_no_route(
    agencies, school_user
) -> None:
    poppy = load_family()
    assert restricting_of(user=school_user, person_id=poppy.pk) == []
