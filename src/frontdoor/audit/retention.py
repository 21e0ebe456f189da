"""Retention: archive the records of people past their retention date, then delete them; legal
holds stop both (docs/audit.md, docs/decisions/0012).

The unit is a *group*: people joined by the messages that name them (and by what was derived
from those messages: alerts, notifications, links). A message is kept whole or deleted whole, so
a group is archived only when every one of its people is due, and deleted only when nothing in
it is held. What remains after a deletion derives exactly as it did before: the inbox is still
the source of truth for everything the hub holds.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, ProtectedError, Q
from django.utils import timezone

from frontdoor.access.models import BreakGlassGrant, RestrictedRecord, Restriction
from frontdoor.chronology.models import Event, Participant
from frontdoor.intake.models import InboxMessage
from frontdoor.intake.services import processing_lock_take
from frontdoor.linkage.models import LinkReview, StandingDecision
from frontdoor.marac.models import Action, Hearing, MaracReferral, ResearchReturn
from frontdoor.people.models import LinkDecision, Person, Relationship, Residence, SourceRecord
from frontdoor.quality.models import CaseAudit, DipReview
from frontdoor.risk.models import Alert, AlertChange
from frontdoor.sharing.models import Acknowledgement, NeverTell, Notification, NotSharing
from frontdoor.triage.models import AgencyCheck, Decision, Referral

from .configuration import Settings, Timeline
from .models import ArchivedMessage, LegalHold, RetentionGroup
from .services import audit_record

ADULT_AT = 18


class RetentionError(ValueError):
    """A retention request that cannot be done as asked; the message names the field."""


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # born on 29 February
        return born.replace(year=born.year + years, day=28)


def retention_date(*, born: date | None, last_activity: date, rule: Settings) -> tuple[str, date]:
    """The record kind and the first day a person's records may be archived: a child's (under
    18 at the last message about them) at the later of their birthday of `child_until_age` and
    the years after their last activity; anyone else's at the years after it."""
    after_activity = _birthday(last_activity, rule.years_after_last_activity)
    if born is not None and last_activity < _birthday(born, ADULT_AT):
        return "child", max(after_activity, _birthday(born, rule.child_until_age))
    return "adult", after_activity


@dataclass(frozen=True)
class Due:
    person_id: int
    kind: str
    due_on: date


def _people_due(today: date, rule: Settings) -> dict[int, Due]:
    """Every person whose own retention date has come."""
    due = {}
    for pk, born, expected, last in (
        Person.objects.annotate(last=Max("records__last_seen_at"))
        .values_list("pk", "date_of_birth", "due_date", "last")
        .iterator(chunk_size=5000)
    ):
        if last is None:
            continue
        kind, on = retention_date(
            born=born or expected, last_activity=timezone.localtime(last).date(), rule=rule
        )
        if on <= today:
            due[pk] = Due(pk, kind, on)
    return due


def _messages_of(people: set[int]) -> set[int]:
    """The messages that name these people, or that anything derived about them came from."""
    messages: set[int] = set(
        Event.objects.filter(
            Q(participants__person_id__in=people)
            | Q(pk__in=Alert.objects.filter(person_id__in=people).values("trigger_id"))
            | Q(pk__in=Notification.objects.filter(person_id__in=people).values("event_id"))
        ).values_list("message_id", flat=True)
    )
    # Each record, relationship and address still references the message that first reported
    # it, which must go with it; the later messages about it name its people, so the events
    # above already hold them (decision 28).
    for model, about in (
        (SourceRecord, Q(person_id__in=people)),
        (Relationship, Q(person_id__in=people) | Q(other_id__in=people)),
        (Residence, Q(person_id__in=people)),
    ):
        messages |= set(model.objects.filter(about).values_list("first_message_id", flat=True))
    messages |= set(
        LinkDecision.objects.filter(person_id__in=people, message__isnull=False).values_list(
            "message_id", flat=True
        )
    )
    return messages


