"""Deriving notifications: at each new event, every duty says who must be told about whom.

Runs in intake's transaction after the rules (a duty may follow from an alert raised at the same
event), so `frontdoor rebuild` derives the same notifications again, and each takes back what
people did about it (`kept.py`). Each batch is read in a fixed
number of queries: the histories, the register, the household's names and linked records, the
alerts raised at the events, and the notifications already made.
"""

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.bulk import rows_insert
from frontdoor.chronology.models import Event, Participant
from frontdoor.people.models import Person, SourceRecord
from frontdoor.risk.history import History, histories_load
from frontdoor.risk.models import Alert
from frontdoor.triage.configuration import Timeline
from frontdoor.triage.deadlines import WorkingHours

from .deadlines import next_school_morning, next_working_day_end
from .duties import DUTIES, Duty
from .kept import never_tell_apply, notification_states_restore
from .models import LAWFUL_BASIS, Notification, NotificationStatus
from .services import notifications_deliver
from .situation import Directory, Named, RaisedAlert, Situation

CHUNK = 500
DUTY_KINDS = frozenset(kind for duty in DUTIES.values() for kind in duty.kinds)
ALREADY_TOLD = "The sender says it already told this agency"


def notifications_derive(trigger_ids: Sequence[int]) -> list[Notification]:
    """Make the notifications the duties call for at each of these events; return the new ones.

    Call inside the transaction that recorded the events and raised their alerts. One
    notification a duty, recipient, person and event: running it again makes none.
    """
    made: list[Notification] = []
    for start in range(0, len(trigger_ids), CHUNK):
        made += notifications_make(
            histories_load(trigger_ids[start : start + CHUNK], kinds=DUTY_KINDS)
        )
    return made


def notifications_make(histories: Sequence[History]) -> list[Notification]:
    """The notifications the duties call for at each history's trigger, given histories already
    read (of any kinds: those no duty looks at are passed over); return the new ones."""
    histories = [history for history in histories if history.trigger.kind in DUTY_KINDS]
    if not histories:
        return []
    triggers = [history.trigger.event_id for history in histories]
    directory = Directory.of(Agency.objects.values_list("pk", "code", "name", "type", "urn"))
    alerts: dict[int, list[RaisedAlert]] = {}
    for trigger_id, rule, person_id, detail in Alert.objects.filter(
        trigger_id__in=triggers
    ).values_list("trigger_id", "rule", "person_id", "detail"):
        alerts.setdefault(trigger_id, []).append(RaisedAlert(rule, person_id, detail))
    people = _people({pk for history in histories for pk in _everyone(history)})
    schools, practices = _linked_details(people)
    existing = set(
        Notification.objects.filter(event_id__in=triggers).values_list(
            "duty", "recipient_id", "person_id", "event_id"
        )
    )
    timeline = Timeline.load()
    new: list[Notification] = []
    for history in histories:
        trigger = history.trigger
        situation = Situation(
            history, directory, people, schools, practices, alerts.get(trigger.event_id, [])
        )
        told = {
            directory.codes[code]
            for code in trigger.facts.get("shared_with") or []
            if code in directory.codes
        }
        settings = timeline.on(history.day)
        hours = WorkingHours(settings.starts, settings.ends)
        for duty in DUTIES.values():
            if trigger.kind not in duty.kinds:
                continue
            for notice in duty.find(situation):
                key = (duty.code, notice.recipient_id, notice.person_id, trigger.event_id)
                if notice.recipient_id == trigger.agency_id or key in existing:
                    continue
                existing.add(key)
                withheld = notice.recipient_id in told
                new.append(
                    Notification(
                        duty=duty.code,
                        recipient_id=notice.recipient_id,
                        person_id=notice.person_id,
                        event_id=trigger.event_id,
                        messages=[trigger.message_id],
                        payload=[[label, text] for label, text in notice.payload.items()],
                        lawful_basis=LAWFUL_BASIS,
                        raised_at=trigger.reported_at,
                        due_by=_due_by(duty, trigger.reported_at, hours),
                        status=NotificationStatus.WITHHELD if withheld else NotificationStatus.DUE,
                        reason=ALREADY_TOLD if withheld else "",
                    )
                )
    notification_states_restore(
        new, {h.trigger.event_id: (h.trigger.agency_id, h.trigger.message_id) for h in histories}
    )
    never_tell_apply(new)
    rows_insert(Notification, new)
    return new


def _due_by(duty: Duty, reported_at: datetime, hours: WorkingHours) -> datetime:
    zone = timezone.get_default_timezone()
    if duty.due == "school_morning":
        return next_school_morning(reported_at, zone=zone)
    return next_working_day_end(reported_at, hours=hours, zone=zone)


def _everyone(history: History) -> Iterable[int]:
    yield from history.members
    yield from history.trigger.person_ids


def _people(person_ids: set[int]) -> dict[int, Named]:
    people = {}
    for pk, given, family, born, due, nhs in Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "given_name", "family_name", "date_of_birth", "due_date", "nhs_number"
    ):
        name = f"{given} {family}".strip() or ("Unborn child" if due else "Name not known")
        people[pk] = Named(name, born, nhs)
    return people


def _linked_details(people: Iterable[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Each person's school and GP practice, from the latest of their linked records that
    gives one: a child's school often comes from another agency's record."""
    schools: dict[int, str] = {}
    practices: dict[int, str] = {}
    for person_id, urn, practice in (
        SourceRecord.objects.filter(person_id__in=list(people))
        .filter(~Q(school_urn="") | ~Q(gp_practice=""))
        .order_by("last_seen_at", "pk")
        .values_list("person_id", "school_urn", "gp_practice")
    ):
        if urn:
            schools[person_id] = urn
        if practice:
            practices[person_id] = practice
    return schools, practices


def notifications_rederive(*, person_ids: Iterable[int]) -> list[Notification]:
    """After a link decision moved records: ask the duties again at every event about these
    people, so an agency the new links call for is told (a school known only from the moved
    record). What was already sent stays as it was: it is what the hub said then. The new ones
    are delivered once the decision commits."""
    events = Event.objects.filter(
        pk__in=Participant.objects.filter(person_id__in=sorted(set(person_ids))).values("event_id")
    )
    made = notifications_derive(
        list(events.order_by("reported_at", "message_id").values_list("pk", flat=True))
    )
    if made:
        transaction.on_commit(
            functools.partial(notifications_deliver, notification_ids=[n.pk for n in made]),
            robust=True,
        )
    return made
