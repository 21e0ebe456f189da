"""The intake spine: store each message raw, then check it and derive everything from it.

Storing and processing are separate transactions. A crash after storing leaves the message
`received`; `inbox_process_pending` (the `frontdoor process` command) finishes it. Processing a
batch is one transaction that ends by marking its messages processed, so it happens exactly once.
"""

import functools
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.audit.services import audit_record
from frontdoor.bulk import rows_insert, rows_update
from frontdoor.chronology.models import Disclosure, Event, Participant
from frontdoor.chronology.services import events_record
from frontdoor.people.models import LinkDecision, Person, Relationship, Residence, SourceRecord
from frontdoor.people.services import records_resolve, relationships_record, residences_record
from frontdoor.triage.models import Referral
from frontdoor.triage.services import referrals_record

from .arrival import Arrival
from .exchange import check_message
from .models import Channel, InboxMessage, Status

logger = logging.getLogger(__name__)

Verdict = Literal["accepted", "duplicate", "rejected"]
STORE_ATTEMPTS = 3


@dataclass
class Outcome:
    """What became of one message sent to the hub: the answer its sender is given."""

    status: Verdict
    source: str | None
    message_id: str | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    reference: str | None = None
    inbox_id: int | None = None

    def as_json(self) -> dict[str, object]:
        answer: dict[str, object] = {
            "status": self.status,
            "source": self.source,
            "message_id": self.message_id,
        }
        if self.errors:
            answer["errors"] = self.errors
        if self.warnings:
            answer["warnings"] = self.warnings
        if self.reference:
            answer["reference"] = self.reference
        return answer


def _key_of(raw: str) -> tuple[str | None, str | None]:
    """The (source, message_id) a raw message claims, if it parses far enough to say."""
    try:
        payload = json.loads(raw)
    except ValueError:
        return None, None
    if not isinstance(payload, dict):
        return None, None
    source, message_id = payload.get("source"), payload.get("message_id")
    return (
        str(source) if isinstance(source, str | int) and str(source) else None,
        str(message_id) if isinstance(message_id, str | int) and str(message_id) else None,
    )


def _latest_revisions(keys: set[tuple[str, str]]) -> dict[tuple[str, str], InboxMessage]:
    latest: dict[tuple[str, str], InboxMessage] = {}
    if not keys:
        return latest
    for message in InboxMessage.objects.filter(
        message_id__in={k[1] for k in keys}, source__in={k[0] for k in keys}
    ).only("source", "message_id", "revision", "status", "raw", "received_from_agency"):
        key = (str(message.source), str(message.message_id))
        if key in keys and (key not in latest or message.revision > latest[key].revision):
            latest[key] = message
    return latest


def inbox_store(
    raws: Sequence[str],
    *,
    channel: str,
    received_by: User | None = None,
    sender: Agency | None = None,
    corrects: InboxMessage | None = None,
) -> list[InboxMessage | Outcome]:
    """Store each raw message unchanged unless it is a duplicate; nothing else happens here.

    The same (source, message_id) twice is stored once. A message whose earlier version is in
    quarantine is stored as a new revision that supersedes it, unless it is byte-for-byte the same.
    When another request stores one of the same keys at the same moment, the unique key stops the
    second copy and the batch is stored again one message at a time, which finds the duplicate.
    """
    store = functools.partial(
        _store_batch, channel=channel, received_by=received_by, sender=sender, corrects=corrects
    )
    try:
        return store(raws)
    except IntegrityError:
        stored: list[InboxMessage | Outcome] = []
        for raw in raws:
            for attempt in range(STORE_ATTEMPTS):
                try:
                    stored += store([raw])
                    break
                except IntegrityError:
                    if attempt == STORE_ATTEMPTS - 1:
                        raise
        return stored


def _store_batch(
    raws: Sequence[str],
    *,
    channel: str,
    received_by: User | None,
    sender: Agency | None,
    corrects: InboxMessage | None,
) -> list[InboxMessage | Outcome]:
    now = timezone.now()
    sender_code = sender.code if sender else ""
    keys = [_key_of(raw) for raw in raws]
    stored: list[InboxMessage | Outcome] = []
    superseded: list[InboxMessage] = [corrects] if corrects else []
    with transaction.atomic():
        latest = _latest_revisions({(s, m) for s, m in keys if s and m})
        for raw, (source, message_id) in zip(raws, keys, strict=True):
            previous = latest.get((source, message_id)) if source and message_id else None
            if previous and (
                previous.status in (Status.RECEIVED, Status.PROCESSED)
                or (previous.raw == raw and previous.received_from_agency == sender_code)
            ):
                stored.append(Outcome("duplicate", source, message_id))
                continue
            message = InboxMessage(
                source=source,
                message_id=message_id,
                revision=previous.revision + 1 if previous else 1,
                raw=raw,
                received_at=now,
                channel=channel,
                received_by=received_by,
                received_from_agency=sender_code,
                corrects=corrects or previous,
            )
            if previous:
                superseded.append(previous)
            if source and message_id:
                latest[(source, message_id)] = message
            stored.append(message)
        rows_insert(InboxMessage, [m for m in stored if isinstance(m, InboxMessage)])
        if superseded:
            InboxMessage.objects.filter(pk__in=[m.pk for m in superseded]).update(
                status=Status.SUPERSEDED
            )
    return stored