def _people_of(messages: set[int]) -> set[int]:
    """The people these messages name, or that anything derived from them is about."""
    people: set[int] = set()
    people |= set(
        Participant.objects.filter(event__message__in=messages).values_list("person_id", flat=True)
    )
    people |= set(
        SourceRecord.objects.filter(first_message_id__in=messages).values_list(
            "person_id", flat=True
        )
    )
    for row in Relationship.objects.filter(first_message_id__in=messages).values_list(
        "person_id", "other_id"
    ):
        people |= set(row)
    people |= set(
        Residence.objects.filter(first_message_id__in=messages).values_list("person_id", flat=True)
    )
    people |= set(
        Alert.objects.filter(trigger__message__in=messages).values_list("person_id", flat=True)
    )
    people |= set(
        Notification.objects.filter(event__message__in=messages).values_list("person_id", flat=True)
    )
    people |= set(
        LinkDecision.objects.filter(message_id__in=messages).values_list("person_id", flat=True)
    )
    for row in LinkReview.objects.filter(message_id__in=messages).values_list(
        "record__person_id", "suggested_id"
    ):
        people |= set(row)
    return people


@dataclass
class Group:
    """People joined by their messages, found from one of them."""

    people: set[int]
    messages: set[int]


def _group_of(person_id: int) -> Group:
    people, messages = {person_id}, set[int]()
    new_people = {person_id}
    while new_people:
        new_messages = _messages_of(new_people) - messages
        messages |= new_messages
        new_people = _people_of(new_messages) - people if new_messages else set()
        people |= new_people
    return Group(people, messages)


def _held_messages() -> set[int]:
    held: set[int] = set()
    for inbox_ids in LegalHold.objects.filter(lifted_at=None).values_list("inbox_ids", flat=True):
        held |= set(inbox_ids)
    return held


@dataclass
class Plan:
    """What a run archives and deletes, and what it keeps and why."""

    today: date
    archive: list[tuple[Group, list[Due]]] = field(default_factory=list)
    delete: list[RetentionGroup] = field(default_factory=list)
    held: int = 0
    """Groups due to be archived or deleted, kept by a legal hold."""
    waiting: int = 0
    """People past their own date, kept because someone in their group is not."""
    failed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "archive": [
                {
                    "people": sorted(group.people),
                    "messages": len(group.messages),
                    "kinds": sorted({d.kind for d in due}),
                }
                for group, due in self.archive
            ],
            "delete": [
                {"group": group.pk, "messages": group.messages.count()} for group in self.delete
            ],
            "kept_by_legal_hold": self.held,
            "waiting_for_others_in_their_group": self.waiting,
            "failed": self.failed,
        }


def retention_plan(*, today: date) -> Plan:
    """What is due today: groups to archive (everyone due, nothing held) and archived groups to
    delete (past their date, nothing held)."""
    rule = Timeline.load().on(today)
    due = _people_due(today, rule)
    held = _held_messages()
    plan = Plan(today)
    seen: set[int] = set()
    for person_id in sorted(due):
        if person_id in seen:
            continue
        group = _group_of(person_id)
        seen |= group.people
        if not group.people <= due.keys():
            plan.waiting += len(group.people & due.keys())
        elif group.messages & held:
            plan.held += 1
        else:
            plan.archive.append((group, [due[p] for p in sorted(group.people)]))
    for archived in RetentionGroup.objects.filter(deleted_at=None, delete_after__lte=today):
        inbox_ids = set(archived.messages.values_list("inbox_id", flat=True))
        if inbox_ids & held:
            plan.held += 1
        else:
            plan.delete.append(archived)
    return plan


def _names(group: Group) -> list[tuple[int, int, str]]:
    """Each person's (message, ref): what a legal hold or a reader of the group names them by."""
    inbox_of = dict(
        Event.objects.filter(message_id__in=group.messages).values_list("pk", "message_id")
    )
    return sorted(
        (person_id, inbox_of[event_id], ref)
        for person_id, event_id, ref in Participant.objects.filter(
            person_id__in=group.people
        ).values_list("person_id", "event_id", "ref")
    )


def _keyed(
    keys: list[tuple[str, str]], source: str = "source", message_id: str = "message_id"
) -> Q:
    """Rows naming any of these (source, message_id) keys in these fields; none when there are
    none."""
    return (
        Q(*(Q(**{source: s, message_id: m}) for s, m in keys), _connector=Q.OR)
        if keys
        else Q(pk=None)
    )


