"""Human link decisions: link a record to a person, keep it apart, split it off, or undo.

Each decision is a `LinkDecision` with the reason and who made it, and an audit event, in the same
transaction. Moving a record moves everything derived from it: its part in every event (so the
chronology follows), both people's relationships and homes (derived again from the messages), and
both people's details.
"""

from collections.abc import Mapping
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from frontdoor.audit.services import audit_record
from frontdoor.batches import batches
from frontdoor.chronology.models import Participant
from frontdoor.concurrency import version_advance
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
from frontdoor.sharing.engine import notifications_rederive

from .constraints import NAMED_TOGETHER, never_the_same
from .index import COLUMNS, indexed
from .models import LinkReview, ReviewStatus, StandingAction, StandingDecision
from .selectors import ROUTE

# Ids a query names at most: well under each backend's limit of parameters.
IDS_PER_QUERY = 10_000


class DecisionError(ValueError):
    """A decision that cannot be made as asked; the message says why, for the user."""


def relations_rederive(person_ids: set[int]) -> None:
    """Derive these people's relationships, homes and alerts again from every message about
    them, and tell any agency the new links call for."""
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
    notifications_rederive(person_ids=person_ids)


def _reason_required(reason: str) -> str:
    if not reason.strip():
        raise DecisionError("Give the reason for the decision: it is kept with the record.")
    return reason.strip()


def _named_beside(record: SourceRecord, person: Person) -> bool:
    """A message names the record beside a record of this person."""
    its_messages = Participant.objects.filter(record=record).values("event_id")
    return (
        Participant.objects.filter(person=person, event_id__in=its_messages)
        .exclude(record=record)
        .exists()
    )


def _never_the_same_as(record: SourceRecord, person: Person) -> str:
    """Why the record can never be of this person (a constraint against any of their records,
    or a message naming them as two people)."""
    rows = SourceRecord.objects.filter(Q(pk=record.pk) | Q(person=person)).values_list(*COLUMNS)
    features = {row[0]: indexed(row).features for row in rows}
    moving, today = features.pop(record.pk), date.today()
    reasons = (never_the_same(moving, other, on=today) for other in features.values())
    barred = next((reason for reason in reasons if reason), "")
    return barred or (NAMED_TOGETHER if _named_beside(record, person) else "")


def reviews_follow_joined_people(joined: Mapping[int, int], *, reason: str) -> None:
    """Open reviews suggesting a person whose records have all gone to another (`joined`: from
    the emptied person to the one now holding their records) suggest that other instead; and an
    open review whose record its suggested person now holds is settled as linked, for `reason`."""
    for chunk in batches(list(joined), IDS_PER_QUERY):
        reviews = list(LinkReview.objects.filter(status=ReviewStatus.OPEN, suggested_id__in=chunk))
        for review in reviews:
            review.suggested_id, review.version = joined[review.suggested_id], review.version + 1
        LinkReview.objects.bulk_update(reviews, ["suggested", "version"])
    LinkReview.objects.filter(status=ReviewStatus.OPEN, record__person_id=F("suggested_id")).update(
        version=F("version") + 1,
        status=ReviewStatus.LINKED,
        decided_at=timezone.now(),
        reason=reason,
    )


def _move(
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
    if not before.records.exists():
        reviews_follow_joined_people({before.pk: person.pk}, reason=reason)
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
        route=ROUTE,
        target=record,
        details={"from_person": before.pk, "to_person": person.pk, "reason": reason},
    )
    return decision


def record_move(
    record: SourceRecord, person: Person, *, user: User, reason: str, action: str
) -> LinkDecision:
    """A data manager's move of a record to a person, kept as a standing decision."""
    decision = _move(record, person, user=user, reason=reason, action=action)
    anchor = _anchor_of(person, leaving=record)
    _stand(
        StandingAction.LINK if anchor else StandingAction.SPLIT,
        record,
        anchor=anchor,
        user=user,
        reason=decision.explanation["reason"],
    )
    return decision


@transaction.atomic
def message_subjects_keep_with(
    *, inbox_id: int, chosen: Mapping[str, Person], user: User, reason: str, action: str
) -> None:
    """A form's message is about the people its user chose on the hub, whoever matching took
    its subjects to be: each subject's record (by ref) moves to its chosen person, a human
    decision with the reason."""
    for part in Participant.objects.filter(event__message_id=inbox_id).select_related("record"):
        person = chosen.get(part.ref)
        if person is not None and part.person_id != person.pk:
            record_move(part.record, person, user=user, reason=reason, action=action)


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


def _open_review(review: LinkReview, seen_version: int | None) -> LinkReview:
    review = LinkReview.objects.select_for_update().select_related("record").get(pk=review.pk)
    version_advance(review, seen=seen_version)
    if review.status != ReviewStatus.OPEN:
        raise DecisionError("Someone has already decided this one: see the decision below.")
    return review


@transaction.atomic
def review_link(
    review: LinkReview, *, user: User, reason: str, seen_version: int | None = None
) -> None:
    """Accept the suggestion: the record is of the suggested person."""
    review = _open_review(review, seen_version)
    record_move(
        review.record, review.suggested, user=user, reason=reason, action="linkage.review.link"
    )
    _review_close(review, ReviewStatus.LINKED, user=user, reason=reason)


