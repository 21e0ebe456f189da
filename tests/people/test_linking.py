"""Deterministic linking: same agency id, a valid NHS number, or exact name, birth and postcode."""

import pytest

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.people.models import LinkDecision, LinkMethod, Person, SourceRecord
from tests.factories import message, raw, subject

pytestmark = pytest.mark.usefixtures("agencies")

AMY = {"given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-02"}
HOME = {"line1": "1 Elm Road", "postcode": "ZZ1 1AA"}


def send(*subjects: dict, source: str = "police") -> None:
    outcomes = messages_receive(
        [raw(message(source=source, subjects=list(subjects)))], channel=Channel.FILE
    )
    assert outcomes[0].status == "accepted", outcomes[0].errors


def people_count() -> int:
    return Person.objects.count()


def test_the_same_agency_id_is_the_same_record_and_person() -> None:
    send(subject(source_person_id="P1", **AMY))
    send(subject(source_person_id="P1", given_name="Amie", family_name="Stone"))
    assert (people_count(), SourceRecord.objects.count()) == (1, 1)
    assert SourceRecord.objects.get().given_name == "Amie"


def test_a_valid_nhs_number_links_across_agencies() -> None:
    send(subject(source_person_id="P1", nhs_number="9434765919", **AMY))
    send(
        subject(
            source_person_id="G1", nhs_number="943 476 5919", given_name="A", family_name="Smith"
        ),
        source="gp-f84001",
    )
    assert people_count() == 1
    assert LinkDecision.objects.filter(method=LinkMethod.NHS_NUMBER).count() == 1


def test_an_invalid_nhs_number_never_links() -> None:
    send(subject(source_person_id="P1", nhs_number="1234567890", **AMY))
    send(
        subject(source_person_id="G1", nhs_number="1234567890", given_name="Zed", family_name="Q"),
        source="gp-f84001",
    )
    assert people_count() == 2


def test_exact_name_birth_and_postcode_link_whatever_the_spacing_and_case() -> None:
    send(subject(source_person_id="P1", address=HOME, **AMY))
    send(
        subject(
            source_person_id="S1",
            given_name="AMY",
            family_name="stone",
            date_of_birth="1990-04-02",
            address={"postcode": "zz11aa"},
        ),
        source="school-105899",
    )
    assert people_count() == 1
    decision = LinkDecision.objects.get(method=LinkMethod.NAME_DOB_POSTCODE)
    assert decision.explanation["postcode"] == "the same postcode"


@pytest.mark.parametrize(
    "different",
    [
        {"given_name": "Amelia"},
        {"date_of_birth": "1990-02-04"},
        {"address": {"postcode": "ZZ9 9ZZ"}},
    ],
)
def test_anything_less_than_exact_makes_a_new_person(different: dict) -> None:
    send(subject(source_person_id="P1", address=HOME, **AMY))
    send(
        subject(source_person_id="S1", **{**AMY, "address": HOME, **different}),
        source="school-105899",
    )
    assert people_count() == 2


def test_people_first_seen_in_one_batch_link_to_each_other() -> None:
    first = message(subjects=[subject(source_person_id="P1", nhs_number="9434765919", **AMY)])
    second = message(
        source="gp-f84001", subjects=[subject(source_person_id="G1", nhs_number="9434765919")]
    )
    messages_receive([raw(first), raw(second)], channel=Channel.FILE)
    assert people_count() == 1


def test_a_later_record_fills_what_the_person_lacked_but_never_overwrites() -> None:
    send(subject(source_person_id="P1", given_name="Amy", family_name="Stone", address=HOME))
    send(
        subject(
            source_person_id="P1",
            given_name="Amy",
            family_name="Stone",
            date_of_birth="1990-04-02",
            nhs_number="9434765919",
        )
    )
    person = Person.objects.get()
    assert (str(person.date_of_birth), person.nhs_number) == ("1990-04-02", "9434765919")