def _derived_delete(group: Group) -> None:
    """Delete what was derived from the group's messages, in an order no protection refuses."""
    people, messages = group.people, group.messages
    Notification.objects.filter(person_id__in=people).delete()
    Alert.objects.filter(person_id__in=people).delete()
    Event.objects.filter(message_id__in=messages).delete()
    Relationship.objects.filter(Q(person_id__in=people) | Q(other_id__in=people)).delete()
    Residence.objects.filter(person_id__in=people).delete()
    LinkReview.objects.filter(Q(record__person_id__in=people) | Q(suggested_id__in=people)).delete()
    LinkDecision.objects.filter(Q(person_id__in=people) | Q(record__person_id__in=people)).delete()
    SourceRecord.objects.filter(person_id__in=people).delete()
    Person.objects.filter(pk__in=people).delete()


def _archive(group: Group, due: list[Due], rule: Settings, today: date) -> RetentionGroup:
    names = _names(group)
    kinds = {d.person_id: (d.kind, d.due_on.isoformat()) for d in due}
    references = list(
        Referral.objects.filter(message_id__in=group.messages).values_list("reference", flat=True)
    ) + list(
        MaracReferral.objects.filter(event__message__in=group.messages).values_list(
            "reference", flat=True
        )
    )
    archived = RetentionGroup.objects.create(
        archived_at=timezone.now(),
        delete_after=_birthday(today, rule.archive_years),
        people=[
            {
                "person_id": person_id,
                "message": message_id,
                "ref": ref,
                "kind": kinds[person_id][0],
                "due_on": kinds[person_id][1],
            }
            for person_id, message_id, ref in names
        ],
        references=references,
        settings={
            "child_until_age": rule.child_until_age,
            "years_after_last_activity": rule.years_after_last_activity,
            "archive_years": rule.archive_years,
        },
    )
    ArchivedMessage.objects.bulk_create(
        ArchivedMessage(
            group=archived,
            inbox_id=pk,
            source=source or "",
            message_id=message_id or "",
            revision=revision,
        )
        for pk, source, message_id, revision in InboxMessage.objects.filter(
            pk__in=group.messages
        ).values_list("pk", "source", "message_id", "revision")
    )
    _derived_delete(group)
    audit_record(
        actor=None,
        action="retention.archive",
        target=archived,
        details={"people": sorted(group.people), "messages": len(group.messages)},
    )
    return archived


def _delete(archived: RetentionGroup) -> None:
    """Delete an archived group's messages, every revision of them, and the hub's own work on
    them: the front door's and the MARAC's, what people did about alerts and notifications,
    quality reviews, standing link decisions, restrictions of the group's people and break-glass
    grants to them."""
    keys = list(archived.messages.values_list("source", "message_id"))
    inbox = InboxMessage.objects.filter(
        Q(pk__in=archived.messages.values("inbox_id")) | _keyed(keys)
    )
    references = list(archived.references)
    Decision.objects.filter(referral_id__in=references).delete()
    AgencyCheck.objects.filter(referral_id__in=references).delete()
    for model in (Hearing, ResearchReturn, Action):
        model.objects.filter(referral_id__in=references).delete()
    # Kept by the triggering message or by the person's part in a message (frontdoor.kept).
    named = _keyed(keys, "subject_sent_by__code", "subject_message_id")
    kept = _keyed(keys, "sent_by__code") | named
    for kept_model in (AlertChange, Acknowledgement, NotSharing):
        kept_model.objects.filter(kept).delete()
    NeverTell.objects.filter(named).delete()
    CaseAudit.objects.filter(_keyed(keys)).delete()
    DipReview.objects.filter(_keyed(keys)).delete()
    StandingDecision.objects.filter(
        Q(record_message__in=inbox) | Q(anchor_message__in=inbox)
    ).delete()
    restrictions = set(
        RestrictedRecord.objects.filter(message__in=inbox).values_list("restriction_id", flat=True)
    )
    RestrictedRecord.objects.filter(message__in=inbox).delete()
    Restriction.objects.filter(pk__in=restrictions, records__isnull=True).delete()
    BreakGlassGrant.objects.filter(message__in=inbox).delete()
    remaining = set(inbox.values_list("pk", flat=True))
    deleted = len(remaining)
    while remaining:
        # A correction protects the revision it corrects: the newest go first.
        corrected = set(
            InboxMessage.objects.filter(pk__in=remaining, corrects__isnull=False).values_list(
                "corrects_id", flat=True
            )
        )
        InboxMessage.objects.filter(pk__in=remaining - corrected).delete()
        remaining &= corrected
    archived.deleted_at = timezone.now()
    archived.save(update_fields=["deleted_at"])
    audit_record(
        actor=None,
        action="retention.delete",
        target=archived,
        details={"messages": deleted, "references": references},
    )


