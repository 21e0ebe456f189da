"""Linking as intake does it: the same agency id, else the matcher's score and constraints."""

import pytest

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.models import LinkReview
from frontdoor.linkage.services import record_link
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


def test_a_valid_nhs_number_links_across_agencies_on_its_own() -> None:
    send(subject(source_person_id="P1", nhs_number="9434765919", **AMY))
    send(
        subject(source_person_id="G1", nhs_number="943 476 5919", given_name="", family_name=""),
        source="gp-f84001",
    )
    assert people_count() == 1
    decision = LinkDecision.objects.get(method=LinkMethod.PROBABILISTIC)
    assert decision.explanation["nhs_number"].startswith("the same valid NHS number")
    assert decision.model_version == 0


def test_an_invalid_nhs_number_never_links() -> None:
    send(subject(source_person_id="P1", nhs_number="1234567890", **AMY))
    send(
        subject(source_person_id="G1", nhs_number="1234567890", given_name="Zed", family_name="Q"),
        source="gp-f84001",
    )
    assert people_count() == 2


def test_two_different_valid_nhs_numbers_are_two_people_however_alike() -> None:
    send(subject(source_person_id="P1", nhs_number="9434765919", address=HOME, **AMY))
    send(
        subject(source_person_id="G1", nhs_number="9434765870", address=HOME, **AMY),
        source="gp-f84001",
    )
    assert people_count() == 2
    decision = LinkDecision.objects.get(record__source_person_id="G1")
    assert "two different valid NHS numbers" in decision.explanation["held_apart"]


def test_name_birth_and_postcode_link_whatever_the_spacing_and_case() -> None:
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
    decision = LinkDecision.objects.get(method=LinkMethod.PROBABILISTIC)
    assert decision.explanation["address"].startswith("the same postcode: strong evidence")
    assert decision.score is not None
    assert decision.score >= 0.99


def test_a_short_form_and_a_swapped_day_and_month_still_link() -> None:
    will = {"given_name": "William", "family_name": "Hart", "date_of_birth": "2015-03-04"}
    send(subject(source_person_id="P1", role="child", address=HOME, **will))
    send(
        subject(
            source_person_id="S1",
            role="child",
            given_name="Billy",
            family_name="Hart",
            date_of_birth="2015-04-03",
            address=HOME,
        ),
        source="school-105899",
    )
    assert people_count() == 1
    explanation = LinkDecision.objects.get(method=LinkMethod.PROBABILISTIC).explanation
    assert explanation["given_name"].startswith("a short form of the same name")
    assert explanation["date_of_birth"].startswith("the same date of birth with day and month")


def test_twins_stay_apart() -> None:
    twin = {"family_name": "Hart", "date_of_birth": "2015-03-04", "address": HOME}
    send(subject(ref="c1", source_person_id="P1", role="child", given_name="Ava", **twin))
    send(subject(ref="c1", source_person_id="P2", role="child", given_name="Isla", **twin))
    assert people_count() == 2
    decision = LinkDecision.objects.get(record__source_person_id="P2")
    assert decision.explanation["held_apart"].startswith("a possible match was held apart: twins")


def test_a_child_is_never_linked_to_an_adult() -> None:
    send(subject(source_person_id="P1", address=HOME, **AMY))
    send(
        subject(
            source_person_id="P2", role="child", given_name="Amy", family_name="Stone", address=HOME
        )
    )
    assert people_count() == 2
    decision = LinkDecision.objects.get(record__source_person_id="P2")
    assert "a child and the other an adult" in decision.explanation["held_apart"]


def test_an_adult_is_never_linked_to_a_child_recorded_without_a_date_of_birth() -> None:
    send(
        subject(
            source_person_id="P2", role="child", given_name="Amy", family_name="Stone", address=HOME
        )
    )
    send(subject(source_person_id="P1", address=HOME, **AMY))
    assert people_count() == 2
    decision = LinkDecision.objects.get(record__source_person_id="P1")
    assert "a child and the other an adult" in decision.explanation["held_apart"]
    assert str(SourceRecord.objects.get(source_person_id="P2").child_on) == "2026-03-01"


