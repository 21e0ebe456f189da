"""Writes for the MARAC: referrals derived from the inbox, meetings, returns, actions and the
partnership's MARAC settings."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import StaffProfile
from frontdoor.access.policy import (
    actor_for,
    is_marac_coordinator,
    marac_action_complete_check,
    marac_coordinator_check,
    marac_return_check,
)
from frontdoor.audit.services import audit_record, dated_setting_add
from frontdoor.chronology.models import Event, Participant
from frontdoor.concurrency import version_advance
from frontdoor.reminders import Reminder, due_state, reminders_send
from frontdoor.risk.models import Alert
from frontdoor.triage.references import referral_reference

from .configuration import Timeline, setting_check
from .models import (
    Action,
    Criterion,
    Hearing,
    MaracReferral,
    MaracSetting,
    Meeting,
    ResearchReturn,
)
from .selectors import agenda_referrals

REPEAT_RULE = "REPEAT_MARAC"


class MaracError(ValueError):
    """MARAC work that cannot be done as asked; the message names the field and says why."""


class AgendaChanged(MaracError):
    """The agenda is not the one the coordinator saw: cases came onto it or left it since."""

    def __init__(self, *, added: Sequence[str], gone: Sequence[str]) -> None:
        changes = [f"added since: {', '.join(added)}"] if added else []
        changes += [f"no longer on it: {', '.join(gone)}"] if gone else []
        super().__init__(
            f"cases: the agenda changed after you opened the page ({'; '.join(changes)}). It is "
            "shown as it is now: check it, then record the meeting as held again."
        )
        self.added, self.gone = list(added), list(gone)


def marac_reference(source: str, message_id: str) -> str:
    """MR-XXXXX-XXXXX, from the message's key, so a rebuild gives the same reference."""
    return "MR-" + referral_reference(source, message_id).removeprefix("FD-")


@dataclass(frozen=True)
class _Earlier:
    event_id: int
    referred_at: datetime


def _victims_of(event_ids: Sequence[int]) -> dict[int, set[int]]:
    victims: dict[int, set[int]] = {}
    for event_id, person_id in Participant.objects.filter(
        event_id__in=event_ids, role="victim"
    ).values_list("event_id", "person_id"):
        victims.setdefault(event_id, set()).add(person_id)
    return victims


def _repeat_of(
    victims: set[int],
    referred_at: datetime,
    earlier: Mapping[int, list[_Earlier]],
    repeats: Mapping[int, list[tuple[set[int], datetime]]],
) -> bool:
    """Whether the REPEAT_MARAC rule found abuse after the victim's last referral (with the same
    perpetrator, within its window) before this one: the rule decides, so the two agree."""
    for victim in victims:
        before = [e for e in earlier.get(victim, []) if e.referred_at < referred_at]
        if not before:
            continue
        last = max(before, key=lambda e: (e.referred_at, e.event_id))
        if any(
            last.event_id in events and raised <= referred_at
            for events, raised in repeats.get(victim, [])
        ):
            return True
    return False


def _referral_history(
    victims: set[int],
) -> tuple[dict[int, list[_Earlier]], dict[int, list[tuple[set[int], datetime]]]]:
    """The victims' MARAC referrals so far, and the REPEAT_MARAC alerts raised for them."""
    earlier: dict[int, list[_Earlier]] = {}
    for person_id, event_id, referred_at in Participant.objects.filter(
        person_id__in=victims, role="victim", event__marac_referral__isnull=False
    ).values_list("person_id", "event_id", "event__marac_referral__referred_at"):
        earlier.setdefault(person_id, []).append(_Earlier(event_id, referred_at))
    repeats: dict[int, list[tuple[set[int], datetime]]] = {}
    for person_id, alert_events, occurred_at in Alert.objects.filter(
        rule=REPEAT_RULE, person_id__in=victims
    ).values_list("person_id", "events", "trigger__occurred_at"):
        repeats.setdefault(person_id, []).append((set(alert_events), occurred_at))
    return earlier, repeats


def marac_referral_repeat_refresh(*, inbox_id: int) -> None:
    """Decide again whether a referral is a repeat, after its victim's record was moved."""
    referral = MaracReferral.objects.filter(event__message_id=inbox_id).first()
    if referral is None:
        return
    victims = _victims_of([referral.event_id]).get(referral.event_id, set())
    earlier, repeats = _referral_history(victims)
    referral.repeat = _repeat_of(victims, referral.referred_at, earlier, repeats)
    referral.save(update_fields=["repeat"])


