"""The DASH checklist on the hub's own page: validation, the message it sends through intake,
the score it shows, and who may open it."""

import json
import uuid
from collections.abc import Iterable, Sequence
from unittest import mock

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from frontdoor.chronology.models import Event, Participant
from frontdoor.intake.models import Channel, InboxMessage
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.resolvers import Candidate, Match
from frontdoor.linkage.services import DecisionError
from frontdoor.people.models import LinkDecision, LinkMethod, Person
from frontdoor.risk.models import Alert
from tests.factories import StaffFactory, message, raw, subject

VICTIM = {
    "victim_given_name": "Katherine",
    "victim_family_name": "Whitfield",
    "victim_date_of_birth_day": "3",
    "victim_date_of_birth_month": "4",
    "victim_date_of_birth_year": "1991",
    "address_line1": "1 Elm Road",
    "town": "Synthtown",
    "postcode": "ZZ1 1AA",
}


def checklist(yes: Sequence[int] = (), *, judgement: str = "no", **fields: str) -> dict[str, str]:
    """A completed checklist: the questions in `yes` answered yes, the rest no."""
    answers = {f"q{n}": "yes" if n in yes else "no" for n in range(1, 28)}
    return {
        "submission": str(uuid.uuid4()),
        **answers,
        "judgement": judgement,
        "judgement_reason": "",
        "practitioner_notes": "",
        **fields,
    }


@pytest.fixture
def signed_in(client: Client, school_user: AbstractBaseUser) -> Client:
    client.force_login(school_user)
    return client


@pytest.fixture
def police_user(agencies) -> AbstractBaseUser:
    return StaffFactory(agency=agencies["police"]).user


@pytest.fixture
def katherine(agencies) -> Person:
    """A victim the police hold a record of."""
    messages_receive(
        [
            raw(
                message(
                    subjects=[
                        subject(
                            source_person_id="P-KW",
                            given_name="Katherine",
                            family_name="Whitfield",
                            date_of_birth="1991-04-03",
                            sex="F",
                        )
                    ]
                )
            )
        ],
        channel=Channel.FILE,
    )
    return Person.objects.get(given_name="Katherine")


def sent(stored: InboxMessage) -> dict:
    return json.loads(stored.raw)


def test_a_checklist_from_scratch_goes_through_intake(
    signed_in: Client, school_user: AbstractBaseUser
) -> None:
    form = checklist(
        range(1, 15), q3_account="That he will come back and hurt the children", q1_account=""
    )
    response = signed_in.post("/dash/new/", {**VICTIM, **form})
    stored = InboxMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dash/{stored.pk}/"
    assert (stored.channel, stored.received_by, stored.source, stored.status) == (
        "form",
        school_user,
        "school-105899",
        "processed",
    )
    payload = sent(stored)
    assert payload["kind"] == "assessment"
    assert payload["message_id"] == f"dash-{uuid.UUID(form['submission']).hex}"
    assert payload["subjects"][0]["given_name"] == "Katherine"
    assert payload["subjects"][0]["date_of_birth"] == "1991-04-03"
    facts = payload["facts"]
    assert facts["type"] == "dash"
    assert facts["answers"] == {str(n): "yes" if n < 15 else "no" for n in range(1, 28)}
    assert facts["victim_account"] == {"3": "That he will come back and hurt the children"}
    assert facts["professional_judgement"] is None
    event = Event.objects.get()
    assert event.summary == (
        "DASH risk assessment: 14 of 27 answered yes: high risk; meets the MARAC referral threshold"
    )