def test_a_child_is_never_linked_to_someone_recorded_in_an_adults_part() -> None:
    # The police record Amy as a victim, with no date of birth: an adult on the day.
    send(subject(source_person_id="P1", given_name="Amy", family_name="Stone", address=HOME))
    send(
        subject(
            source_person_id="G1",
            role="subject",
            given_name="Amy",
            family_name="Stone",
            date_of_birth="2015-06-01",
            address=HOME,
        ),
        source="gp-f84001",
    )
    assert people_count() == 2
    decision = LinkDecision.objects.get(record__source_person_id="G1")
    assert "a child and the other an adult" in decision.explanation["held_apart"]
    assert str(SourceRecord.objects.get(source_person_id="P1").adult_on) == "2026-03-01"


def test_a_child_is_never_linked_to_a_person_another_record_of_theirs_says_is_an_adult(
    data_manager,
) -> None:
    # Amy is two records, neither with a date of birth: the police's, as a victim at home, and
    # a school's, as a witness elsewhere. A child's record finds only the school's.
    elsewhere = {"line1": "9 Oak Road", "postcode": "ZZ9 9ZZ"}
    amy = {"given_name": "Amy", "family_name": "Stone"}
    send(subject(source_person_id="P1", address=HOME, **amy))
    send(
        subject(source_person_id="S1", role="witness", address=elsewhere, **amy),
        source="school-105899",
    )
    victim, witness = (SourceRecord.objects.get(source_person_id=s) for s in ("P1", "S1"))
    if witness.person != victim.person:
        record_link(witness, victim.person, user=data_manager, reason="The same Amy.")
    send(
        subject(
            source_person_id="G1",
            role="subject",
            date_of_birth="2015-06-01",
            address=elsewhere,
            **amy,
        ),
        source="gp-f84001",
    )
    assert SourceRecord.objects.get(source_person_id="G1").person != victim.person
    decision = LinkDecision.objects.get(record__source_person_id="G1")
    assert "a child and the other an adult" in decision.explanation["held_apart"]


def test_a_subject_of_an_adults_service_is_recorded_as_an_adult() -> None:
    outcomes = messages_receive(
        [
            raw(
                message(
                    source="gp-f84001",
                    kind="involvement",
                    subjects=[subject(role="subject", source_person_id="G1")],
                    facts={"service": "adult_mental_health", "status": "open"},
                )
            ),
            raw(message(subjects=[subject(role="witness", source_person_id="P1")])),
        ],
        channel=Channel.FILE,
    )
    assert [o.status for o in outcomes] == ["accepted", "accepted"]
    adult_on = dict(SourceRecord.objects.values_list("source_person_id", "adult_on"))
    assert (str(adult_on["G1"]), adult_on["P1"]) == ("2026-03-01", None)


def test_a_possible_match_is_a_new_person_until_a_data_manager_decides() -> None:
    send(subject(source_person_id="P1", nhs_number="9434765919", address=HOME, **AMY))
    send(
        subject(
            source_person_id="G1", nhs_number="9434765919", given_name="A", family_name="Smith"
        ),
        source="gp-f84001",
    )
    assert people_count() == 2
    review = LinkReview.objects.get()
    assert review.suggested == SourceRecord.objects.get(source_person_id="P1").person
    assert review.record.source_person_id == "G1"
    assert 0.5 <= review.score < 0.99
    assert review.explanation["nhs_number"].startswith("the same valid NHS number")


def test_people_first_seen_in_one_batch_link_to_each_other() -> None:
    first = message(subjects=[subject(source_person_id="P1", nhs_number="9434765919", **AMY)])
    second = message(
        source="gp-f84001",
        subjects=[
            subject(source_person_id="G1", nhs_number="9434765919", given_name="", family_name="")
        ],
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
