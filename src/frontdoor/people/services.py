"""Writes to the person index: source records, the people they resolve to, relationships, homes."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any, TypeVar

from django.db import connection

from frontdoor.bulk import rows_add, rows_insert, rows_update, rows_upsert
from frontdoor.intake.arrival import Arrival, SubjectKey
from frontdoor.intake.exchange import Subject
from frontdoor.intake.models import InboxMessage
from frontdoor.linkage.models import LinkReview
from frontdoor.linkage.resolvers import Candidate, Match, Resolver, get_resolver

from .models import (
    FormerId,
    LinkDecision,
    Person,
    Relationship,
    Residence,
    SourceRecord,
)
from .normalise import address_key, display_postcode, phonetic_key

K = TypeVar("K", bound=tuple[object, ...])

# Parts in a message only an adult plays, and services only adults receive: an agency that
# records someone so says they are an adult that day, which counts where the record has no date
# of birth (docs/linkage.md). A child at an incident is sent in the part `child`; "witness" and
# "subject" say nothing.
ADULT_PARTS = frozenset({"victim", "alleged_perpetrator", "parent", "adult"})
ADULT_SERVICES = frozenset(
    {"adult_mental_health", "substance_misuse", "probation_supervision", "licence"}
)


RECORD_COLUMNS = (
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "due_date",
    "sex",
    "nhs_number",
    "nhs_number_valid",
    "line1",
    "line2",
    "town",
    "postcode",
    "school_urn",
    "gp_practice",
    "given_key",
    "family_key",
)


def _record_fields(subject: Subject) -> dict[str, Any]:
    """The source record's columns as this subject describes them."""
    postcode = display_postcode(subject.address.postcode)
    return {
        "given_name": subject.given_name,
        "family_name": subject.family_name,
        "other_names": list(subject.other_names),
        "date_of_birth": subject.date_of_birth,
        "due_date": subject.due_date,
        "sex": subject.sex,
        "nhs_number": subject.nhs_number,
        "nhs_number_valid": subject.nhs_number_valid,
        "line1": subject.address.line1,
        "line2": subject.address.line2,
        "town": subject.address.town,
        "postcode": postcode,
        "school_urn": subject.school_urn,
        "gp_practice": subject.gp_practice,
        "given_key": phonetic_key(subject.given_name),
        "family_key": phonetic_key(subject.family_name),
    }


def _recorded_as_adult(arrival: Arrival, subject: Subject) -> bool:
    """The message puts the subject in an adult's part, or opens or closes an adults' service
    for them."""
    envelope = arrival.envelope
    return subject.role in ADULT_PARTS or (
        envelope.kind == "involvement"
        and subject.role == "subject"
        and envelope.facts.get("service") in ADULT_SERVICES
    )


def _candidate(arrival: Arrival, subject: Subject, fields: Mapping[str, Any]) -> Candidate:
    on = arrival.envelope.occurred_at.date()
    return Candidate(
        agency_id=arrival.agency_id,
        source_person_id=subject.source_person_id,
        given_name=fields["given_name"],
        family_name=fields["family_name"],
        other_names=tuple(fields["other_names"]),
        date_of_birth=fields["date_of_birth"],
        sex=fields["sex"],
        postcode=fields["postcode"],
        nhs_number=fields["nhs_number"] if fields["nhs_number_valid"] else "",
        line1=fields["line1"],
        given_key=fields["given_key"],
        family_key=fields["family_key"],
        child_on=on if subject.role == "child" else None,
        adult_on=on if _recorded_as_adult(arrival, subject) else None,
        due_date=subject.due_date,
        on=on,
    )


def _stage_noted(record: SourceRecord, candidate: Candidate) -> bool:
    """Keep on the record the earliest day its agency recorded a child, and an adult; whether
    either changed."""
    changed = False
    for name in ("child_on", "adult_on"):
        day = getattr(candidate, name)
        if day is not None and (getattr(record, name) is None or day < getattr(record, name)):
            setattr(record, name, day)
            changed = True
    return changed