def marac_referrals_record(events: Sequence[Event]) -> None:
    """Put each `marac` event's referral on the MARAC's list with its criterion and whether it
    is a repeat; mark the victim's open referrals heard at a `heard` message's meeting.

    Runs after the rules, so a repeat incident derived in the same batch has raised its alert.
    Each event's message is read for its key (source and message id).
    """
    marac = [event for event in events if event.kind == "marac"]
    if not marac:
        return
    victims = _victims_of([event.pk for event in marac])
    earlier, repeats = _referral_history(set().union(*victims.values()) if victims else set())
    for event in marac:
        facts = event.facts
        people = victims.get(event.pk, set())
        if facts.get("event") == "heard":
            _heard(people, facts.get("meeting_date") or event.occurred_at.date().isoformat())
            continue
        MaracReferral.objects.create(
            reference=marac_reference(str(event.message.source), str(event.message.message_id)),
            event=event,
            agency_id=event.agency_id,
            referred_at=event.occurred_at,
            criterion=str(facts.get("criterion") or Criterion.NOT_RECORDED),
            reason=str(facts.get("reason") or ""),
            repeat=_repeat_of(people, event.occurred_at, earlier, repeats),
            meeting_date=facts.get("meeting_date"),
        )
        for victim in people:
            earlier.setdefault(victim, []).append(_Earlier(event.pk, event.occurred_at))


def _heard(victims: set[int], meeting_date: str) -> None:
    """An agency says the victim's case was heard: their referrals up to that day are heard."""
    heard_on = date.fromisoformat(meeting_date)
    MaracReferral.objects.filter(
        heard_on__isnull=True,
        referred_at__date__lte=heard_on,
        event__participants__person_id__in=victims,
        event__participants__role="victim",
    ).update(heard_on=heard_on)


def meeting_next_date(today: date) -> date:
    """The partnership's next MARAC day from today: the first day that, by the settings in force
    on it, is the meeting's weekday and at least its number of weeks after the last meeting."""
    last = Meeting.objects.order_by("-date").values_list("date", flat=True).first()
    timeline = Timeline.load()
    day = today
    while True:
        rules = timeline.on(day)
        if day.weekday() == rules.weekday and (
            last is None or day >= last + timedelta(weeks=rules.every_weeks)
        ):
            return day
        day += timedelta(days=1)


def marac_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> MaracSetting:
    """A new value for a MARAC setting from a date; the old value stays on record, and meetings
    already scheduled stay where they are."""
    return dated_setting_add(
        MaracSetting,
        action="marac.setting",
        key=key,
        value=setting_check(key, value),
        effective_from=effective_from,
        reason=reason,
        user=user,
    )


@transaction.atomic
def meeting_schedule(*, user: User, day: date) -> Meeting:
    """A MARAC coordinator schedules a meeting; its agenda is every case not yet heard."""
    marac_coordinator_check(actor_for(user))
    if day < timezone.localdate():
        raise MaracError(f"date: {day:%-d %B %Y} is in the past")
    if Meeting.objects.filter(date=day).exists():
        raise MaracError(f"date: there is already a MARAC on {day:%-d %B %Y}")
    meeting = Meeting.objects.create(date=day, scheduled_by=user)
    audit_record(
        actor=user, action="marac.meeting_schedule", target=meeting, details={"date": str(day)}
    )
    return meeting


@transaction.atomic
def meeting_hold(*, user: User, meeting: Meeting, references: Sequence[str]) -> Meeting:
    """Record the meeting as held and the cases it heard: exactly `references`, the agenda as the
    coordinator saw it, or refuse with AgendaChanged if the agenda is not that any more."""
    marac_coordinator_check(actor_for(user))
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.held_at is not None:
        raise MaracError("meeting: this meeting has already been held")
    if locked.date > timezone.localdate():
        raise MaracError(f"meeting: it is not until {locked.date:%-d %B %Y}")
    agenda = [r.reference for r in agenda_referrals(locked)]
    seen = list(dict.fromkeys(references))
    if set(seen) != set(agenda):
        raise AgendaChanged(
            added=[r for r in agenda if r not in seen], gone=[r for r in seen if r not in agenda]
        )
    if not seen:
        raise MaracError("meeting: there are no cases on the agenda")
    Hearing.objects.bulk_create(Hearing(meeting=locked, referral_id=r) for r in seen)
    locked.held_at, locked.held_by = timezone.now(), user
    locked.save(update_fields=["held_at", "held_by"])
    audit_record(
        actor=user,
        action="marac.meeting_hold",
        route="marac_coordinator",
        target=locked,
        details={"cases": seen},
    )
    return locked


def _required(field: str, text: str, what: str) -> str:
    if not text.strip():
        raise MaracError(f"{field}: {what}")
    return text.strip()


