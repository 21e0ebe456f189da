"""Writes for the front door: referrals arrive here, each with its reference and deadline."""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.access.policy import FRONT_DOOR, actor_for, sign_off_check
from frontdoor.audit.services import audit_record, dated_setting_add
from frontdoor.batches import batches
from frontdoor.bulk import rows_insert
from frontdoor.chronology.models import Event, Participant
from frontdoor.concurrency import version_advance
from frontdoor.intake.arrival import Arrival
from frontdoor.intake.models import InboxMessage
from frontdoor.risk.dash import dash_score
from frontdoor.risk.history import IDS_PER_QUERY

from .configuration import SettingError, Timeline, setting_check
from .deadlines import WorkingHours, working_deadline
from .models import (
    HEALTH_TYPES,
    NEXT_STEPS,
    AgencyCheck,
    Decision,
    DecisionOutcome,
    Referral,
    ReferralStatus,
    Risk,
    SignOff,
    StrategyDiscussion,
    StrategyOutcome,
    TriageSetting,
)
from .references import referral_reference

OFFICER_RISK = {"standard": Risk.STANDARD, "medium": Risk.MEDIUM, "high": Risk.HIGH}
# The events that record a risk: an officer's view or a DASH assessment.
RISK_KINDS = frozenset({"incident", "assessment"})


def _first_revision(message: InboxMessage) -> InboxMessage:
    """The message as first sent: a corrected referral keeps its first time and its referrer."""
    while message.corrects_id:
        message = InboxMessage.objects.only("corrects", "received_at", "received_by").get(
            pk=message.corrects_id
        )
    return message


def _risk_of(kind: str, facts: Mapping[str, Any]) -> int:
    """The risk an incident or a DASH assessment recorded: officer's view or DASH level."""
    levels = [Risk.UNKNOWN.value]
    if kind == "incident":
        levels.append(OFFICER_RISK.get(str(facts.get("officer_risk")), Risk.UNKNOWN))
    dash = facts.get("dash") if kind == "incident" else facts
    if isinstance(dash, Mapping) and (kind == "incident" or facts.get("type") == "dash"):
        answers = dash.get("answers")
        score = dash_score(
            answers if isinstance(answers, dict) else {}, dash.get("professional_judgement")
        )
        if score.answered or score.judged_high:
            levels.append(int(score.level))
    return max(levels)


def _known_risks(events: Sequence[Event]) -> dict[int, int]:
    """For each referral's event, the highest risk recorded about anyone it names, up to then."""
    people: dict[int, set[int]] = {}
    for event_id, person_id in Participant.objects.filter(event__in=events).values_list(
        "event_id", "person_id"
    ):
        people.setdefault(event_id, set()).add(person_id)
    latest = max((event.occurred_at for event in events), default=None)
    recorded = _risks_recorded(set().union(*people.values()), until=latest) if latest else {}
    return {
        event.pk: max(
            (
                risk
                for person_id in people.get(event.pk, ())
                for occurred_at, risk in recorded.get(person_id, ())
                if occurred_at <= event.occurred_at
            ),
            default=Risk.UNKNOWN.value,
        )
        for event in events
    }


def _risks_recorded(
    person_ids: set[int], *, until: datetime
) -> dict[int, list[tuple[datetime, int]]]:
    """Each person's incidents and assessments up to `until`: when, and the risk recorded.

    Their events are found by person, then read by id alone: given the kinds or the dates as
    well, SQLite read every incident and assessment up to then, whoever they named, a scan that
    grew with the force's history.
    """
    named: dict[int, list[int]] = {}
    for person_id, event_id in Participant.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "event_id"
    ):
        named.setdefault(event_id, []).append(person_id)
    recorded: dict[int, list[tuple[datetime, int]]] = {}
    for chunk in batches(sorted(named), IDS_PER_QUERY):
        risky = [
            event_id
            for event_id, kind, occurred_at in Event.objects.filter(pk__in=chunk).values_list(
                "pk", "kind", "occurred_at"
            )
            if kind in RISK_KINDS and occurred_at <= until
        ]
        for event_id, kind, facts, occurred_at in Event.objects.filter(pk__in=risky).values_list(
            "pk", "kind", "facts", "occurred_at"
        ):
            risk = _risk_of(kind, facts)
            for person_id in named[event_id]:
                recorded.setdefault(person_id, []).append((occurred_at, risk))
    return recorded


def _youngest_born(arrival: Arrival) -> date | None:
    born = [
        s.date_of_birth for s in arrival.envelope.subjects if s.role == "child" and s.date_of_birth
    ]
    return max(born, default=None)


