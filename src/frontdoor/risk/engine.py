"""Running the rules: at each new event, over what the hub knew then, raising and resolving
alerts. The same code runs live (in intake's transaction), on a replay and after a link moves
records, so all three give the same answer; an alert raised again (a rebuild) takes back what
people did about it as it is raised, before a later event can resolve it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdoor.bulk import rows_insert, rows_update
from frontdoor.chronology.models import Event, Participant
from frontdoor.kept import kept_at, kept_by, kept_people
from frontdoor.workdays import working_days_after

from .history import History, histories_load
from .models import OPEN_STATUSES, Alert, AlertChange, AlertStatus
from .rules import RULES, Finding, Raised, Rule

CHUNK = 500
RESOLVABLE = frozenset(code for code, rule in RULES.items() if rule.resolves)
RESOLVING_KINDS = frozenset(kind for rule in RULES.values() for kind in rule.resolved_by)
TRIGGER_KINDS = RESOLVING_KINDS.union(*(rule.kinds for rule in RULES.values()))


@dataclass
class Tally:
    raised: int = 0
    resolved: int = 0

    def add(self, other: "Tally") -> None:
        self.raised += other.raised
        self.resolved += other.resolved


def findings_of(history: History) -> list[tuple[Rule, Finding]]:
    """What every rule finds at the history's trigger, in rule order."""
    kind = history.trigger.kind
    return [
        (rule, finding)
        for rule in RULES.values()
        if kind in rule.kinds
        for finding in rule.check(history)
    ]


def _due_by(rule: Rule, history: History, raised_at: datetime) -> date | None:
    if rule.deadline is None:
        return None
    local = timezone.localtime(raised_at, timezone.get_default_timezone()).date()
    return working_days_after(local, history.thresholds.number(rule.deadline))


def _alert(rule: Rule, finding: Finding, history: History) -> Alert:
    trigger = history.trigger
    events = sorted(finding.events, key=lambda e: (e.occurred_at, e.event_id))
    return Alert(
        rule=rule.code,
        rule_version=rule.version,
        person_id=finding.person_id,
        key=finding.key[:200],
        detail=finding.detail[:500],
        action=finding.action[:300],
        evidence=dict(finding.evidence),
        messages=list(dict.fromkeys(e.message_id for e in events)),
        events=list(dict.fromkeys(e.event_id for e in events)),
        trigger_id=trigger.event_id,
        raised_at=trigger.reported_at,
        due_by=_due_by(rule, history, trigger.reported_at),
    )


def alerts_evaluate(trigger_ids: Sequence[int]) -> Tally:
    """Evaluate every rule at each of these events, in the order the hub knew of them.

    Call inside the transaction that recorded the events. Reads every history in a fixed number
    of queries for the lot, then the alerts already raised for the people in them.
    """
    tally = Tally()
    for start in range(0, len(trigger_ids), CHUNK):
        tally.add(
            alerts_raise(histories_load(trigger_ids[start : start + CHUNK], kinds=TRIGGER_KINDS))
        )
    return tally


def alerts_raise(histories: Sequence[History]) -> Tally:
    """Raise and resolve the alerts at each history's trigger, given histories already read
    (of any kinds: those no rule looks at are passed over), in the order the hub knew of them."""
    histories = [history for history in histories if history.trigger.kind in TRIGGER_KINDS]
    found = [(history, findings_of(history)) for history in histories]
    raised = {f.person_id for _, findings in found for _, f in findings}
    existing = set(
        Alert.objects.filter(person_id__in=raised).values_list("rule", "person_id", "key")
    )
    open_by_person: dict[int, list[Alert]] = {}
    resolving = {
        pid
        for history in histories
        if history.trigger.kind in RESOLVING_KINDS
        for pid in history.trigger.person_ids
    }
    # The rules sifted here: given them as well, SQLite took the front door's index of open
    # alerts by rule and read every open alert of those rules, whoever they were about.
    for alert in Alert.objects.filter(person_id__in=resolving, status__in=OPEN_STATUSES).only(
        "rule", "person_id", "key", "status", "raised_at", "evidence", "trigger_id"
    ):
        if alert.rule in RESOLVABLE:
            open_by_person.setdefault(alert.person_id, []).append(alert)
    changes: dict[tuple[object, ...], AlertChange] | None = None
    new: list[Alert] = []
    resolved: list[Alert] = []
    now = timezone.now()
    for history, findings in found:
        trigger = history.trigger
        if trigger.kind in RESOLVING_KINDS:
            for person_id in trigger.person_ids:
                for alert in open_by_person.get(person_id, []):
                    if _resolve(alert, history, now) and alert.pk:
                        resolved.append(alert)
        for rule, finding in findings:
            key = (rule.code, finding.person_id, finding.key[:200])
            if key in existing:
                continue
            existing.add(key)
            alert = _alert(rule, finding, history)
            if changes is None:
                changes = _changes_kept(histories)
            change = changes.get(
                (alert.person_id, alert.rule, alert.key, trigger.agency_id, trigger.message_id)
            )
            if change is not None:
                _restore(alert, change)
            new.append(alert)
            if rule.resolves:
                open_by_person.setdefault(alert.person_id, []).append(alert)
    rows_insert(Alert, new)
    rows_update(Alert, resolved, ["status", "status_reason", "status_changed_at", "resolved_by"])
    resolved_at_once = sum(1 for alert in new if alert.status == AlertStatus.RESOLVED)
    return Tally(raised=len(new), resolved=len(resolved) + resolved_at_once)


