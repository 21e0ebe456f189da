"""Reads for the review queue: access-checked, and every look at a record is logged."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from frontdoor.access.policy import actor_for, link_decisions_check
from frontdoor.audit.services import access_record
from frontdoor.people.models import LinkDecision, Person, SourceRecord

from .models import LinkReview, ReviewStatus

ROUTE = "link_decisions"


def reviews_open(*, user: User | AnonymousUser) -> QuerySet[LinkReview]:
    """Possible matches waiting for a decision, oldest first."""
    link_decisions_check(actor_for(user))
    return (
        LinkReview.objects.filter(status=ReviewStatus.OPEN)
        .select_related("record__agency", "suggested")
        .order_by("raised_at", "pk")
    )


@dataclass(frozen=True)
class ReviewPage:
    review: LinkReview
    record_decisions: list[LinkDecision]
    suggested_records: list[SourceRecord]


def review_page(*, user: User | AnonymousUser, review_id: int) -> ReviewPage:
    """A possible match side by side: the record, the suggested person's records, and why."""
    actor = actor_for(user)
    link_decisions_check(actor)
    review = get_object_or_404(
        LinkReview.objects.select_related("record__agency", "record__person", "suggested"),
        pk=review_id,
    )
    access_record(
        user=actor.user,
        person_ids=[review.record.person_id, review.suggested_id],
        purpose="link_review",
        route=ROUTE,
    )
    return ReviewPage(
        review=review,
        record_decisions=list(
            review.record.decisions.select_related("decided_by").order_by("-decided_at", "-pk")
        ),
        suggested_records=list(
            review.suggested.records.select_related("agency").order_by("agency__name", "pk")
        ),
    )


def record_for_decision(*, user: User | AnonymousUser, record_id: int) -> SourceRecord:
    """One source record, for a data manager about to split it off its person."""
    actor = actor_for(user)
    link_decisions_check(actor)
    record = get_object_or_404(
        SourceRecord.objects.select_related("agency", "person"), pk=record_id
    )
    access_record(
        user=actor.user, person_ids=[record.person_id], purpose="link_decision", route=ROUTE
    )
    return record


def person_for_decision(*, user: User | AnonymousUser, person_id: int) -> Person | None:
    """The person a data manager names as the one a record is of, or None if there is none."""
    actor = actor_for(user)
    link_decisions_check(actor)
    person = Person.objects.filter(pk=person_id).first()
    if person is not None:
        access_record(user=actor.user, person_ids=[person.pk], purpose="link_decision", route=ROUTE)
    return person
