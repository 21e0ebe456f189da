"""The intake spine: store each message raw, then check it and derive everything from it.

Storing and processing are separate transactions. A crash after storing leaves the message
`received`; `inbox_process_pending` (the `frontdoor process` command) finishes it. Processing a
batch is one transaction that ends by marking its messages processed, so it happens exactly once.
A failure of the hub's own (a lost connection, a bug) leaves the message `received` to be tried
again; only a fault in the message itself puts it in quarantine.
"""

import functools
import json
import logging
import operator
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.access.policy import QUARANTINE_ROUTE
from frontdoor.audit.models import ArchivedMessage
from frontdoor.audit.services import audit_record
from frontdoor.batches import batches, halving_apply, worked_ahead
from frontdoor.bulk import rows_insert, rows_update, statistics_refresh
from frontdoor.chronology.models import Disclosure, Event, Participant
from frontdoor.chronology.services import events_record
from frontdoor.linkage.models import StandingDecision
from frontdoor.people.models import (
    FormerId,
    LinkDecision,
    Person,
    Relationship,
    Residence,
    SourceRecord,
)
from frontdoor.people.services import (
    former_ids_note,
    records_resolve,
    relationships_record,
    residences_record,
)
from frontdoor.risk.models import Alert
from frontdoor.sharing.models import Notification
from frontdoor.triage.models import Referral
from frontdoor.triage.references import referral_reference
from frontdoor.triage.services import referrals_record
from frontdoor.turnstile import bulk_batches, write_turn

from .arrival import Arrival
from .derivation import derivations_run, events_derive, intake_by_worker
from .exchange import check_message, message_key
from .models import Channel, InboxMessage, Status

logger = logging.getLogger(__name__)

Verdict = Literal["accepted", "pending", "duplicate", "rejected"]
STORE_ATTEMPTS = 3
FIRST_STATISTICS_REFRESH = 10_000
# Taken by every processing transaction on PostgreSQL, so two workers never resolve the same
# person at once (SQLite's immediate transactions already let only one writer in).
PROCESSING_LOCK = 0x46445F494E54414B  # "FD_INTAK"
# The states in which a stored message still waits to be recorded.
WAITING = (Status.RECEIVED, Status.CHECKED)


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


@dataclass(frozen=True)
class Arriving:
    """A message as it arrives, before it is stored: its text and where it came from."""

    raw: str | bytes
    origin: str = ""


NOT_UTF8 = "(message): not valid UTF-8; unreadable bytes are shown as \ufffd"
HAS_NUL = "(message): contains a NUL character, shown as \ufffd"
NOT_UNICODE = "(message): not valid Unicode; unreadable characters are shown as ?"
UNREADABLE = frozenset({NOT_UTF8, HAS_NUL, NOT_UNICODE})