@transaction.atomic
def research_return_complete(
    *,
    user: User,
    meeting: Meeting,
    referral: MaracReferral,
    asked: Sequence[int],
    holds: bool,
    victim: str,
    perpetrator: str,
    children: str,
) -> ResearchReturn:
    """An agency's research return on a case, before the meeting: what it holds on the victim,
    the perpetrator and the children. `asked` are the agencies asked for one on this case."""
    actor = actor_for(user)
    marac_return_check(actor, asked)
    if meeting.held_at is not None:
        raise MaracError("meeting: the meeting has been held; returns are closed")
    if holds and not any(text.strip() for text in (victim, perpetrator, children)):
        raise MaracError(
            "victim: say what your agency holds on the victim, perpetrator or children"
        )
    if ResearchReturn.objects.filter(
        meeting=meeting, referral=referral, agency=actor.agency
    ).exists():
        raise MaracError(f"holds: {actor.agency.name} has already returned on this case")
    made = ResearchReturn.objects.create(
        meeting=meeting,
        referral=referral,
        agency=actor.agency,
        holds=holds,
        victim=victim.strip() if holds else "",
        perpetrator=perpetrator.strip() if holds else "",
        children=children.strip() if holds else "",
        completed_by=user,
        completed_at=timezone.now(),
    )
    audit_record(
        actor=user,
        action="marac.return_complete",
        route="marac_agency",
        target=made,
        details={"meeting": str(meeting.date), "referral": referral.reference, "holds": holds},
    )
    return made


@transaction.atomic
def action_add(
    *,
    user: User,
    meeting: Meeting,
    referral: MaracReferral,
    description: str,
    owner: User,
    due_on: date,
) -> Action:
    """An action the meeting agreed on a case, owned by a named person of an agency."""
    marac_coordinator_check(actor_for(user))
    description = _required("description", description, "say what is to be done")
    profile = StaffProfile.objects.select_related("agency").filter(user=owner).first()
    if profile is None:
        raise MaracError(f"owner: {owner.get_username()!r} does not work for a partner agency")
    if due_on < meeting.date:
        raise MaracError(f"due_on: {due_on:%-d %B %Y} is before the meeting")
    action = Action.objects.create(
        meeting=meeting,
        referral=referral,
        description=description,
        owner_agency=profile.agency,
        owner=owner,
        due_on=due_on,
        created_by=user,
        created_at=timezone.now(),
    )
    audit_record(
        actor=user,
        action="marac.action_add",
        route="marac_coordinator",
        target=action,
        details={
            "referral": referral.reference,
            "owner": owner.get_username(),
            "agency": profile.agency.code,
            "due_on": str(due_on),
        },
    )
    return action


@transaction.atomic
def action_complete(
    *, user: User, action: Action, note: str, seen_version: int | None = None
) -> Action:
    """The owner (or anyone of the owning agency, or a coordinator) marks an action done."""
    actor = actor_for(user)
    marac_action_complete_check(actor, owner_id=action.owner_id, agency_id=action.owner_agency_id)
    locked = Action.objects.select_for_update().get(pk=action.pk)
    version_advance(locked, seen=seen_version)
    if locked.completed_at is not None:
        raise MaracError("note: this action has already been completed")
    locked.completion_note = _required("note", note, "say what was done")
    locked.completed_at, locked.completed_by = timezone.now(), user
    locked.save(update_fields=["completion_note", "completed_at", "completed_by"])
    audit_record(
        actor=user,
        action="marac.action_complete",
        route="marac_coordinator" if is_marac_coordinator(actor) else "marac_agency",
        target=locked,
        details={"referral": locked.referral_id},
    )
    return locked


def _reminder(action: Action, today: date) -> Reminder:
    overdue = action.due_on < today
    subject = f"MARAC action {'overdue' if overdue else 'due'}: case {action.referral_id}"
    body = (
        f"An action the MARAC of {action.meeting.date:%-d %B %Y} gave you "
        f"{due_state(action.due_on, today)}:\n\n"
        f"{action.description}\n\n"
        f"Mark it done in {settings.FRONTDOOR_SERVICE_NAME} when it is.\n\n"
        f"{settings.FRONTDOOR_PARTNERSHIP_NAME}"
    )
    return Reminder(subject, body, [action.owner.email] if action.owner.email else [])


def action_reminders_send(*, today: date) -> list[Action]:
    """Email each owner of an open action due within two days or overdue, once a day; what is
    sent is recorded, so a second run the same day sends nothing."""
    return reminders_send(
        Action.objects.filter(completed_at__isnull=True).select_related("owner", "meeting"),
        today=today,
        reminder=partial(_reminder, today=today),
        action="marac.remind",
    )