def _changes_kept(histories: Sequence[History]) -> dict[tuple[object, ...], AlertChange]:
    """The latest change kept for each alert the triggers may raise again, by person, rule, key,
    sender and message id. A change an alert still holds (one acted on stays when a link
    decision raises the rest again) is not taken back by a second. One query, three where
    anything was kept; asked only once a trigger raises an alert anew."""
    sent = {h.trigger.event_id: (h.trigger.agency_id, h.trigger.message_id) for h in histories}
    kept = kept_at(AlertChange.objects.order_by("changed_at", "pk"), sent) if sent else []
    if not kept:
        return {}
    held = {
        (rule, key, *sent[trigger_id])
        for rule, key, trigger_id in Alert.objects.filter(
            trigger_id__in=list(sent), status_changed_by__isnull=False
        ).values_list("rule", "key", "trigger_id")
    }
    kept = [k for k in kept if (k.rule, k.key, k.sent_by_id, k.message_id) not in held]
    return kept_by(kept, kept_people(kept), ("rule", "key", "sent_by_id", "message_id"))


def _restore(alert: Alert, change: AlertChange) -> None:
    """An alert raised again takes back the state someone last moved it to."""
    alert.status, alert.status_reason = change.status, change.reason
    alert.status_changed_at, alert.status_changed_by_id = change.changed_at, change.changed_by_id


def _resolve(alert: Alert, history: History, now: datetime) -> bool:
    """Resolve an open alert if the history's trigger satisfies it; say whether it did."""
    resolves = RULES[alert.rule].resolves
    trigger = history.trigger
    if alert.status not in OPEN_STATUSES or resolves is None:
        return False
    if alert.raised_at > trigger.reported_at or alert.trigger_id == trigger.event_id:
        return False
    why = resolves(Raised(alert.person_id, alert.key, alert.raised_at, alert.evidence), history)
    if not why:
        return False
    alert.status, alert.status_reason = AlertStatus.RESOLVED, why
    alert.status_changed_at, alert.resolved_by_id = now, trigger.event_id
    return True


def _untouched() -> Q:
    """Alerts no one has acted on: derived data, safe to derive again."""
    return Q(status__in=(AlertStatus.OPEN, AlertStatus.RESOLVED), status_changed_by=None)


def alerts_rederive(*, person_ids: Iterable[int]) -> Tally:
    """After a link decision moved records: these people's alerts no one has acted on are
    raised again from every event about them (invariant 5). Acted-on alerts stay as they are."""
    people = sorted(set(person_ids))
    Alert.objects.filter(_untouched(), person_id__in=people).delete()
    triggers = _in_known_order(
        Event.objects.filter(
            pk__in=Participant.objects.filter(person_id__in=people).values("event_id")
        )
    )
    return alerts_evaluate(triggers)


def _in_known_order(events: QuerySet[Event]) -> list[int]:
    return list(events.order_by("reported_at", "message_id").values_list("pk", flat=True))


def alerts_replay(*, start: date | None, end: date | None) -> Tally:
    """Evaluate the rules again at every event reported in the period (whole local days,
    inclusive), as live processing would have; alerts raised in the period that no one acted on
    are replaced."""
    zone = timezone.get_default_timezone()
    reported, raised = Q(), Q()
    if start:
        first = datetime.combine(start, time.min, zone)
        reported &= Q(reported_at__gte=first)
        raised &= Q(raised_at__gte=first)
    if end:
        after = datetime.combine(end + timedelta(days=1), time.min, zone)
        reported &= Q(reported_at__lt=after)
        raised &= Q(raised_at__lt=after)
    Alert.objects.filter(_untouched(), raised).delete()
    return alerts_evaluate(_in_known_order(Event.objects.filter(reported)))