def _readable(raw: str | bytes) -> tuple[str, str | None]:
    """The text to store, and why it cannot be read as sent (the stored text then marks where)."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("utf-8", errors="replace"), NOT_UTF8
        raw = text
    if "\x00" in raw:
        return raw.replace("\x00", "\ufffd"), HAS_NUL
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return raw.encode("utf-8", errors="replace").decode("utf-8"), NOT_UNICODE
    return raw, None


def _key_of(raw: str) -> tuple[str | None, str | None]:
    """The (source, message_id) a raw message claims, if it parses far enough to say."""
    try:
        return message_key(json.loads(raw))
    except (ValueError, RecursionError):
        return None, None


def _latest_revisions(keys: set[tuple[str, str]]) -> dict[tuple[str, str], InboxMessage]:
    latest: dict[tuple[str, str], InboxMessage] = {}
    if not keys:
        return latest
    by_source: dict[str, list[str]] = {}
    for source, message_id in keys:
        by_source.setdefault(source, []).append(message_id)
    # A condition for each source: with one list of sources and one of ids, PostgreSQL's index
    # scan looks up every pair of the two (30 sources by 500 ids: 15,000 descents a batch).
    either = functools.reduce(
        operator.or_,
        (Q(source=source, message_id__in=ids) for source, ids in by_source.items()),
    )
    for message in InboxMessage.objects.filter(either).only(
        "source", "message_id", "revision", "status", "raw", "received_from_agency"
    ):
        key = (str(message.source), str(message.message_id))
        if key not in latest or message.revision > latest[key].revision:
            latest[key] = message
    return latest


def inbox_store(
    arriving: Sequence[Arriving],
    *,
    channel: str,
    received_by: User | None = None,
    sender: Agency | None = None,
    corrects: InboxMessage | None = None,
    checking_against: dict[str, int] | None = None,
) -> list[InboxMessage | Outcome]:
    """Store each message unchanged unless it is a duplicate; nothing else happens here.

    The same (source, message_id) twice is stored once. A message whose earlier version is in
    quarantine is stored as a new revision that supersedes it, unless it is byte-for-byte the same.
    When another request stores one of the same keys at the same moment, the unique key stops the
    second copy and the batch is stored again one message at a time, which finds the duplicate.

    With `checking_against` (the register of agencies, code to id), each new message is stored
    with its check's verdict (`checked`, or in quarantine), as the intake worker's API answers
    need: in the one transaction that stores it (decision 27).
    """
    store = functools.partial(
        _store_batch,
        channel=channel,
        received_by=received_by,
        sender=sender,
        corrects=corrects,
        checking_against=checking_against,
    )
    try:
        return store(arriving)
    except IntegrityError:
        stored: list[InboxMessage | Outcome] = []
        for one in arriving:
            for attempt in range(STORE_ATTEMPTS):
                try:
                    stored += store([one])
                    break
                except IntegrityError:
                    if attempt == STORE_ATTEMPTS - 1:
                        raise
        return stored


def _store_batch(
    arriving: Sequence[Arriving],
    *,
    channel: str,
    received_by: User | None,
    sender: Agency | None,
    corrects: InboxMessage | None,
    checking_against: dict[str, int] | None,
) -> list[InboxMessage | Outcome]:
    now = timezone.now()
    local = ZoneInfo(settings.TIME_ZONE)
    sender_code = sender.code if sender else ""
    readable = [_readable(one.raw) for one in arriving]
    keys = [_key_of(text) if error is None else (None, None) for text, error in readable]
    # A message claiming another agency's key is kept without it: it must not touch theirs.
    keys = [
        (source, message_id) if not sender_code or source == sender_code else (None, None)
        for source, message_id in keys
    ]
    stored: list[InboxMessage | Outcome] = []
    repeats: list[tuple[Outcome, InboxMessage]] = []
    superseded: list[InboxMessage] = [corrects] if corrects else []
    with transaction.atomic():
        latest = _latest_revisions({(s, m) for s, m in keys if s and m})
        for one, (text, unreadable), (source, message_id) in zip(
            arriving, readable, keys, strict=True
        ):
            previous = latest.get((source, message_id)) if source and message_id else None
            if previous and (
                previous.status in (*WAITING, Status.PROCESSED)
                or (previous.raw == text and previous.received_from_agency == sender_code)
            ):
                duplicate = Outcome("duplicate", source, message_id)
                repeats.append((duplicate, previous))
                stored.append(duplicate)
                continue
            message = InboxMessage(
                source=source,
                message_id=message_id,
                revision=previous.revision + 1 if previous else 1,
                raw=text,
                received_at=now,
                channel=channel,
                origin=one.origin,
                received_by=received_by,
                received_from_agency=sender_code,
                corrects=corrects or previous,
            )
            if unreadable:
                message.status, message.errors, message.processed_at = (
                    Status.REJECTED,
                    [unreadable],
                    now,
                )
            elif checking_against is not None:
                _verdict_set(message, checking_against, local)
            if previous:
                superseded.append(previous)
            if source and message_id:
                latest[(source, message_id)] = message
            stored.append(message)
        rows_insert(InboxMessage, [m for m in stored if isinstance(m, InboxMessage)])
        for duplicate, original in repeats:
            duplicate.inbox_id = original.pk
        if superseded:
            InboxMessage.objects.filter(pk__in=[m.pk for m in superseded]).update(
                status=Status.SUPERSEDED
            )
    return stored


def messages_receive(
    arriving: Sequence[Arriving | str | bytes],
    *,
    channel: str,
    received_by: User | None = None,
    sender: Agency | None = None,
    record: bool = True,
) -> list[Outcome]:
    """Store, then process, a batch of messages; say what became of each, in order.

    With `record` false, each message is only checked, as it is stored, and the intake worker
    records it: the register of agencies is read before the write, so the caller's turn holds
    one short transaction (decision 27). On SQLite the caller is served ahead of any bulk load's
    next batch (`write_turn`).
    """
    register = None if record else dict(Agency.objects.values_list("code", "pk"))
    with write_turn():
        stored = inbox_store(
            [one if isinstance(one, Arriving) else Arriving(one) for one in arriving],
            channel=channel,
            received_by=received_by,
            sender=sender,
            checking_against=register,
        )
        if record:
            messages_process([m for m in stored if isinstance(m, InboxMessage)])
    return _outcomes(stored)


def messages_ingest(
    arriving: Iterable[Arriving], *, channel: str
) -> Iterator[tuple[list[Arriving], list[Outcome]]]:
    """Receive a long stream of messages a batch at a time, yielding each batch and its answers.

    As the load doubles what the inbox held (10,000 messages into an empty hub, then 20,000,
    40,000...; 700,000 into a hub of 700,000) the database's statistics are refreshed, so its
    planner keeps using the indexes as the tables grow. A small load into a large hub changes
    them too little to be worth reading every table again. On SQLite each batch waits for any
    API request or page waiting to write (`write_turn`), and is small while they come
    (`bulk_batches`).
    """
    # The newest id stands for the inbox's size: read from an index, where counting reads every
    # row (most of a second for a force's ten years).
    held = InboxMessage.objects.aggregate(newest=Max("pk"))["newest"] or 0
    done, refresh_at = 0, max(FIRST_STATISTICS_REFRESH, held)
    for batch, stored, checked in _stored_ahead(bulk_batches(arriving), channel=channel):
        messages_process([m for m in stored if isinstance(m, InboxMessage)], checked=checked)
        yield batch, _outcomes(stored)
        done += len(batch)
        if done >= refresh_at:
            # Intake writes each message again as it records it, and the worker as it derives it.
            statistics_refresh(rewritten=[InboxMessage])
            refresh_at *= 2


Stored = tuple[list[Arriving], list[InboxMessage | Outcome], dict[int, Arrival | None]]


def _stored_ahead(batches: Iterator[list[Arriving]], *, channel: str) -> Iterator[Stored]:
    """Each batch stored, then each of its new messages checked (`_checked`), in order.

    On PostgreSQL a thread of its own stores and checks the next batch while the caller records
    the one before (`worked_ahead`): intake's Python then runs while its database works. Not
    within a transaction, which the thread could not see, nor on SQLite, which lets one
    connection write at a time.
    """
    store = functools.partial(_store_and_check, channel=channel)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return worked_ahead(batches, store)
    return map(store, batches)


def _store_and_check(batch: list[Arriving], *, channel: str) -> Stored:
    with write_turn(bulk=True):
        stored = inbox_store(batch, channel=channel)
    return batch, stored, _checked([m for m in stored if isinstance(m, InboxMessage)])


def _checked(messages: Sequence[InboxMessage]) -> dict[int, Arrival | None]:
    """Each stored message still to be checked, checked ahead of its recording, by id: what
    `_check` says of it (its errors and warnings set). One whose check fails, a fault of the
    hub's own, is left out, for its recording to check again and deal with."""
    agencies = dict(Agency.objects.values_list("code", "pk"))
    local = ZoneInfo(settings.TIME_ZONE)
    checked: dict[int, Arrival | None] = {}
    for message in messages:
        if message.status != Status.RECEIVED:
            continue
        try:
            checked[message.pk] = _check(message, agencies, local)
        except Exception:
            logger.exception("could not check message %s ahead of recording it", message.pk)
    return checked