def referral_deadline(received_at: datetime, timeline: Timeline) -> datetime:
    """When the decision on a referral received then is due, by the settings in force that day."""
    zone = ZoneInfo(settings.TIME_ZONE)
    rules = timeline.on(timezone.localdate(received_at, zone))
    return working_deadline(
        received_at,
        working_days=rules.working_days,
        hours=WorkingHours(rules.starts, rules.ends),
        zone=zone,
    )


def referrals_record(arrivals: Sequence[Arrival], events: Mapping[int, Event]) -> None:
    """Give each referral message its reference and deadline; put it on the front door's list."""
    arrivals = [a for a in arrivals if a.envelope.kind == "referral"]
    if not arrivals:
        return
    timeline = Timeline.load()
    risks = _known_risks([events[a.message.pk] for a in arrivals])
    referrals = []
    for arrival in arrivals:
        envelope = arrival.envelope
        facts = envelope.facts
        first = _first_revision(arrival.message)
        event = events[arrival.message.pk]
        urgent = bool(facts.get("urgent"))
        referrals.append(
            Referral(
                reference=referral_reference(envelope.source, envelope.message_id),
                message=arrival.message,
                event=event,
                agency_id=arrival.agency_id,
                received_at=first.received_at,
                due_at=referral_deadline(first.received_at, timeline),
                submitted_by_id=first.received_by_id,
                reason=str(facts.get("reason") or ""),
                concerns=list(facts.get("concerns") or []),
                urgent=urgent,
                referrer=dict(facts.get("referrer") or {}),
                child_born=_youngest_born(arrival),
                risk=Risk.HIGH if urgent else risks[event.pk],
            )
        )
    referral_states_restore(referrals)
    rows_insert(Referral, referrals)


def _referrals_retime(setting: TriageSetting) -> dict[str, object]:
    """Check the working day still starts before it ends on every day from the change on, then
    give referrals received since the change their deadlines by the new settings."""
    timeline = Timeline.load()
    for day in timeline.days_from(setting.effective_from):
        hours = timeline.on(day)
        if hours.starts >= hours.ends:
            raise SettingError(
                f"value: from {day:%-d %B %Y} the working day would end ({hours.ends:%H:%M}) "
                f"before it starts ({hours.starts:%H:%M})"
            )
    zone = ZoneInfo(settings.TIME_ZONE)
    since = datetime.combine(setting.effective_from, time.min, tzinfo=zone)
    retimed = list(Referral.objects.filter(received_at__gte=since).only("received_at", "due_at"))
    for referral in retimed:
        referral.due_at = referral_deadline(referral.received_at, timeline)
    Referral.objects.bulk_update(retimed, ["due_at"], batch_size=500)
    return {"referrals_retimed": len(retimed)}


def triage_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> TriageSetting:
    """A new value for a front-door setting from a date; referrals received since are re-timed.

    The old value stays on record, and referrals received before the date keep their deadlines.
    """
    return dated_setting_add(
        TriageSetting,
        action="triage.setting",
        key=key,
        value=setting_check(key, value),
        effective_from=effective_from,
        reason=reason,
        user=user,
        effects=_referrals_retime,
    )


class TriageError(ValueError):
    """Work the front door cannot do as asked; the message names the field and says why."""


def _required(field: str, text: str, what: str) -> str:
    if not text.strip():
        raise TriageError(f"{field}: {what}")
    return text.strip()


def _state(referral: Referral, decisions: list[Decision], checks: int) -> None:
    """Set the referral's status, outcome and time of decision from the work done on it."""
    standing = [d for d in decisions if d.sign_off != SignOff.RETURNED]
    latest = max(standing, key=lambda d: (d.decided_at, d.pk), default=None)
    referral.outcome, referral.decided_at = "", None
    if latest is None:
        referral.status = ReferralStatus.CHECKS if checks else ReferralStatus.RECEIVED
        return
    if latest.sign_off == SignOff.AWAITING:
        referral.status = ReferralStatus.SIGN_OFF
        return
    referral.outcome = latest.outcome
    referral.decided_at = latest.signed_off_at or latest.decided_at
    held = hasattr(latest, "strategy_discussion")
    if latest.outcome == DecisionOutcome.STRATEGY_DISCUSSION and not held:
        referral.status = ReferralStatus.STRATEGY
    else:
        referral.status = ReferralStatus.DECIDED


def referral_states_restore(referrals: Sequence[Referral]) -> None:
    """Referrals derived again (a rebuild) take back the state of the front door's work on them."""
    references = [r.reference for r in referrals]
    decisions: dict[str, list[Decision]] = {}
    for decision in Decision.objects.filter(referral_id__in=references).select_related(
        "strategy_discussion"
    ):
        decisions.setdefault(str(decision.referral_id), []).append(decision)
    asked: Counter[str] = Counter(
        str(reference)
        for reference in AgencyCheck.objects.filter(referral_id__in=references).values_list(
            "referral_id", flat=True
        )
    )
    for referral in referrals:
        _state(referral, decisions.get(referral.reference, []), asked[referral.reference])


