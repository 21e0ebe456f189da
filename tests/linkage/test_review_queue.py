"""The review queue: a data manager links, keeps apart, splits and undoes, and history follows."""

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.audit.models import AuditEvent
from frontdoor.chronology.models import Participant
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.linkage.models import LinkReview, ReviewStatus
from frontdoor.people.models import LinkDecision, LinkMethod, Person, Relationship, SourceRecord
from tests.factories import message, raw, subject
from tests.forms import seen_version

HOME = {"line1": "1 Elm Road", "postcode": "ZZ1 1AA"}
AMY = {"given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-02"}


@pytest.fixture
def review(agencies) -> LinkReview:
    """Amy known to the police with her son; a GP record with her NHS number but other names."""
    messages_receive(
        [
            raw(
                message(
                    subjects=[
                        subject(ref="v", source_person_id="P1", nhs_number="9434765919", **AMY),
                        subject(ref="c", role="child", source_person_id="P2", given_name="Leo"),
                    ],
                    relationships=[{"from": "v", "to": "c", "type": "parent"}],
                )
            ),
            raw(
                message(
                    source="gp-f84001",
                    kind="contact",
                    subjects=[
                        subject(
                            source_person_id="G1",
                            nhs_number="9434765919",
                            given_name="A",
                            family_name="Smith",
                            address=HOME,
                        )
                    ],
                )
            ),
        ],
        channel=Channel.FILE,
    )
    return LinkReview.objects.get()


def amy() -> Person:
    return SourceRecord.objects.get(source_person_id="P1").person


def gp_record() -> SourceRecord:
    return SourceRecord.objects.get(source_person_id="G1")


def test_the_queue_lists_the_possible_match(client: Client, data_manager, review) -> None:
    client.force_login(data_manager)
    page = client.get(reverse("linkage:reviews")).content.decode()
    assert "Possible matches" in page
    assert reverse("linkage:review", args=[review.pk]) in page


def test_the_review_shows_both_sides_and_the_evidence(client: Client, data_manager, review) -> None:
    client.force_login(data_manager)
    page = client.get(reverse("linkage:review", args=[review.pk])).content.decode()
    assert "Is this the same person?" in page
    assert "The same valid NHS number: strong evidence they are the same person" in page
    assert "Elm Practice" in page
    assert "Borough Police" in page


def test_linking_moves_the_record_and_its_history(client: Client, data_manager, review) -> None:
    client.force_login(data_manager)
    url = reverse("linkage:review", args=[review.pk])
    response = client.post(
        url,
        {
            "decision": "link",
            "reason": "Same NHS number; GP confirms the change of name.",
            "version": seen_version(client, url),
        },
    )
    assert response.status_code == 302
    assert gp_record().person == amy()
    gp_event = Participant.objects.get(record=gp_record())
    assert gp_event.person == amy()
    decision = LinkDecision.objects.filter(record=gp_record()).latest("pk")
    assert decision.method == LinkMethod.HUMAN
    assert decision.decided_by == data_manager
    assert decision.explanation["reason"].startswith("Same NHS number")
    review.refresh_from_db()
    assert review.status == ReviewStatus.LINKED
    assert AuditEvent.objects.filter(
        action="linkage.review.link", actor=data_manager, route="link_decisions"
    ).exists()
    assert Relationship.objects.filter(person=amy(), type="parent").count() == 1


def test_undo_puts_the_record_back(client: Client, data_manager, review) -> None:
    client.force_login(data_manager)
    own_person = gp_record().person
    url = reverse("linkage:review", args=[review.pk])
    client.post(
        url,
        {"decision": "link", "reason": "Same NHS number.", "version": seen_version(client, url)},
    )
    client.post(
        url,
        {"reason": "Linked in error: a different woman.", "version": seen_version(client, url)},
    )
    assert gp_record().person == own_person
    assert Participant.objects.get(record=gp_record()).person == own_person
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert AuditEvent.objects.filter(action="linkage.review.undo", route="link_decisions").exists()


def test_keeping_apart_changes_no_one(client: Client, data_manager, review) -> None:
    client.force_login(data_manager)
    people = Person.objects.count()
    url = reverse("linkage:review", args=[review.pk])
    client.post(
        url,
        {
            "decision": "keep_apart",
            "reason": "Different woman: GP checked the date of birth.",
            "version": seen_version(client, url),
        },
    )
    review.refresh_from_db()
    assert (review.status, review.decided_by) == (ReviewStatus.KEPT_APART, data_manager)
    assert Person.objects.count() == people
    assert gp_record().person != amy()