def _person_from(fields: Mapping[str, Any]) -> Person:
    return Person(
        given_name=str(fields["given_name"]),
        family_name=str(fields["family_name"]),
        date_of_birth=fields["date_of_birth"],
        due_date=fields["due_date"],
        sex=str(fields["sex"]),
        nhs_number=str(fields["nhs_number"]) if fields["nhs_number_valid"] else "",
    )


def _fill_gaps(person: Person, fields: Mapping[str, Any]) -> bool:
    """Complete what the person lacks from a newer record; never overwrite what is known."""
    changed = False
    for name in ("given_name", "family_name", "date_of_birth", "due_date", "sex"):
        if not getattr(person, name) and fields[name]:
            setattr(person, name, fields[name])
            changed = True
    if not person.nhs_number and fields["nhs_number_valid"]:
        person.nhs_number = str(fields["nhs_number"])
        changed = True
    return changed


def former_ids_note() -> None:
    """Before a rebuild deletes the people, note each record's person (see `FormerId`).

    A record already noted keeps its note: a rebuild cut short and started again must not lose
    the ids of the people it had not yet made again.
    """
    table, records = FormerId._meta.db_table, SourceRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, source_person_id, person_id) "  # noqa: S608  # nosec B608
            f"SELECT agency_id, source_person_id, person_id FROM {records} AS record "
            "WHERE source_person_id IS NOT NULL AND NOT EXISTS ("
            f"SELECT 1 FROM {table} AS noted WHERE noted.agency_id = record.agency_id "
            "AND noted.source_person_id = record.source_person_id)"
        )