def test_sending_the_same_form_twice_stores_it_once(signed_in: Client) -> None:
    form = {**VICTIM, **checklist([1, 2])}
    first = signed_in.post("/dash/new/", form)
    second = signed_in.post("/dash/new/", form)
    assert InboxMessage.objects.count() == 1
    assert Event.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"q3": ""}, "Question 3: select yes, no or not known"),
        ({"q27": "maybe"}, "Question 27: maybe is not yes, no or not known"),
        ({"judgement": ""}, "Select whether your professional judgement raises the level"),
        ({"judgement": "low"}, "Professional judgement: low is not one of the choices"),
        (
            {"judgement": "high", "judgement_reason": "  "},
            "Give the reason your professional judgement raises the level",
        ),
        ({"victim_given_name": ""}, "Enter the victim&#x27;s given name"),
        ({"victim_date_of_birth_day": "31", "victim_date_of_birth_month": "2"}, "a real date"),
        ({"submission": "not-a-reference"}, "The form was sent without its reference"),
    ],
)
def test_form_errors_name_the_question_or_field(
    signed_in: Client, change: dict, error: str
) -> None:
    response = signed_in.post("/dash/new/", {**VICTIM, **checklist(), **change})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert error in page
    assert not InboxMessage.objects.exists()


def test_every_unanswered_question_is_named_and_linked(signed_in: Client) -> None:
    form = {k: v for k, v in checklist().items() if k not in ("q2", "q18")}
    page = signed_in.post("/dash/new/", {**VICTIM, **form}).content.decode()
    assert '<a href="#id_q2_0">Question 2: select yes, no or not known</a>' in page
    assert '<a href="#id_q18_0">Question 18: select yes, no or not known</a>' in page
    assert 'id="id_q18-error"' in page


def test_the_result_shows_the_count_the_level_and_the_prompts(signed_in: Client) -> None:
    yes = [2, 8, 13, 14, 17, 18, 3, 4, 5, 6]
    response = signed_in.post("/dash/new/", {**VICTIM, **checklist(yes)}, follow=True)
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Medium risk</h1>' in page
    assert "10 of 27" in page
    for prompt in (
        "Non-fatal strangulation",
        "Threats to kill",
        "Stalking",
        "very frightened",
        "more frequent",
    ):
        assert prompt in page
    assert "Separation together with coercive control" not in page
    assert "MARAC referral threshold" not in page


def test_judgement_raises_the_level_with_its_reason(signed_in: Client) -> None:
    form = checklist(
        [18],
        judgement="high",
        judgement_reason="She was strangled last night and fears for her life",
        practitioner_notes="Marks on her neck; the children were upstairs",
    )
    page = signed_in.post("/dash/new/", {**VICTIM, **form}, follow=True).content.decode()
    assert '<h1 class="govuk-heading-l">High risk</h1>' in page
    assert "raised the level from standard" in page
    assert "She was strangled last night and fears for her life" in page
    assert "meets the MARAC referral threshold" in page
    facts = sent(InboxMessage.objects.get())["facts"]
    assert facts["professional_judgement"] == "high"
    assert facts["judgement_reason"] == "She was strangled last night and fears for her life"
    assert facts["practitioner_notes"] == "Marks on her neck; the children were upstairs"
    assert "Marks on her neck; the children were upstairs" in page
    assert Event.objects.get().summary == (
        "DASH risk assessment: 1 of 27 answered yes: standard risk; raised to high by "
        "professional judgement; meets the MARAC referral threshold"
    )


def test_a_checklist_for_a_person_lands_in_their_chronology(
    client: Client, police_user: AbstractBaseUser, katherine: Person
) -> None:
    client.force_login(police_user)
    person_page = client.get(f"/people/{katherine.pk}/").content.decode()
    assert f'href="/dash/people/{katherine.pk}/"' in person_page
    form = client.get(f"/dash/people/{katherine.pk}/").content.decode()
    assert "Victim&#x27;s given name" not in form
    response = client.post(f"/dash/people/{katherine.pk}/", checklist(range(1, 16)))
    assert response.status_code == 302
    victim = Participant.objects.get(event__kind="assessment")
    assert victim.person == katherine
    assert sent(InboxMessage.objects.get(channel="form"))["subjects"][0]["date_of_birth"] == (
        "1991-04-03"
    )
    chronology = client.get(f"/people/{katherine.pk}/").content.decode()
    assert (
        "DASH risk assessment: 15 of 27 answered yes: high risk; meets the MARAC referral threshold"
    ) in chronology
    result = client.get(response["Location"]).content.decode()
    assert f'href="/people/{katherine.pk}/#chronology"' in result


