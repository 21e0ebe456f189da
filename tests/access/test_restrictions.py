"""Restricted records: only the named users find or open the person, the front door included;
the restriction outlives a rebuild, is audited, and is managed only by front-door data managers."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.urls import reverse

from frontdoor.access.models import Restriction, Role
from frontdoor.access.policy import actor_for, restricted_from
from frontdoor.access.services import AccessError, restriction_create, restriction_lift
from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.intake.models import Channel
from frontdoor.intake.services import inbox_rebuild, messages_receive
from frontdoor.people.models import Person
from frontdoor.people.selectors import persons_search
from frontdoor.risk.alert_selectors import alert_get, alerts_list
from frontdoor.risk.models import Alert
from tests.factories import StaffFactory, message, raw, subject
from tests.people.test_search_and_page import load_family


@pytest.fixture
def restricted(agencies, data_manager, gp_user) -> Person:
    """Poppy, known to the police and her GP, restricted with only the GP nurse named."""
    poppy = load_family(agencies=("police", "gp-f84001"), events=2)
    restriction_create(
        person=poppy,
        reason="Whereabouts kept from her father",
        named_users=[gp_user],
        user=data_manager,
    )
    return poppy


def names_found(user, name: str = "Whitfield") -> set[str]:
    return {r.person.given_name for r in persons_search(user=user, name=name).results}


def test_only_the_named_find_a_restricted_person(
    restricted, front_door_user, gp_user, police_user
) -> None:
    assert names_found(front_door_user) == {"Katherine"}
    assert names_found(police_user) == {"Katherine"}
    assert names_found(gp_user) == {"Katherine", "Poppy"}


def test_only_the_named_open_a_restricted_person(
    client: Client, restricted, front_door_user, gp_user
) -> None:
    url = reverse("people:detail", args=[restricted.pk])
    client.force_login(front_door_user)
    response = client.get(url)
    assert response.status_code == 404
    assert "Poppy" not in response.content.decode()
    client.force_login(gp_user)
    assert client.get(url).status_code == 200
    routes = AccessLog.objects.filter(person_id=restricted.pk, purpose="person_page")
    assert set(routes.values_list("user__username", "route")) == {
        ("fd.practitioner", "denied"),
        ("gp.nurse", "restricted_named"),
    }


def test_the_person_page_says_the_record_is_restricted(client: Client, restricted, gp_user) -> None:
    client.force_login(gp_user)
    page = client.get(reverse("people:detail", args=[restricted.pk])).content.decode()
    assert "Restricted record" in page


def test_other_peoples_pages_do_not_name_a_restricted_person(
    client: Client, restricted, front_door_user
) -> None:
    katherine = Person.objects.get(given_name="Katherine")
    client.force_login(front_door_user)
    page = client.get(reverse("people:detail", args=[katherine.pk])).content.decode()
    assert "Katherine" in page
    assert "Poppy" not in page


def test_a_restriction_outlives_a_rebuild(restricted, front_door_user, gp_user) -> None:
    inbox_rebuild()
    assert names_found(front_door_user) == {"Katherine"}
    assert names_found(gp_user) == {"Katherine", "Poppy"}


def test_lifting_a_restriction_shows_the_person_again(
    restricted, data_manager, front_door_user
) -> None:
    restriction_lift(
        restriction=Restriction.objects.get(), reason="Father in prison", user=data_manager
    )
    assert names_found(front_door_user) == {"Katherine", "Poppy"}
    assert AuditEvent.objects.filter(action="restriction.lift", route="restrictions").count() == 1


def test_restricting_and_lifting_need_a_reason(restricted, data_manager) -> None:
    with pytest.raises(AccessError, match="reason: say why"):
        restriction_create(
            person=Person.objects.get(given_name="Katherine"),
            reason=" ",
            named_users=[],
            user=data_manager,
        )
    with pytest.raises(AccessError, match="reason: say why"):
        restriction_lift(restriction=Restriction.objects.get(), reason="", user=data_manager)


def test_a_data_manager_restricts_from_the_page(
    client: Client, agencies, data_manager, gp_user
) -> None:
    poppy = load_family()
    client.force_login(data_manager)
    page = client.get(reverse("people:detail", args=[poppy.pk])).content.decode()
    assert reverse("access:restriction-new", args=[poppy.pk]) in page
    url = reverse("access:restriction-new", args=[poppy.pk])
    refused = client.post(url, {"named_users": "gp.nurse\nno.such.user", "reason": "Hidden"})
    assert (
        "No member of staff has the username &#x27;no.such.user&#x27;" in refused.content.decode()
    )
    missing = client.post(url, {"named_users": "gp.nurse", "reason": ""})
    assert "Give the reason the record is restricted" in missing.content.decode()
    done = client.post(url, {"named_users": "gp.nurse", "reason": "Hidden from a parent"})
    restriction = Restriction.objects.get()
    assert done.url == reverse("access:restriction", args=[restriction.pk])
    assert list(restriction.named_users.all()) == [gp_user]
    event = AuditEvent.objects.get(action="restriction.create")
    assert event.details == {
        "person": poppy.pk,
        "reason": "Hidden from a parent",
        "named": ["gp.nurse"],
    }
    assert event.route == "restrictions"
    assert client.get(reverse("people:detail", args=[poppy.pk])).status_code == 404


def test_the_named_list_changes_with_a_reason_and_is_audited(
    client: Client, restricted, data_manager, gp_user, police_user
) -> None:
    restriction = Restriction.objects.get()
    client.force_login(data_manager)
    url = reverse("access:restriction", args=[restriction.pk])
    client.post(url, {"named_users": "police.officer", "reason": "Officer in charge now"})
    assert list(restriction.named_users.all()) == [police_user]
    event = AuditEvent.objects.get(action="restriction.name")
    assert event.details["before"] == ["gp.nurse"]
    assert event.details["after"] == ["police.officer"]
    assert event.route == "restrictions"
    assert names_found(gp_user) == {"Katherine"}
    assert names_found(police_user) == {"Katherine", "Poppy"}


def test_another_agencys_data_manager_cannot_touch_a_restriction(
    client: Client, restricted, agencies
) -> None:
    """Insecure direct object reference: the restriction's number alone opens nothing."""
    school_data = StaffFactory(agency=agencies["school"], role=Role.DATA_MANAGER).user
    restriction = Restriction.objects.get()
    client.force_login(school_data)
    for name in ("access:restriction", "access:restriction-lift"):
        url = reverse(name, args=[restriction.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"named_users": "", "reason": "x"}).status_code == 403
    restriction.refresh_from_db()
    assert restriction.lifted_at is None
    assert (
        client.post(
            reverse("access:restriction-new", args=[restricted.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    assert Restriction.objects.count() == 1


def test_an_unknown_restriction_is_not_found(client: Client, data_manager) -> None:
    client.force_login(data_manager)
    assert client.get(reverse("access:restriction", args=[999])).status_code == 404
    assert client.get(reverse("access:restriction-lift", args=[999])).status_code == 404


def test_the_front_doors_lists_leave_out_a_restricted_person(
    client: Client, agencies, front_door_user, data_manager, school_user
) -> None:
    """The alerts list and the queue do not name a restricted child: the alert is left out, and
    a referral about them stays on the queue as 'Restricted record'."""
    messages_receive(
        [
            raw(
                message(
                    subjects=[subject(source_person_id="P1", given_name="Poppy")],
                    facts={"coercive_control": True},
                )
            )
        ],
        channel=Channel.FILE,
    )
    messages_receive(
        [
            raw(
                message(
                    source="school-105899",
                    kind="referral",
                    subjects=[
                        subject("c", "child", given_name="Rosie", date_of_birth="2018-01-01")
                    ],
                    facts={"reason": "Bruises", "concerns": ["domestic_abuse"]},
                )
            )
        ],
        channel=Channel.FORM,
        received_by=school_user,
    )
    poppy, rosie = Person.objects.get(given_name="Poppy"), Person.objects.get(given_name="Rosie")
    alert = Alert.objects.get(person=poppy)
    assert [a.alert for a in alerts_list(user=front_door_user).alerts] == [alert]
    for person in (poppy, rosie):
        restriction_create(person=person, reason="Hidden", named_users=[], user=data_manager)
    assert alerts_list(user=front_door_user).alerts == []
    with pytest.raises(Http404):
        alert_get(user=front_door_user, alert_id=alert.pk)
    client.force_login(front_door_user)
    queue = client.get(reverse("triage:queue")).content.decode()
    assert "Restricted record" in queue
    assert "Rosie" not in queue
    assert not AccessLog.objects.filter(person_id=rosie.pk, purpose="queue").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan of the restricted people")
def test_sqlite_finds_the_restricted_from_their_records_not_every_participant(
    restricted, front_door_user
) -> None:
    """Every page's access check asks who is restricted: read through every participant of
    the hub, it grows with the hub (a force's 700,000 participants for each check)."""
    hidden = restricted_from(actor_for(front_door_user))
    sql, params = hidden.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    participants = [step for step in plan if "chronology_participant" in step]
    assert participants
    assert not [step for step in participants if step.startswith("SCAN")], plan
    assert {row["person_id"] for row in hidden} == {restricted.pk}