def _refresh(referral: Referral) -> None:
    decisions = list(referral.decisions.select_related("strategy_discussion"))
    _state(referral, decisions, referral.checks.count())
    referral.save(update_fields=["status", "outcome", "decided_at"])
    version_advance(referral, seen=None)


def _health_asked(referral: Referral, agencies: Sequence[Agency]) -> bool:
    return (
        any(a.type in HEALTH_TYPES for a in agencies)
        or referral.checks.filter(agency__type__in=HEALTH_TYPES).exists()
    )


@transaction.atomic
def checks_request(
    *, referral: Referral, agencies: Sequence[Agency], question: str, user: User
) -> list[AgencyCheck]:
    """Ask agencies what they hold about the referral's people; health is asked every time."""
    question = _required("question", question, "say what you want each agency to tell you")
    if not agencies:
        raise TriageError("agencies: choose at least one agency to ask")
    if not _health_asked(referral, agencies):
        raise TriageError(
            "agencies: ask a health agency (GP, health visiting, midwifery or the emergency "
            "department): health is asked about every referral"
        )
    already = set(referral.checks.values_list("agency_id", flat=True))
    again = [a.name for a in agencies if a.pk in already]
    if again:
        raise TriageError(f"agencies: already asked: {', '.join(again)}")
    now = timezone.now()
    checks = [
        AgencyCheck.objects.create(
            referral=referral,
            agency=agency,
            question=question,
            asked_by=user,
            asked_at=now,
            due_at=referral.due_at,
        )
        for agency in agencies
    ]
    _refresh(referral)
    audit_record(
        actor=user,
        action="triage.checks_request",
        route=FRONT_DOOR,
        target=referral,
        details={"agencies": [a.code for a in agencies], "checks": [c.pk for c in checks]},
    )
    return checks


@transaction.atomic
def check_answer_record(
    *,
    check: AgencyCheck,
    user: User,
    holds: bool,
    answer: str,
    message: InboxMessage,
    seen_version: int | None = None,
) -> AgencyCheck:
    """Record an agency's answer, which intake has put in the chronology as `message`."""
    locked = AgencyCheck.objects.select_for_update().get(pk=check.pk)
    version_advance(locked, seen=seen_version)
    if locked.answered_at is not None:
        raise TriageError("answer: this check has already been answered")
    locked.answered_by, locked.answered_at = user, timezone.now()
    locked.holds, locked.answer, locked.answer_message = holds, answer.strip(), message
    locked.save(update_fields=["answered_by", "answered_at", "holds", "answer", "answer_message"])
    audit_record(
        actor=user,
        action="triage.check_answer",
        route=FRONT_DOOR if actor_for(user).front_door else "asked",
        target=locked,
        details={"referral": locked.referral_id, "message": message.pk, "holds": holds},
    )
    return locked


