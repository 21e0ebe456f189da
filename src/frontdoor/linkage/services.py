"""Human link decisions: link a record to a person, keep it apart, split it off, or undo.

Each decision is a `LinkDecision` with the reason and who made it, and an audit event, in the same
transaction. Moving a record moves everything derived from it: its part in every event (so the
chronology follows), both people's relationships and homes (derived again from the messages), and
both people's details.
"""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.audit.services import audit_record
from frontdoor.chronology.models import Participant
from frontdoor.intake.models import InboxMessage
from frontdoor.intake.services import arrivals_of, processing_lock_take
from frontdoor.people.models import (
    LinkDecision,
    LinkMethod,
    Person,
    Relationship,
    Residence,
    SourceRecord,
)
from frontdoor.people.services import (
    person_details_refresh,
    relationships_record,
    residences_record,
)
from frontdoor.risk.engine import alerts_rederive

from .constraints import never_the_same
from .index import COLUMNS, indexed
from .models import LinkReview, ReviewStatus


class DecisionError(ValueError):
    """A decision that cannot be made as asked; the message says why, for the user."""


def relations_rederive(person_ids: set[int]) -> None:
    """Derive these people's relationships, homes and alerts again from every message about
    them."""
    Relationship.objects.filter(Q(person_id__in=person_ids) | Q(other_id__in=person_ids)).delete()
    Residence.objects.filter(person_id__in=person_ids).delete()
    about_them = Participant.objects.filter(person_id__in=person_ids).values("event__message_id")
    arrivals = arrivals_of(InboxMessage.objects.filter(pk__in=about_them).order_by("pk"))
    records = {
        (p.event.message_id, p.ref): p.record
        for p in Participant.objects.filter(
            event__message_id__in=[a.message.pk for a in arrivals]
        ).select_related("event", "record__person")
    }
    relationships_record(arrivals, records)
    residences_record(arrivals, records)
    alerts_rederive(person_ids=person_ids)


def _reason_required(reason: str) -> str:
    if not reason.strip():
        raise DecisionError("Give the reason for the decision: it is kept with the record.")
    return reason.strip()


def _never_the_same_as(record: SourceRecord, person: Person) -> str:
    """Why the record can never be of this person (a constraint against any of their records)."""
    rows = SourceRecord.objects.filter(Q(pk=record.pk) | Q(person=person)).values_list(*COLUMNS)
    features = {row[0]: indexed(row).features for row in rows}
    moving, today = features.pop(record.pk), date.today()
    reasons = (never_the_same(moving, other, on=today) for other in features.values())
    return next((reason for reason in reasons if reason), "")


def record_move(
    record: SourceRecord, person: Person, *, user: User, reason: str, action: str
) -> LinkDecision:
    """Make `record` a record of `person`, and everything derived from it follow."""
    reason = _reason_required(reason)
    processing_lock_take()
    record = SourceRecord.objects.select_for_update().select_related("person").get(pk=record.pk)
    before = record.person
    if before.pk == person.pk:
        raise DecisionError("The record is already a record of that person.")
    barred = _never_the_same_as(record, person)
    if barred:
        raise DecisionError(
            f"The record cannot be of {person.display_name} (person {person.pk}): {barred}. "
            "If a detail is wrong, the agency that holds it must correct it."
        )
    record.person = person
    record.save(update_fields=["person"])
    Participant.objects.filter(record=record).update(person=person)
    for changed in (before, person):
        person_details_refresh(changed)
    relations_rederive({before.pk, person.pk})
    decision = LinkDecision.objects.create(
        record=record,
        person=person,
        method=LinkMethod.HUMAN,
        explanation={"reason": reason, "moved_from_person": str(before.pk)},
        decided_by=user,
    )
    audit_record(
        actor=user,
        action=action,
        target=record,
        details={"from_person": before.pk, "to_person": person.pk, "reason": reason},
    )
    return decision


@transaction.atomic
def record_link(record: SourceRecord, person: Person, *, user: User, reason: str) -> None:
    """A data manager's link: the record is of this person."""
    record_move(record, person, user=user, reason=reason, action="linkage.link")


@transaction.atomic
def record_split(record: SourceRecord, *, user: User, reason: str) -> Person:
    """A data manager's split: the record is of someone else, a new person."""
    person = Person.objects.create()
    record_move(record, person, user=user, reason=reason, action="linkage.split")
    return person


def _review_close(review: LinkReview, status: str, *, user: User, reason: str) -> None:
    review.status, review.decided_at, review.decided_by, review.reason = (
        status,
        timezone.now(),
        user,
        reason,
    )
    review.save(update_fields=["status", "decided_at", "decided_by", "reason"])


def _open_review(review: LinkReview) -> LinkReview:
    review = LinkReview.objects.select_for_update().select_related("record").get(pk=review.pk)
    if review.status != ReviewStatus.OPEN:
        raise DecisionError("Someone has already decided this one: see the decision below.")
    return review


@transaction.atomic
def review_link(review: LinkReview, *, user: User, reason: str) -> None:
    """Accept the suggestion: the record is of the suggested person."""
    review = _open_review(review)
    record_move(
        review.record, review.suggested, user=user, reason=reason, action="linkage.review.link"
    )
    _review_close(review, ReviewStatus.LINKED, user=user, reason=reason)


@transaction.atomic
def review_keep_apart(review: LinkReview, *, user: User, reason: str) -> None:
    """Reject the suggestion: the record stays a person of its own."""
    review = _open_review(review)
    reason = _reason_required(reason)
    audit_record(
        actor=user,
        action="linkage.review.keep_apart",
        target=review.record,
        details={"suggested_person": review.suggested_id, "reason": reason},
    )
    _review_close(review, ReviewStatus.KEPT_APART, user=user, reason=reason)


@transaction.atomic
def review_undo(review: LinkReview, *, user: User, reason: str) -> None:
    """Take a decision back: a link is split off again to the person the record was before."""
    review = LinkReview.objects.select_for_update().select_related("record").get(pk=review.pk)
    if review.status == ReviewStatus.OPEN:
        raise DecisionError("There is no decision to undo.")
    if review.status == ReviewStatus.LINKED:
        decision = (
            LinkDecision.objects.filter(record=review.record, method=LinkMethod.HUMAN)
            .order_by("-pk")
            .first()
        )
        moved_from = decision.explanation.get("moved_from_person") if decision else None
        if moved_from is None:
            raise DecisionError("The link cannot be undone here: split the record instead.")
        record_move(
            review.record,
            Person.objects.get(pk=int(moved_from)),
            user=user,
            reason=reason,
            action="linkage.review.undo",
        )
    else:
        audit_record(
            actor=user,
            action="linkage.review.undo",
            target=review.record,
            details={"reason": _reason_required(reason)},
        )
    review.status, review.decided_at, review.decided_by, review.reason = (
        ReviewStatus.OPEN,
        None,
        None,
        "",
    )
    review.save(update_fields=["status", "decided_at", "decided_by", "reason"])