def messages_receive(
    raws: Sequence[str],
    *,
    channel: str,
    received_by: User | None = None,
    sender: Agency | None = None,
) -> list[Outcome]:
    """Store, then process, a batch of raw messages; say what became of each, in order."""
    stored = inbox_store(raws, channel=channel, received_by=received_by, sender=sender)
    messages = [m for m in stored if isinstance(m, InboxMessage)]
    messages_process(messages)
    return _outcomes(stored)


def message_correct(message: InboxMessage, raw: str, *, corrected_by: User) -> Outcome:
    """Send a corrected version of a quarantined message through intake again."""
    with transaction.atomic():
        stored = inbox_store(
            [raw], channel=Channel.CORRECTION, received_by=corrected_by, corrects=message
        )
        audit_record(
            actor=corrected_by,
            action="quarantine.correct",
            target=message,
            details={"errors_before": message.errors},
        )
    messages_process([m for m in stored if isinstance(m, InboxMessage)])
    return _outcomes(stored)[0]


def _outcomes(stored: Sequence[InboxMessage | Outcome]) -> list[Outcome]:
    ids = [m.pk for m in stored if isinstance(m, InboxMessage)]
    rows = {m.pk: m for m in InboxMessage.objects.filter(pk__in=ids)}
    references = dict(
        Referral.objects.filter(message_id__in=ids).values_list("message_id", "reference")
    )
    outcomes = []
    for item in stored:
        if isinstance(item, Outcome):
            outcomes.append(item)
            continue
        row = rows[item.pk]
        outcomes.append(
            Outcome(
                "rejected" if row.status == Status.REJECTED else "accepted",
                row.source,
                row.message_id,
                errors=list(row.errors),
                warnings=list(row.warnings),
                reference=references.get(row.pk),
                inbox_id=row.pk,
            )
        )
    return outcomes


def _batches(items: Iterable[InboxMessage], size: int) -> Iterable[list[InboxMessage]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def messages_process(messages: Sequence[InboxMessage]) -> None:
    """Check and derive stored messages, a batch per transaction; a failing batch is split."""
    agencies = dict(Agency.objects.values_list("code", "pk"))
    for batch in _batches(messages, settings.FRONTDOOR_INGEST_BATCH_SIZE):
        _process_or_split(batch, agencies)


def _process_or_split(batch: list[InboxMessage], agencies: dict[str, int]) -> None:
    try:
        with transaction.atomic():
            _process_batch(batch, agencies)
    except Exception as error:
        if len(batch) > 1:
            for message in batch:
                _process_or_split([message], agencies)
            return
        logger.exception("could not process inbox message %s", batch[0].pk)
        InboxMessage.objects.filter(pk=batch[0].pk, status=Status.RECEIVED).update(
            status=Status.REJECTED,
            processed_at=timezone.now(),
            errors=[f"(hub): could not be processed ({type(error).__name__}); resubmit it"],
        )


def _process_batch(batch: list[InboxMessage], agencies: dict[str, int]) -> None:
    pending = set(
        InboxMessage.objects.select_for_update()
        .filter(pk__in=[m.pk for m in batch], status=Status.RECEIVED)
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    local = ZoneInfo(settings.TIME_ZONE)
    arrivals: list[Arrival] = []
    rejected: list[InboxMessage] = []
    for message in batch:
        if message.pk not in pending:
            continue
        try:
            payload = json.loads(message.raw)
        except ValueError as error:
            message.errors = [f"(message): not valid JSON: {error}"]
            rejected.append(message)
            continue
        checked = check_message(payload, agencies=agencies.keys(), now=now, local=local)
        envelope = checked.envelope
        errors = checked.errors
        if envelope and message.received_from_agency not in ("", envelope.source):
            errors = [
                f"source: {envelope.source!r} is not the sending agency "
                f"{message.received_from_agency!r}"
            ]
        if envelope is None or errors:
            message.errors = errors
            rejected.append(message)
            continue
        message.warnings = list(envelope.warnings)
        arrivals.append(Arrival(message, envelope, agencies[envelope.source]))

    records = records_resolve(arrivals)
    relationships_record(arrivals, records)
    residences_record(arrivals, records)
    events = events_record(arrivals, records, agencies)
    referrals_record(arrivals, events)

    for message in rejected:
        message.status, message.processed_at = Status.REJECTED, now
    rows_update(InboxMessage, rejected, ["status", "errors", "processed_at"])
    InboxMessage.objects.filter(pk__in=[a.message.pk for a in arrivals]).update(
        status=Status.PROCESSED, processed_at=now
    )
    warned = [a.message for a in arrivals if a.message.warnings]
    rows_update(InboxMessage, warned, ["warnings"])


def inbox_process_pending() -> int:
    """Finish every message left `received` (e.g. by a crash), oldest first; return the count."""
    pending = InboxMessage.objects.filter(status=Status.RECEIVED).order_by("pk")
    count = 0
    for batch in _batches(pending.iterator(chunk_size=2000), 2000):
        messages_process(batch)
        count += len(batch)
    return count


def inbox_rebuild() -> int:
    """Delete everything derived from the inbox and derive it again, in arrival order."""
    with transaction.atomic():
        for model in (
            Referral,
            Disclosure,
            Participant,
            Event,
            Relationship,
            Residence,
            LinkDecision,
            SourceRecord,
            Person,
        ):
            model.objects.all().delete()
        InboxMessage.objects.exclude(status=Status.SUPERSEDED).update(
            status=Status.RECEIVED, errors=[], warnings=[], processed_at=None
        )
    return inbox_process_pending()