def message_correct(
    message: InboxMessage, raw: str, *, corrected_by: User, sender: Agency | None
) -> Outcome:
    """Send a corrected version of a quarantined message through intake again.

    `sender` is the agency the corrected message must come from: the corrector's own agency,
    or, for the front door, whichever agency sent the original (None for a file).
    """
    with write_turn():
        with transaction.atomic():
            stored = inbox_store(
                [Arriving(raw, origin=f"correction of inbox message {message.pk}")],
                channel=Channel.CORRECTION,
                received_by=corrected_by,
                sender=sender,
                corrects=message,
            )
            audit_record(
                actor=corrected_by,
                action="quarantine.correct",
                route=QUARANTINE_ROUTE,
                target=message,
                details={"errors_before": message.errors},
            )
        messages_process([m for m in stored if isinstance(m, InboxMessage)])
    return _outcomes(stored)[0]


def _outcomes(stored: Sequence[InboxMessage | Outcome]) -> list[Outcome]:
    """Each stored message's answer, as processing left it in memory (which mirrors what it
    committed); a duplicate is answered with what became of the original, read back."""
    repeated = [item.inbox_id for item in stored if isinstance(item, Outcome)]
    originals = {m.pk: m for m in InboxMessage.objects.filter(pk__in=repeated).defer("raw")}
    rows = [
        item if isinstance(item, InboxMessage) else originals[_original_id(item)] for item in stored
    ]
    references = dict(
        Referral.objects.filter(message_id__in=[row.pk for row in rows]).values_list(
            "message_id", "reference"
        )
    )
    verdicts: dict[str, Verdict] = {
        Status.REJECTED: "rejected",
        Status.RECEIVED: "pending",
        Status.CHECKED: "accepted",
        Status.PROCESSED: "accepted",
    }
    outcomes = []
    for item, row in zip(stored, rows, strict=True):
        status = "duplicate" if isinstance(item, Outcome) else verdicts[row.status]
        outcomes.append(
            Outcome(
                status,
                row.source,
                row.message_id,
                errors=list(row.errors),
                warnings=list(row.warnings),
                reference=references.get(row.pk) or _reference_before_recording(row),
                inbox_id=row.pk,
            )
        )
    return outcomes