@transaction.atomic
def review_keep_apart(
    review: LinkReview, *, user: User, reason: str, seen_version: int | None = None
) -> None:
    """Reject the suggestion: the record stays a person of its own."""
    review = _open_review(review, seen_version)
    reason = _reason_required(reason)
    _stand(
        StandingAction.KEEP_APART,
        review.record,
        anchor=_anchor_of(review.suggested, leaving=review.record),
        user=user,
        reason=reason,
    )
    audit_record(
        actor=user,
        action="linkage.review.keep_apart",
        route=ROUTE,
        target=review.record,
        details={"suggested_person": review.suggested_id, "reason": reason},
    )
    _review_close(review, ReviewStatus.KEPT_APART, user=user, reason=reason)


@transaction.atomic
def review_undo(
    review: LinkReview, *, user: User, reason: str, seen_version: int | None = None
) -> None:
    """Take a decision back: a link is split off again to the person the record was before."""
    review = LinkReview.objects.select_for_update().select_related("record").get(pk=review.pk)
    version_advance(review, seen=seen_version)
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
        _stand(
            StandingAction.REOPEN,
            review.record,
            anchor=_anchor_of(review.suggested, leaving=review.record),
            user=user,
            reason=_reason_required(reason),
        )
        audit_record(
            actor=user,
            action="linkage.review.undo",
            route=ROUTE,
            target=review.record,
            details={"reason": reason},
        )
    review.status, review.decided_at, review.decided_by, review.reason = (
        ReviewStatus.OPEN,
        None,
        None,
        "",
    )
    review.save(update_fields=["status", "decided_at", "decided_by", "reason"])


def _named(record: SourceRecord) -> tuple[int, str]:
    """A record as a standing decision names it: the message that first described it, and its
    subject's ref there."""
    ref = (
        Participant.objects.filter(record=record, event__message_id=record.first_message_id)
        .values_list("ref", flat=True)
        .first()
    )
    return record.first_message_id, ref or ""


def _record_named(message_id: int | None, ref: str) -> SourceRecord | None:
    participant = (
        Participant.objects.filter(event__message_id=message_id, ref=ref)
        .select_related("record__person")
        .first()
    )
    return participant.record if participant else None


def _anchor_of(person: Person, *, leaving: SourceRecord) -> SourceRecord | None:
    """The record that names a person in a standing decision: their oldest, but the one leaving."""
    return person.records.exclude(pk=leaving.pk).order_by("pk").first()


def _stand(
    action: str,
    record: SourceRecord,
    *,
    anchor: SourceRecord | None,
    user: User,
    reason: str,
) -> None:
    record_message, record_ref = _named(record)
    anchor_message, anchor_ref = _named(anchor) if anchor else (None, "")
    StandingDecision.objects.create(
        action=action,
        record_message_id=record_message,
        record_ref=record_ref,
        anchor_message_id=anchor_message,
        anchor_ref=anchor_ref,
        reason=reason,
        decided_by=user,
        decided_at=timezone.now(),
    )


def _reviews_close(
    record: SourceRecord, person: Person, status: str, decision: StandingDecision
) -> None:
    LinkReview.objects.filter(record=record, suggested=person, status=ReviewStatus.OPEN).update(
        version=F("version") + 1,
        status=status,
        decided_at=decision.decided_at,
        decided_by=decision.decided_by,
        reason=decision.reason,
    )


def _reapply(decision: StandingDecision) -> str:
    """Do again what the decision did, to the records as they are now; say what happened."""
    record = _record_named(decision.record_message_id, decision.record_ref)
    anchor = _record_named(decision.anchor_message_id, decision.anchor_ref)
    if record is None:
        return "the record is no longer in the index"
    user, reason, action = decision.decided_by, decision.reason, f"linkage.replay.{decision.action}"
    together = anchor is not None and anchor.person_id == record.person_id
    if decision.action == StandingAction.SPLIT:
        if not record.person.records.exclude(pk=record.pk).exists():
            return "the record is already a person of its own"
        _move(record, Person.objects.create(), user=user, reason=reason, action=action)
        return "split off"
    if anchor is None:
        return "the other person's record is no longer in the index"
    if decision.action == StandingAction.LINK:
        if not together:
            _move(record, anchor.person, user=user, reason=reason, action=action)
        _reviews_close(record, anchor.person, ReviewStatus.LINKED, decision)
        return "linked"
    if decision.action == StandingAction.KEEP_APART:
        if together:
            _move(record, Person.objects.create(), user=user, reason=reason, action=action)
        _reviews_close(record, anchor.person, ReviewStatus.KEPT_APART, decision)
        return "kept apart"
    LinkReview.objects.filter(
        record=record, suggested=anchor.person, status=ReviewStatus.KEPT_APART
    ).update(
        version=F("version") + 1,
        status=ReviewStatus.OPEN,
        decided_at=None,
        decided_by=None,
        reason="",
    )
    return "reopened"


@transaction.atomic
def standing_decision_apply(decision: StandingDecision) -> None:
    """Apply again, after a rebuild, a decision a data manager made; a decision the records no
    longer allow is not forced, and the audit log says why."""
    try:
        outcome = _reapply(decision)
    except DecisionError as refused:
        outcome = f"not applied: {refused}"
    decision.applied = True
    decision.save(update_fields=["applied"])
    audit_record(
        actor=None,
        action="linkage.standing.apply",
        details={"standing_decision": decision.pk, "outcome": outcome},
    )