class NeverMatches:
    """A resolver that takes every record for a new person."""

    def prepare(self, candidates: Sequence[Candidate]) -> None:
        """Nothing to load."""

    def resolve_message(
        self, candidates: Sequence[Candidate], *, apart_from: Iterable[Person]
    ) -> list[Match]:
        return [Match(None, LinkMethod.NEW_PERSON) for _ in candidates]

    def remember(self, candidate: Candidate, person: Person) -> None:
        """Nothing to remember."""


def test_the_checklist_stays_with_the_person_it_was_completed_for(
    client: Client, police_user: AbstractBaseUser, katherine: Person, settings
) -> None:
    settings.FRONTDOOR_RESOLVER = f"{__name__}.NeverMatches"
    client.force_login(police_user)
    client.post(f"/dash/people/{katherine.pk}/", checklist([1]))
    victim = Participant.objects.get(event__kind="assessment")
    assert victim.person == katherine
    decision = LinkDecision.objects.filter(record=victim.record).latest("pk")
    assert (decision.method, decision.decided_by) == (LinkMethod.HUMAN, police_user)
    assert "DASH checklist completed from this person's page" in decision.explanation["reason"]


@pytest.mark.parametrize("matching", ["matches", "never matches"])
def test_a_high_dash_from_the_page_raises_dash_high_for_the_person(
    client: Client, police_user: AbstractBaseUser, katherine: Person, settings, matching: str
) -> None:
    """Whether matching finds the victim or the record is moved to them, the rules see it."""
    if matching == "never matches":
        settings.FRONTDOOR_RESOLVER = f"{__name__}.NeverMatches"
    client.force_login(police_user)
    client.post(
        f"/dash/people/{katherine.pk}/", checklist([2], judgement="high", judgement_reason="Fear")
    )
    alert = Alert.objects.get(rule="DASH_HIGH", status="open")
    assert alert.person == katherine
    assert "raised to high by professional judgement" in alert.detail


def test_a_victim_held_apart_from_the_person_is_sent_and_the_sender_told(
    client: Client, police_user: AbstractBaseUser, katherine: Person, settings
) -> None:
    settings.FRONTDOOR_RESOLVER = f"{__name__}.NeverMatches"
    client.force_login(police_user)
    refused = DecisionError("a child is never linked to an adult")
    with mock.patch("frontdoor.linkage.services.record_move", side_effect=refused):
        response = client.post(f"/dash/people/{katherine.pk}/", checklist([1]), follow=True)
    assert response.status_code == 200
    assert Participant.objects.get(event__kind="assessment").person != katherine
    assert (
        "not kept with Katherine Whitfield: a child is never linked to an adult"
        in response.content.decode()
    )


def test_an_agency_without_access_to_the_person_cannot_open_their_checklist(
    signed_in: Client, katherine: Person
) -> None:
    assert signed_in.get(f"/dash/people/{katherine.pk}/").status_code == 404
    assert signed_in.post(f"/dash/people/{katherine.pk}/", checklist([1])).status_code == 404
    assert not InboxMessage.objects.filter(channel="form").exists()


def test_the_result_is_for_the_sender_their_agency_and_the_front_door(
    client: Client, signed_in: Client, gp_user, front_door_user
) -> None:
    location = signed_in.post("/dash/new/", {**VICTIM, **checklist([1])})["Location"]
    assert signed_in.get(location).status_code == 200
    client.force_login(gp_user)
    assert client.get(location).status_code == 404
    client.force_login(front_door_user)
    assert client.get(location).status_code == 200


def test_a_sender_who_may_not_open_the_victim_is_not_given_a_link_to_them(
    signed_in: Client, katherine: Person
) -> None:
    """A form record never opens a person, so typing someone's details reveals nothing."""
    page = signed_in.post("/dash/new/", {**VICTIM, **checklist([1])}, follow=True).content.decode()
    assert "DASH risk checklist for Katherine Whitfield" in page
    assert "/people/" not in page.split("<main", 1)[1]