def _reference_before_recording(message: InboxMessage) -> str | None:
    """A checked referral's reference, which its key alone decides, before it is recorded."""
    if message.status != Status.CHECKED or json.loads(message.raw).get("kind") != "referral":
        return None
    return referral_reference(str(message.source), str(message.message_id))


def message_outcome(message: InboxMessage) -> Outcome:
    """The answer the sender of a stored message would be given for it now."""
    return _outcomes([message])[0]


def _original_id(duplicate: Outcome) -> int:
    assert duplicate.inbox_id is not None, "a duplicate always names the message it repeats"
    return duplicate.inbox_id


def messages_process(
    messages: Sequence[InboxMessage], *, checked: Mapping[int, Arrival | None] | None = None
) -> None:
    """Check and record stored messages, a batch per transaction, halving a batch that fails;
    a message in `checked` (by id) is taken as checked already (`_checked`).

    A single message that still fails is left waiting, with the hub's error, for
    `frontdoor process`. On SQLite, unless the caller holds a turn to write, each batch is a
    bulk writer's turn (`write_turn`), small while API requests and pages come (`bulk_batches`).
    """
    agencies = dict(Agency.objects.values_list("code", "pk"))
    work = functools.partial(_process_batch, agencies=agencies, checked=checked or {})
    for batch in bulk_batches(messages):
        with write_turn(bulk=True):
            failed = halving_apply(batch, work)
            for message, error in failed:
                logger.error("could not process inbox message %s: %r", message.pk, error)
                message.refresh_from_db(fields=["status", "warnings"])
                message.errors = [
                    f"(hub): not processed yet ({type(error).__name__}); it will be retried"
                ]
                InboxMessage.objects.filter(pk=message.pk, status__in=WAITING).update(
                    errors=message.errors
                )