def _former_ids(keys: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The ids these records' people had before a rebuild (none, outside one)."""
    if not keys:
        return {}
    return {
        (agency_id, source_person_id): person_id
        for agency_id, source_person_id, person_id in FormerId.objects.filter(
            source_person_id__in={key[1] for key in keys}
        ).values_list("agency_id", "source_person_id", "person_id")
        if (agency_id, source_person_id) in keys
    }


Prepared = tuple[Arrival, Subject, dict[str, Any], Candidate]


def _message_subjects_match(
    resolver: Resolver, subjects: Sequence[Prepared], known: Mapping[tuple[int, str], SourceRecord]
) -> dict[int, Match]:
    """The resolver's answer for each subject of one message its agency has not sent before (by
    the subject's identity; a subject sent twice in it, the first time only), never the person
    of another of its subjects: a message names each person once (ADR 29)."""
    named: list[Person] = []
    sent: set[tuple[int, str]] = set()
    unknown: dict[int, Candidate] = {}
    for arrival, subject, _, candidate in subjects:
        key = (arrival.agency_id, subject.source_person_id)
        if not subject.source_person_id:
            unknown[id(subject)] = candidate
        elif key in known:
            named.append(known[key].person)
        elif key not in sent:
            sent.add(key)
            unknown[id(subject)] = candidate
    answers = resolver.resolve_message(list(unknown.values()), apart_from=named)
    return dict(zip(unknown, answers, strict=True))


def records_resolve(arrivals: Sequence[Arrival]) -> dict[SubjectKey, SourceRecord]:
    """Attach every subject to its agency's source record and the person that record is about."""
    known: dict[tuple[int, str], SourceRecord] = {}
    keys = {
        (a.agency_id, s.source_person_id)
        for a in arrivals
        for s in a.envelope.subjects
        if s.source_person_id
    }
    if keys:
        for record in SourceRecord.objects.filter(
            source_person_id__in={key[1] for key in keys}
        ).select_related("person"):
            key = (record.agency_id, str(record.source_person_id))
            if key in keys:
                known[key] = record

    resolver = get_resolver()
    prepared = [
        (arrival, subject, fields, _candidate(arrival, subject, fields))
        for arrival in arrivals
        for subject in arrival.envelope.subjects
        for fields in (_record_fields(subject),)
    ]
    # Only subjects the agency has not sent before are resolved: the rest keep their person.
    resolver.prepare(
        [c for a, s, f, c in prepared if (a.agency_id, s.source_person_id) not in known]
    )

    former = _former_ids(
        {(a.agency_id, s.source_person_id) for a, s, _, _ in prepared if s.source_person_id}
        - known.keys()
    )
    matches: dict[int, Match] = {}
    taken: set[int] = set()
    people: dict[int, Person] = {}

    def one_copy(person: Person) -> Person:
        """The batch's single instance of a stored person, so no change to them is lost."""
        return people.setdefault(person.pk, person) if person.pk else person

    new_people: list[Person] = []
    new_records: list[SourceRecord] = []
    new_decisions: list[tuple[SourceRecord, Match, InboxMessage]] = []
    new_reviews: list[LinkReview] = []
    # Records an agency described differently this time, and records only seen again: most are
    # the latter, and writing just their two columns leaves the other columns' indexes alone.
    restated: dict[int, SourceRecord] = {}
    seen_again: dict[int, SourceRecord] = {}
    changed_people: dict[int, Person] = {}
    resolved: dict[SubjectKey, SourceRecord] = {}
    for position, (arrival, subject, fields, candidate) in enumerate(prepared):
        message, occurred_at = arrival.message, arrival.envelope.occurred_at
        if position == 0 or prepared[position - 1][0] is not arrival:
            subjects = prepared[position : position + len(arrival.envelope.subjects)]
            matches = _message_subjects_match(resolver, subjects, known)
        key = (arrival.agency_id, subject.source_person_id)
        existing = known.get(key) if subject.source_person_id else None
        if existing is None:
            match = matches[id(subject)]
            person = one_copy(match.person) if match.person else None
            if person is None:
                person = _person_from(fields)
                former_pk = former.get(key)
                if former_pk is not None and former_pk not in taken:
                    person.pk = former_pk
                    taken.add(former_pk)
                new_people.append(person)
            resolver.remember(candidate, person)
            record = SourceRecord(
                agency_id=arrival.agency_id,
                source_person_id=subject.source_person_id or None,
                person=person,
                first_message=message,
                last_seen_at=occurred_at,
                child_on=candidate.child_on,
                adult_on=candidate.adult_on,
                **fields,
            )
            new_records.append(record)
            new_decisions.append((record, match, message))
            if match.suggestion is not None:
                new_reviews.append(
                    LinkReview(
                        record=record,
                        suggested=one_copy(match.suggestion),
                        score=match.score or 0.0,
                        explanation=match.explanation,
                        message=message,
                    )
                )
            if subject.source_person_id:
                known[key] = record
        else:
            record = existing
            record.person = one_copy(record.person)
        if existing and occurred_at >= record.last_seen_at:
            if record.pk and any(getattr(record, name) != value for name, value in fields.items()):
                restated[record.pk] = record
            for name, value in fields.items():
                setattr(record, name, value)
            record.last_seen_at = occurred_at
            if record.pk:
                seen_again[record.pk] = record
        if _stage_noted(record, candidate) and record.pk:
            restated[record.pk] = record
        if _fill_gaps(record.person, fields) and record.person.pk:
            changed_people[record.person.pk] = record.person
        resolved[(message.pk, subject.ref)] = record

    rows_insert(Person, new_people)
    if taken:
        FormerId.objects.filter(person_id__in=taken).delete()
    rows_insert(SourceRecord, new_records)
    rows_add(LinkDecision, [_decision_row(*decision) for decision in new_decisions])
    rows_insert(LinkReview, new_reviews)
    rows_update(
        SourceRecord,
        restated.values(),
        [*RECORD_COLUMNS, "child_on", "adult_on", "last_seen_at"],
    )
    rows_update(
        SourceRecord,
        [record for pk, record in seen_again.items() if pk not in restated],
        ["last_seen_at"],
    )
    if changed_people:
        rows_update(
            Person,
            changed_people.values(),
            ["given_name", "family_name", "date_of_birth", "due_date", "sex", "nhs_number"],
        )
    return resolved


def _decision_row(record: SourceRecord, match: Match, message: InboxMessage) -> SimpleNamespace:
    """The row that says why a new record was linked to its person, as `LinkDecision` keeps it."""
    return SimpleNamespace(
        record_id=record.pk,
        person_id=record.person.pk,
        method=match.method,
        score=match.score,
        explanation=match.explanation,
        model_version=match.model_version,
        decided_by_id=None,
        message_id=message.pk,
    )


@dataclass
class Span:
    """The earliest and latest moments something was reported, and the message that first
    said so."""

    first_at: datetime
    first_message: InboxMessage
    last_at: datetime

    def widen(self, moment: datetime, message: InboxMessage) -> None:
        if moment < self.first_at:
            self.first_at, self.first_message = moment, message
        self.last_at = max(self.last_at, moment)


def _widen(spans: dict[K, Span], key: K, moment: datetime, message: InboxMessage) -> None:
    if key in spans:
        spans[key].widen(moment, message)
    else:
        spans[key] = Span(moment, message, moment)


def relationships_record(
    arrivals: Sequence[Arrival], records: Mapping[SubjectKey, SourceRecord]
) -> None:
    """Record who is related to whom, widening each relationship's first and last seen dates."""
    spans: dict[tuple[int, int, str], Span] = {}
    for arrival in arrivals:
        message = arrival.message
        for link in arrival.envelope.relationships:
            person = records[(message.pk, link.from_ref)].person
            other = records[(message.pk, link.to_ref)].person
            if person.pk != other.pk:
                key = (person.pk, other.pk, link.type)
                _widen(spans, key, arrival.envelope.occurred_at, message)
    _spans_write(
        Relationship,
        [
            SimpleNamespace(person_id=key[0], other_id=key[1], type=key[2], **_span_columns(span))
            for key, span in spans.items()
        ],
        unique=("person", "other", "type"),
    )


def residences_record(
    arrivals: Sequence[Arrival], records: Mapping[SubjectKey, SourceRecord]
) -> None:
    """Record the addresses people were known at, and over what dates."""
    spans: dict[tuple[int, str], Span] = {}
    shown: dict[tuple[int, str], Subject] = {}
    for arrival in arrivals:
        message = arrival.message
        for subject in arrival.envelope.subjects:
            key_text = address_key(subject.address.line1, subject.address.postcode)
            if key_text:
                key = (records[(message.pk, subject.ref)].person.pk, key_text)
                shown.setdefault(key, subject)
                _widen(spans, key, arrival.envelope.occurred_at, message)
    _spans_write(
        Residence,
        [
            SimpleNamespace(
                person_id=key[0],
                address_key=key[1],
                line1=shown[key].address.line1,
                town=shown[key].address.town,
                postcode=display_postcode(shown[key].address.postcode),
                **_span_columns(span),
            )
            for key, span in spans.items()
        ],
        unique=("person", "address_key"),
    )


def _span_columns(span: Span) -> dict[str, object]:
    return {
        "first_seen": span.first_at,
        "first_message_id": span.first_message.pk,
        "last_seen": span.last_at,
    }


def _spans_write(
    model: type[Relationship] | type[Residence],
    rows: Sequence[SimpleNamespace],
    unique: tuple[str, ...],
) -> None:
    """Store each row new, or widen the stored row of the same key to the earlier first seen
    (with its message) and the later last seen; a row whose dates hold the new ones is left
    as it is. One statement, with no read first: most rows are seen again, and a row seen only
    later changes a column no index holds, so it is rewritten in place (decision 28)."""
    table = connection.ops.quote_name(model._meta.db_table)
    earlier, later = ("LEAST", "GREATEST") if connection.vendor == "postgresql" else ("MIN", "MAX")
    rows_upsert(
        model,
        rows,
        unique=unique,
        update=(
            f"UPDATE SET first_message_id = CASE WHEN excluded.first_seen < {table}.first_seen "  # nosec B608
            f"THEN excluded.first_message_id ELSE {table}.first_message_id END, "
            f"first_seen = {earlier}({table}.first_seen, excluded.first_seen), "
            f"last_seen = {later}({table}.last_seen, excluded.last_seen) "
            f"WHERE excluded.first_seen < {table}.first_seen "
            f"OR excluded.last_seen > {table}.last_seen"
        ),
    )


def person_details_refresh(person: Person) -> None:
    """Fill the person's details again from their records, oldest first, as intake would have."""
    for name in ("given_name", "family_name", "sex", "nhs_number"):
        setattr(person, name, "")
    person.date_of_birth = person.due_date = None
    for record in person.records.order_by("pk"):
        _fill_gaps(person, {name: getattr(record, name) for name in RECORD_COLUMNS})
    person.save()