def _referrer_tell(referral: Referral, decision: Decision) -> None:
    """Tell the referrer the decision and what happens next, once it stands; never the why, the
    checks or what other agencies hold."""
    address = str(referral.referrer.get("email") or "") or (
        referral.submitted_by.email if referral.submitted_by else ""
    )
    decision.referrer_told_at = timezone.now()
    decision.save(update_fields=["referrer_told_at"])
    if not address:
        return
    subject = f"Referral {referral.reference}: the front door's decision"
    body = (
        f"The front door has decided on your referral {referral.reference}.\n\n"
        f"Decision: {decision.get_outcome_display()}\n\n"
        f"What happens next: {NEXT_STEPS[decision.outcome]}\n\n"
        f"{settings.FRONTDOOR_PARTNERSHIP_NAME}: {settings.FRONTDOOR_SERVICE_NAME}"
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


def _stands(referral: Referral, decision: Decision, user: User) -> None:
    _referrer_tell(referral, decision)
    audit_record(
        actor=user,
        action="triage.referrer_told",
        route=FRONT_DOOR,
        target=decision,
        details={"referral": referral.reference, "outcome": decision.outcome},
    )


@transaction.atomic
def decision_record(
    *,
    referral: Referral,
    user: User,
    outcome: str,
    rationale: str,
    rested_on: str,
    no_health_answer_reason: str = "",
    seen_version: int | None = None,
) -> Decision:
    """Decide on a referral; it stands at once, or waits for a manager where the partnership
    requires sign-off. Without a health answer, the decision must say why."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    version_advance(locked, seen=seen_version)
    if locked.status in (ReferralStatus.SIGN_OFF, ReferralStatus.STRATEGY, ReferralStatus.DECIDED):
        raise TriageError(f"outcome: the referral is already {locked.get_status_display().lower()}")
    if outcome not in DecisionOutcome.values:
        raise TriageError(f"outcome: not a front-door decision: {outcome!r}")
    rationale = _required("rationale", rationale, "say why you decided this")
    rested_on = _required("rested_on", rested_on, "say what information the decision rests on")
    answered = list(locked.checks.filter(answered_at__isnull=False).select_related("agency"))
    if not any(c.is_health for c in answered):
        no_health_answer_reason = _required(
            "no_health_answer_reason",
            no_health_answer_reason,
            "health has not answered: say why you are deciding without health",
        )
    rules = Timeline.load().on(timezone.localdate())
    needs_sign_off = outcome in rules.sign_off
    decision = Decision.objects.create(
        referral=locked,
        outcome=outcome,
        rationale=rationale,
        rested_on=rested_on,
        no_health_answer_reason=no_health_answer_reason.strip(),
        decided_by=user,
        decided_at=timezone.now(),
        sign_off=SignOff.AWAITING if needs_sign_off else SignOff.NOT_REQUIRED,
    )
    decision.checks.set(answered)
    audit_record(
        actor=user,
        action="triage.decide",
        route=FRONT_DOOR,
        target=decision,
        details={
            "referral": locked.reference,
            "outcome": outcome,
            "sign_off": decision.sign_off,
            "checks": [c.pk for c in answered],
            "without_health": bool(decision.no_health_answer_reason),
        },
    )
    _refresh(locked)
    if not needs_sign_off:
        _stands(locked, decision, user)
    return decision


@transaction.atomic
def decision_sign_off(
    *, decision: Decision, user: User, agree: bool, note: str, seen_version: int | None = None
) -> Decision:
    """A manager agrees the decision, which then stands, or returns it with a note."""
    sign_off_check(actor_for(user))
    locked = Decision.objects.select_for_update().select_related("referral").get(pk=decision.pk)
    version_advance(locked, seen=seen_version)
    if locked.sign_off != SignOff.AWAITING:
        raise TriageError(f"agree: the decision is {locked.get_sign_off_display().lower()}")
    if locked.decided_by_id == user.pk:
        raise TriageError("agree: a decision is signed off by a manager other than its maker")
    if not agree:
        note = _required("note", note, "say why you are returning the decision")
    locked.sign_off = SignOff.AGREED if agree else SignOff.RETURNED
    locked.signed_off_by, locked.signed_off_at = user, timezone.now()
    locked.sign_off_note = note.strip()
    locked.save(update_fields=["sign_off", "signed_off_by", "signed_off_at", "sign_off_note"])
    audit_record(
        actor=user,
        action="triage.sign_off",
        route=FRONT_DOOR,
        target=locked,
        details={"referral": locked.referral_id, "agree": agree, "note": locked.sign_off_note},
    )
    _refresh(locked.referral)
    if agree:
        _stands(locked.referral, locked, user)
    return locked


@transaction.atomic
def strategy_discussion_record(
    *,
    decision: Decision,
    user: User,
    held_at: datetime,
    agencies: Sequence[Agency],
    attendees: str,
    outcome: str,
    actions: str,
) -> StrategyDiscussion:
    """Record the strategy discussion a decision called for: health takes part in every one."""
    if decision.outcome != DecisionOutcome.STRATEGY_DISCUSSION or not decision.stands:
        raise TriageError("decision: no strategy discussion has been decided on")
    if hasattr(decision, "strategy_discussion"):
        raise TriageError("decision: the strategy discussion has already been recorded")
    if not any(a.type in HEALTH_TYPES for a in agencies):
        raise TriageError("agencies: health must take part in a strategy discussion")
    if outcome not in StrategyOutcome.values:
        raise TriageError(f"outcome: not a strategy discussion outcome: {outcome!r}")
    if held_at > timezone.now():
        raise TriageError(f"held_at: {held_at:%-d %B %Y %H:%M} is in the future")
    discussion = StrategyDiscussion.objects.create(
        decision=decision,
        held_at=held_at,
        attendees=_required("attendees", attendees, "name who took part and their roles"),
        outcome=outcome,
        actions=_required("actions", actions, "say what actions were agreed, by whom"),
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    discussion.agencies.set(agencies)
    audit_record(
        actor=user,
        action="triage.strategy_discussion",
        route=FRONT_DOOR,
        target=discussion,
        details={
            "referral": decision.referral_id,
            "outcome": outcome,
            "agencies": [a.code for a in agencies],
        },
    )
    decision.refresh_from_db()
    _refresh(Referral.objects.get(reference=decision.referral_id))
    return discussion