def processing_lock_take() -> None:
    """Within a transaction, wait for any other processing (or link decision) to finish first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROCESSING_LOCK])


def _commit_without_waiting_for_disk() -> None:
    """Let PostgreSQL confirm this transaction's commit before its log reaches the disk.

    Only for processing: everything it writes is derived from messages already stored (and
    flushed) in the inbox. If the server crashes before the log is flushed, the transaction is
    lost whole, its messages are `received` again, and `frontdoor process` derives them anew.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _claim(batch: list[InboxMessage]) -> list[InboxMessage]:
    """The messages of the batch still waiting, read within the caller's processing transaction;
    one that another process finished first is read back as it left it.

    No row is locked: a message leaves the waiting states only in a transaction that holds the
    processing lock (processing, retention, a rebuild), which the caller holds too, so what
    this reads cannot change before it commits. The messages are read by id alone: the index
    of statuses keeps an entry for every message ever waiting until the table is vacuumed.
    """
    waiting = {
        pk
        for pk, status in InboxMessage.objects.filter(pk__in=[m.pk for m in batch]).values_list(
            "pk", "status"
        )
        if status in WAITING
    }
    for message in batch:
        if message.pk not in waiting:
            message.refresh_from_db(fields=["status", "errors", "warnings"])
    return [message for message in batch if message.pk in waiting]


def _check(message: InboxMessage, agencies: dict[str, int], local: ZoneInfo) -> Arrival | None:
    """The message as the pipeline takes it in, checked as of its arrival; or None, with its
    errors set, when it must go to quarantine (its warnings are set either way)."""
    try:
        payload = json.loads(message.raw)
    except (ValueError, RecursionError) as error:
        message.errors = [f"(message): not valid JSON: {error}"]
        return None
    checked = check_message(payload, agencies=agencies.keys(), now=message.received_at, local=local)
    errors = checked.errors
    claimed = payload.get("source") if isinstance(payload, dict) else None
    if message.received_from_agency and claimed != message.received_from_agency:
        errors = [
            *errors,
            f"source: {claimed!r} is not the sending agency {message.received_from_agency!r}",
        ]
    if checked.envelope is None or errors:
        message.errors = errors
        return None
    message.warnings = list(checked.envelope.warnings)
    return Arrival(message, checked.envelope, agencies[checked.envelope.source])


def _quarantine(rejected: list[InboxMessage], now: datetime) -> None:
    for message in rejected:
        message.status, message.processed_at = Status.REJECTED, now
    rows_update(InboxMessage, rejected, ["status", "errors", "processed_at"])


def _verdict_set(message: InboxMessage, agencies: dict[str, int], local: ZoneInfo) -> None:
    """Settle a message's answer as it is stored, leaving the recording to the intake worker: a
    valid message is stored `checked`, a faulty one in quarantine. A check that fails (a fault
    of the hub's own) leaves it `received`, stored all the same, for `frontdoor process`."""
    try:
        arrival = _check(message, agencies, local)
    except Exception:
        logger.exception("could not check a message as it was stored; it is left received")
        message.errors, message.warnings = [], []
        return
    if arrival is None:
        message.status, message.processed_at = Status.REJECTED, message.received_at
    else:
        message.status = Status.CHECKED


