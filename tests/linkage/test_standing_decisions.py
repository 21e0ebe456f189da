"""A data manager's link decisions outlive `frontdoor rebuild`, which derives people again."""

import pytest

from frontdoor.audit.models import AuditEvent
from frontdoor.intake.models import Channel
from frontdoor.intake.services import inbox_rebuild, messages_receive
from frontdoor.linkage.models import LinkReview, ReviewStatus, StandingDecision
from frontdoor.linkage.services import (
    record_link,
    record_split,
    review_keep_apart,
    review_link,
    review_undo,
)
from frontdoor.people.models import LinkDecision, LinkMethod, SourceRecord
from tests.factories import StaffFactory, message, raw, subject

AMY = {"given_name": "Amy", "family_name": "Stone", "date_of_birth": "1990-04-02"}


@pytest.fixture
def review(agencies) -> LinkReview:
    """Amy known to the police; a GP record with her NHS number but other names."""
    messages_receive(
        [
            raw(message(subjects=[subject(source_person_id="P1", nhs_number="9434765919", **AMY)])),
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
                        )
                    ],
                )
            ),
        ],
        channel=Channel.FILE,
    )
    return LinkReview.objects.get()


@pytest.fixture
def manager(agencies):
    return StaffFactory(agency=agencies["csc"], front_door=True).user


def person_of(source_person_id: str) -> int:
    return SourceRecord.objects.get(source_person_id=source_person_id).person_id


def test_a_link_from_the_review_queue_is_made_again_after_a_rebuild(review, manager) -> None:
    review_link(review, user=manager, reason="The GP confirms her name changed.")
    inbox_rebuild()
    assert person_of("G1") == person_of("P1")
    again = LinkReview.objects.get()
    assert (again.status, again.reason) == (
        ReviewStatus.LINKED,
        "The GP confirms her name changed.",
    )
    human = LinkDecision.objects.get(method=LinkMethod.HUMAN)
    assert (human.decided_by, human.explanation["reason"]) == (
        manager,
        "The GP confirms her name changed.",
    )
    assert AuditEvent.objects.filter(
        action="linkage.standing.apply", details__outcome="linked"
    ).exists()


def test_keeping_apart_is_kept_after_a_rebuild(review, manager) -> None:
    review_keep_apart(review, user=manager, reason="Her sister, says the GP.")
    inbox_rebuild()
    assert person_of("G1") != person_of("P1")
    assert LinkReview.objects.get().status == ReviewStatus.KEPT_APART


def test_taking_a_decision_back_is_kept_too(review, manager) -> None:
    review_keep_apart(review, user=manager, reason="Her sister.")
    review_undo(review, user=manager, reason="Wrong family.")
    inbox_rebuild()
    assert LinkReview.objects.get().status == ReviewStatus.OPEN
    assert StandingDecision.objects.filter(applied=True).count() == 2


def test_a_split_after_a_link_is_made_again_in_order(review, manager) -> None:
    record_link(
        SourceRecord.objects.get(source_person_id="G1"),
        SourceRecord.objects.get(source_person_id="P1").person,
        user=manager,
        reason="Same NHS number.",
    )
    record_split(
        SourceRecord.objects.get(source_person_id="G1"), user=manager, reason="Her sister."
    )
    inbox_rebuild()
    assert person_of("G1") != person_of("P1")
    assert list(StandingDecision.objects.order_by("pk").values_list("action", flat=True)) == [
        "link",
        "split",
    ]
