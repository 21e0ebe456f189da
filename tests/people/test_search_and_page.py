"""Finding a person, and the person page: access-checked, logged, and a fixed number of queries."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontdoor.audit.models import AccessLog
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.people.models import Person
from frontdoor.people.selectors import (
    SEARCH_LIMIT,
    ChildSeen,
    person_get,
    person_page,
    persons_search,
)
from tests.factories import message, raw, subject, whitfield_incident


def load_family(events: int = 1, agencies: tuple[str, ...] = ("police",), first: int = 0) -> Person:
    texts = [
        raw(
            whitfield_incident(
                source=agencies[n % len(agencies)],
                number=n,
                occurred_at=(datetime(2020, 1, 1, 10) + timedelta(days=3 * n)).isoformat(),
                seen=bool(n % 2),
            )
        )
        for n in range(first, first + events)
    ]
    outcomes = messages_receive(texts, channel=Channel.FILE)
    assert {o.status for o in outcomes} == {"accepted"}, outcomes[0].errors
    return Person.objects.get(given_name="Poppy")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"name": "Poppy Whitfield"}, True),
        ({"name": "Popy Whitfeild"}, True),
        ({"name": "whitfield"}, True),
        ({"name": "Poppy Whitfield", "date_of_birth": date(2019, 9, 9)}, True),
        ({"date_of_birth": date(2019, 9, 9)}, True),
        ({"nhs_number": "943 476 5919"}, True),
        ({"name": "Jones"}, False),
        ({"name": "Poppy Whitfield", "date_of_birth": date(2001, 1, 1)}, False),
    ],
)
def test_search_is_tolerant_of_spelling_slips(agencies, front_door_user, query, found) -> None:
    poppy = load_family()
    results = persons_search(user=front_door_user, **query).results
    assert (poppy in [r.person for r in results]) is found


def test_search_finds_a_transposed_day_and_month(agencies, front_door_user) -> None:
    poppy = load_family()
    results = persons_search(
        user=front_door_user, name="Poppy", date_of_birth=date(2019, 9, 9)
    ).results
    assert results[0].person == poppy
    assert results[0].matched_on == "name and date of birth"
    katherine = Person.objects.get(given_name="Katherine")
    swapped = persons_search(
        user=front_door_user, name="Whitfield", date_of_birth=date(1991, 6, 5)
    ).results
    [found] = [r for r in swapped if r.person == katherine]
    assert found.matched_on == "name and date of birth, day and month swapped"
    [by_date] = persons_search(user=front_door_user, date_of_birth=date(2019, 9, 9)).results
    assert by_date.matched_on == "date of birth"


def test_a_search_is_sent_so_no_one_is_named_in_its_address(
    client: Client, agencies, front_door_user
) -> None:
    load_family()
    client.force_login(front_door_user)
    page = client.post("/people/", {"name": "Poppy Whitfield"}).content.decode()
    assert 'method="post"' in page
    assert "Poppy Whitfield" in page
    assert "Poppy" not in client.get("/people/", {"name": "Poppy Whitfield"}).content.decode()


def test_a_search_by_an_nhs_number_that_fails_its_check_says_so(
    client: Client, agencies, front_door_user
) -> None:
    client.force_login(front_door_user)
    page = client.post("/people/", {"nhs_number": "999 014 7778"}).content.decode()
    assert "NHS number &#x27;999 014 7778&#x27; is not a real NHS number" in page


def test_every_search_result_shown_is_logged(agencies, front_door_user) -> None:
    load_family()
    results = persons_search(user=front_door_user, name="Whitfield").results
    logged = AccessLog.objects.filter(user=front_door_user, purpose="search")
    assert sorted(logged.values_list("person_id", flat=True)) == sorted(
        r.person.pk for r in results
    )
    assert set(logged.values_list("route", flat=True)) == {"front_door"}


def test_an_agency_sees_only_people_it_holds_records_on(agencies, gp_user, school_user) -> None:
    load_family(agencies=("police", "gp-f84001"), events=2)
    assert persons_search(user=school_user, name="Whitfield").results == []
    assert len(persons_search(user=gp_user, name="Whitfield").results) == 2
    poppy = Person.objects.get(given_name="Poppy")
    with pytest.raises(Http404):
        person_get(user=school_user, person_id=poppy.pk, purpose="test")
    assert person_get(user=gp_user, person_id=poppy.pk, purpose="test") == poppy


def test_a_user_without_a_place_in_the_partnership_sees_nobody(agencies, django_user_model) -> None:
    load_family()
    stranger = django_user_model.objects.create_user("stranger", password="x" * 12)
    with pytest.raises(PermissionDenied):
        persons_search(user=stranger, name="Whitfield")


def test_the_person_page_shows_the_chronology_and_logs_the_read(
    client: Client, agencies, front_door_user
) -> None:
    poppy = load_family(events=3, agencies=("police", "gp-f84001", "school-105899"))
    client.force_login(front_door_user)
    page = client.get(f"/people/{poppy.pk}/").content.decode()
    for agency in ("Borough Police", "Elm Practice", "Hope Primary"):
        assert agency in page
    assert "Mum cries" in page
    assert "Katherine Whitfield" in page
    assert AccessLog.objects.filter(person_id=poppy.pk, purpose="person_page").count() == 1


def test_the_person_page_says_why_each_record_is_on_the_person(
    client: Client, agencies, front_door_user
) -> None:
    poppy = load_family(events=2, agencies=("police", "gp-f84001"))
    client.force_login(front_door_user)
    page = client.get(f"/people/{poppy.pk}/").content.decode()
    assert page.count("Why this record is on this person") == 2
    assert "No match: a new person" in page
    assert "Matched on the evidence of every field" in page
    assert "The same valid NHS number" in page


def test_the_person_page_of_another_agencys_person_is_not_found(
    client: Client, agencies, school_user
) -> None:
    poppy = load_family()
    client.force_login(school_user)
    assert client.get(f"/people/{poppy.pk}/").status_code == 404


def queries_for_person_page(client: Client, person: Person) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/people/{person.pk}/").status_code == 200
    return len(queries)


def test_the_person_page_takes_the_same_queries_whatever_the_event_count(
    client: Client, agencies, front_door_user
) -> None:
    few = load_family(events=3, agencies=("police", "gp-f84001", "school-105899"))
    client.force_login(front_door_user)
    client.get("/")  # the sign-in's first page renews the session; the two below do not
    baseline = queries_for_person_page(client, few)
    many = load_family(
        events=60, first=3, agencies=("police", "gp-f84001", "school-105899", "csc", "probation")
    )
    assert many == few
    assert queries_for_person_page(client, many) == baseline


def test_the_person_page_logs_its_parts_in_one_write_before_it_shows_them(
    client: Client, agencies, front_door_user
) -> None:
    poppy = load_family(events=3, agencies=("police", "gp-f84001", "school-105899"))
    client.force_login(front_door_user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/people/{poppy.pk}/").status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "audit_accesslog"')]
    assert len(writes) == 1
    logged = AccessLog.objects.filter(user=front_door_user)
    assert {"person_page", "person_page_context", "alerts", "who_knows_what"} <= set(
        logged.values_list("purpose", flat=True)
    )


def test_an_agency_told_of_an_incident_sees_the_people_in_it(agencies, school_user) -> None:
    told = whitfield_incident(source="police", number=1, occurred_at="2026-01-05T10:00:00")
    told["facts"] = {"shared_with": ["school-105899", "no-such-agency"]}
    [outcome] = messages_receive([raw(told)], channel=Channel.FILE)
    assert outcome.warnings == [
        "facts.shared_with[1]: unknown agency code 'no-such-agency'; ignored"
    ]
    found = persons_search(user=school_user, name="Whitfield").results
    assert {r.person.given_name for r in found} == {"Katherine", "Poppy"}


def test_a_search_matching_an_alias_says_how_the_person_was_recorded(
    agencies, front_door_user
) -> None:
    load_family()
    renamed = whitfield_incident(source="gp-f84001", number=7, occurred_at="2026-02-01T09:00:00")
    renamed["subjects"] = [renamed["subjects"][1] | {"family_name": "Whitfield-Jones"}]
    renamed["relationships"] = []
    messages_receive([raw(renamed)], channel=Channel.FILE)
    [poppy] = persons_search(user=front_door_user, name="Poppy Whitfield-Jones").results[:1]
    assert poppy.person.family_name == "Whitfield"
    assert poppy.recorded_as == "Poppy Whitfield-Jones"


def test_too_many_matches_ask_for_a_narrower_search(agencies, front_door_user) -> None:
    texts = [
        raw(
            message(
                subjects=[subject(source_person_id=f"S{n}", given_name="Sam", family_name="Shah")]
            )
        )
        for n in range(SEARCH_LIMIT + 1)
    ]
    messages_receive(texts, channel=Channel.FILE)
    found = persons_search(user=front_door_user, name="Shah")
    assert len(found.results) == SEARCH_LIMIT
    assert found.more


def test_making_a_referral_on_the_form_does_not_open_the_childs_record(
    client: Client, agencies, school_user
) -> None:
    poppy = load_family(agencies=("police",))
    client.force_login(school_user)
    client.post("/referrals/new/", {
        "child_given_name": "Poppy", "child_family_name": "Whitfield",
        "child_date_of_birth_day": "9", "child_date_of_birth_month": "9",
        "child_date_of_birth_year": "2019", "address_line1": "1 Elm Road", "postcode": "ZZ1 1AA",
        "adult_role": "parent", "concerns": ["domestic_abuse"], "reason": "Worried",
        "urgent": "no", "referrer_phone": "020 7946 0001",
    })  # fmt: skip
    assert client.get(f"/people/{poppy.pk}/").status_code == 404


def test_people_beside_the_person_are_named_only_to_those_who_may_open_them(
    client: Client, agencies, gp_user
) -> None:
    poppy = load_family(agencies=("police",))
    gp_record = whitfield_incident(source="gp-f84001", number=9, occurred_at="2026-02-01T09:00")
    gp_record["subjects"] = gp_record["subjects"][1:]
    gp_record["relationships"] = []
    messages_receive([raw(gp_record)], channel=Channel.FILE)
    client.force_login(gp_user)
    page = client.get(f"/people/{poppy.pk}/").content.decode()
    assert "Katherine" not in page
    assert "Another person" in page
    context = AccessLog.objects.filter(user=gp_user, purpose="person_page_context")
    assert not context.exists()


def test_a_refused_read_is_logged(client: Client, agencies, school_user) -> None:
    poppy = load_family()
    client.force_login(school_user)
    client.get(f"/people/{poppy.pk}/")
    assert AccessLog.objects.filter(user=school_user, person_id=poppy.pk, route="denied").exists()


def test_a_chronology_row_gives_the_local_date_and_the_time_only_when_there_is_one(
    agencies, front_door_user
) -> None:
    timed = whitfield_incident(source="police", number=1, occurred_at="2026-07-01T09:30:00Z")
    dated = whitfield_incident(
        source="police", number=2, occurred_at="2026-07-01T23:00:00Z", seen=False
    )
    assert {o.status for o in messages_receive([raw(timed), raw(dated)], channel=Channel.FILE)} == {
        "accepted"
    }
    poppy = Person.objects.get(given_name="Poppy")
    rows = person_page(user=front_door_user, person_id=poppy.pk).chronology
    assert [(r["day"], r["time"], r["role"]) for r in rows] == [
        ("1 Jul 2026", "10:30", "Child"),
        ("2 Jul 2026", "", "Child"),
    ]
    assert rows[1]["child"] == ChildSeen(
        present="yes",
        seen="no",
        seen_alone="not recorded",
        spoken_to="not recorded",
        voice="Mum cries",
    )
    katherine = Person.objects.get(given_name="Katherine")
    assert rows[0]["companions"] == (
        f'<a class="govuk-link" href="/people/{katherine.pk}/">Katherine Whitfield</a> (victim)'
    )