def _plans_without_parallel_workers() -> None:
    """Keep PostgreSQL from starting parallel workers for this transaction's queries.

    Processing asks many small questions of large tables. The matcher's, a union of index
    lookups, was planned as a parallel append: starting two workers for it cost more than they
    saved (30 rounds of a batch's lookups: 1.8-1.9 s with them, 1.4 s without), and took the
    cores from intake, the intake worker and the database's own work.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather TO 0")


@transaction.atomic
def _process_batch(
    batch: list[InboxMessage], *, agencies: dict[str, int], checked: Mapping[int, Arrival | None]
) -> None:
    processing_lock_take()
    _commit_without_waiting_for_disk()
    _plans_without_parallel_workers()
    local = ZoneInfo(settings.TIME_ZONE)
    arrivals: list[Arrival] = []
    rejected: list[InboxMessage] = []
    for message in _claim(batch):
        arrival = checked[message.pk] if message.pk in checked else _check(message, agencies, local)
        if arrival is None:
            rejected.append(message)
        else:
            arrivals.append(arrival)

    records = records_resolve(arrivals)
    relationships_record(arrivals, records)
    residences_record(arrivals, records)
    events = events_record(arrivals, records, agencies)
    referrals_record(arrivals, events)
    inline = not intake_by_worker()
    if inline:
        events_derive(list(events.values()))

    now = timezone.now()
    _quarantine(rejected, now)
    for arrival in arrivals:
        arrival.message.status, arrival.message.processed_at = Status.PROCESSED, now
        arrival.message.derived_at = now if inline else None
        arrival.message.errors = []
    rows_update(
        InboxMessage,
        [a.message for a in arrivals],
        ["status", "processed_at", "derived_at", "errors", "warnings"],
    )


def arrivals_of(messages: Iterable[InboxMessage]) -> list[Arrival]:
    """Processed messages as the pipeline saw them (checked as of their arrival), so what they
    say can be derived again, e.g. when a record moves to another person."""
    agencies = dict(Agency.objects.values_list("code", "pk"))
    local = ZoneInfo(settings.TIME_ZONE)
    arrivals = []
    for message in messages:
        checked = check_message(
            json.loads(message.raw), agencies=agencies.keys(), now=message.received_at, local=local
        )
        if checked.envelope is not None and not checked.errors:
            arrivals.append(Arrival(message, checked.envelope, agencies[checked.envelope.source]))
    return arrivals


def inbox_process_pending() -> int:
    """Finish every message left `received` (e.g. by a crash), oldest first, then derive every
    message left due; return how many were processed.

    After a rebuild, each data manager's standing link decision is applied again at its place
    among the messages: after those that arrived before it was made.
    """
    # Linkage's services build on this module's, so they are imported when first needed.
    from frontdoor.linkage.services import standing_decision_apply

    waiting = deque(StandingDecision.objects.filter(applied=False).order_by("decided_at", "pk"))
    pending = InboxMessage.objects.filter(status__in=WAITING).order_by("pk")
    count = 0
    for batch in batches(pending.iterator(chunk_size=2000), 2000):
        start = 0
        for index, message in enumerate(batch):
            if waiting and waiting[0].decided_at <= message.received_at:
                messages_process(batch[start:index])
                start = index
                while waiting and waiting[0].decided_at <= message.received_at:
                    standing_decision_apply(waiting.popleft())
        messages_process(batch[start:])
        count += len(batch)
    for decision in waiting:
        standing_decision_apply(decision)
    derivations_run()
    if count:
        audit_record(actor=None, action="inbox.process_pending", details={"messages": count})
    return count


def checked_messages_record(*, skip: set[int]) -> int:
    """Record the messages the API checked and left to the intake worker, oldest first; return
    how many. One that fails every time is added to `skip` and stays waiting, with the error."""
    count = 0
    while batch := list(
        InboxMessage.objects.filter(status=Status.CHECKED)
        .exclude(pk__in=skip)
        .order_by("pk")[: settings.FRONTDOOR_INGEST_BATCH_SIZE]
    ):
        messages_process(batch)
        skip.update(message.pk for message in batch if message.status in WAITING)
        count += sum(message.status not in WAITING for message in batch)
    return count


def inbox_rebuild() -> int:
    """Delete everything derived from the inbox and derive it again, in arrival order; each
    person made again from a record keeps the id they had (`FormerId`).

    Messages are checked as of when they arrived, so a date that was in the future then is still
    rejected; an agency registered since is known, so its quarantined messages are taken in.
    """
    with transaction.atomic():
        processing_lock_take()
        former_ids_note()
        for model in (
            Notification,
            Alert,
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
        unreadable = [
            message.pk
            for message in InboxMessage.objects.filter(status=Status.REJECTED).only("errors")
            if message.errors and message.errors[0] in UNREADABLE
        ]
        # Archived under retention: kept, not derived again (ADR 12).
        archived = ArchivedMessage.objects.values("inbox_id")
        InboxMessage.objects.exclude(status=Status.SUPERSEDED).exclude(pk__in=unreadable).exclude(
            pk__in=archived
        ).update(status=Status.RECEIVED, errors=[], warnings=[], processed_at=None, derived_at=None)
        StandingDecision.objects.update(applied=False)
        audit_record(actor=None, action="inbox.rebuild")
    processed = inbox_process_pending()
    FormerId.objects.all().delete()
    return processed