def retention_run(*, today: date, dry_run: bool) -> Plan:
    """Archive and delete what is due today, each group in its own transaction; with `dry_run`,
    only say what would be done. A group that changed since it was planned (a new message about
    one of its people) is left for the next run; one whose deletion something still protects is
    named in `failed` and left as it was."""
    plan = retention_plan(today=today)
    if dry_run:
        return plan
    rule = Timeline.load().on(today)
    for group, due in plan.archive:
        try:
            with transaction.atomic():
                processing_lock_take()
                now = _group_of(min(group.people))
                if (now.people, now.messages) != (group.people, group.messages):
                    plan.failed.append(f"people {sorted(group.people)}: changed since planned")
                    continue
                _archive(group, due, rule, today)
        except ProtectedError as error:
            plan.failed.append(f"people {sorted(group.people)}: {_protecting(error)}")
    for archived in plan.delete:
        try:
            with transaction.atomic():
                processing_lock_take()
                _delete(archived)
        except ProtectedError as error:
            plan.failed.append(f"{archived}: {_protecting(error)}")
    return plan


def _protecting(error: ProtectedError) -> str:
    kinds = sorted({type(row).__name__ for row in error.protected_objects})
    return f"still referred to by {', '.join(kinds)}"


def _messages_naming(person_id: int) -> set[int]:
    """The messages naming a person now, or, once archived, when they were archived."""
    live = _messages_of({person_id})
    if live:
        return live
    named: set[int] = set()
    for archived in RetentionGroup.objects.filter(deleted_at=None):
        for entry in archived.people:
            if entry["person_id"] == person_id:
                named.add(int(entry["message"]))
    return named


def legal_hold_add(*, person_id: int, reason: str, user: User | None) -> LegalHold:
    """Hold a person's records (and so their group's) from archiving and deletion."""
    if not reason.strip():
        raise RetentionError("reason: say why the records must be kept")
    inbox_ids = _messages_naming(person_id)
    if not inbox_ids:
        raise RetentionError(f"person_id: the hub holds no records of person {person_id}")
    with transaction.atomic():
        hold = LegalHold.objects.create(
            person_id=person_id,
            inbox_ids=sorted(inbox_ids),
            reason=reason.strip(),
            placed_by=user,
            placed_at=timezone.now(),
        )
        audit_record(
            actor=user,
            action="retention.hold.add",
            target=hold,
            details={"person_id": person_id, "reason": hold.reason},
        )
    return hold


def legal_hold_lift(*, hold_id: int, reason: str, user: User | None) -> LegalHold:
    if not reason.strip():
        raise RetentionError("reason: say why the hold is no longer needed")
    hold = LegalHold.objects.filter(pk=hold_id, lifted_at=None).first()
    if hold is None:
        raise RetentionError(f"hold_id: no legal hold {hold_id} in force")
    with transaction.atomic():
        hold.lifted_at = timezone.now()
        hold.lifted_by = user
        hold.lift_reason = reason.strip()
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit_record(
            actor=user,
            action="retention.hold.lift",
            target=hold,
            details={"person_id": hold.person_id, "reason": hold.lift_reason},
        )
    return hold


def holds_in_force() -> Iterable[LegalHold]:
    return LegalHold.objects.filter(lifted_at=None).order_by("placed_at")


def archived_inbox_ids() -> set[int]:
    """The inbox messages of archived groups: a rebuild leaves them as they are."""
    return set(ArchivedMessage.objects.values_list("inbox_id", flat=True))