def test_a_decision_needs_a_reason(client: Client, data_manager, review) -> None:
    client.force_login(data_manager)
    url = reverse("linkage:review", args=[review.pk])
    page = client.post(url, {"decision": "link", "version": seen_version(client, url)})
    assert "Give the reason for the decision" in page.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def test_splitting_a_record_off_makes_a_new_person_with_its_events(
    client: Client, data_manager, review
) -> None:
    client.force_login(data_manager)
    url = reverse("linkage:review", args=[review.pk])
    client.post(
        url, {"decision": "link", "reason": "Same person.", "version": seen_version(client, url)}
    )
    person_page = client.get(reverse("people:detail", args=[amy().pk])).content.decode()
    split_url = reverse("linkage:record-split", args=[gp_record().pk])
    assert split_url in person_page
    response = client.post(split_url, {"reason": "The GP record is of her sister."})
    new_person = gp_record().person
    assert response.url == reverse("people:detail", args=[new_person.pk])
    assert new_person != amy()
    assert new_person.family_name == "Smith"
    assert Participant.objects.get(record=gp_record()).person == new_person
    assert AuditEvent.objects.filter(action="linkage.split", route="link_decisions").exists()


def test_a_data_manager_links_a_record_to_a_person_they_name(
    client: Client, data_manager, review
) -> None:
    client.force_login(data_manager)
    person_page = client.get(reverse("people:detail", args=[gp_record().person_id])).content
    link_url = reverse("linkage:record-link", args=[gp_record().pk])
    assert link_url in person_page.decode()
    response = client.post(link_url, {"person": amy().pk, "reason": "Her GP confirmed it."})
    assert response.url == reverse("people:detail", args=[amy().pk])
    assert gp_record().person == amy()
    assert Participant.objects.get(record=gp_record()).person == amy()
    decision = LinkDecision.objects.filter(record=gp_record()).latest("pk")
    assert (decision.method, decision.explanation["reason"]) == (
        LinkMethod.HUMAN,
        "Her GP confirmed it.",
    )
    assert AuditEvent.objects.filter(action="linkage.link", route="link_decisions").exists()


@pytest.mark.parametrize(
    ("person", "error"),
    [
        ("", "Enter the number of the person the record is of"),
        ("abc", "Enter the person&#x27;s number as digits"),
        ("999999", "There is no person 999999"),
    ],
)
def test_linking_to_a_person_names_what_is_wrong(
    client: Client, data_manager, review, person: str, error: str
) -> None:
    client.force_login(data_manager)
    response = client.post(
        reverse("linkage:record-link", args=[gp_record().pk]), {"person": person, "reason": "x"}
    )
    assert error in response.content.decode()
    assert gp_record().person != amy()


def test_no_one_links_a_childs_record_to_an_adult(client: Client, data_manager, review) -> None:
    client.force_login(data_manager)
    leo = SourceRecord.objects.get(source_person_id="P2")
    response = client.post(
        reverse("linkage:record-link", args=[leo.pk]), {"person": amy().pk, "reason": "Sure."}
    )
    assert "one is a child and the other an adult" in response.content.decode()
    assert SourceRecord.objects.get(source_person_id="P2").person != amy()


def test_no_one_links_a_record_made_in_an_adults_part_to_a_child(
    client: Client, data_manager, review
) -> None:
    messages_receive(
        [
            raw(
                message(
                    subjects=[
                        subject(
                            role="alleged_perpetrator",
                            source_person_id="P3",
                            given_name="Leo",
                            family_name="Marsh",
                        )
                    ]
                )
            )
        ],
        channel=Channel.FILE,
    )
    client.force_login(data_manager)
    leo = SourceRecord.objects.get(source_person_id="P2").person
    response = client.post(
        reverse("linkage:record-link", args=[SourceRecord.objects.get(source_person_id="P3").pk]),
        {"person": leo.pk, "reason": "Sure."},
    )
    assert "one is a child and the other an adult" in response.content.decode()
    assert SourceRecord.objects.get(source_person_id="P3").person != leo


def test_practitioners_cannot_decide_links(client: Client, front_door_user, review) -> None:
    client.force_login(front_door_user)
    response = client.post(
        reverse("linkage:review", args=[review.pk]), {"decision": "link", "reason": "x"}
    )
    assert response.status_code == 403
    assert gp_record().person != amy()
