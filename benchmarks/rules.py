"""The rules on the synthetic borough: do they catch what they must, how often do they speak,
and how fast are they.

Runs on the borough ingest loaded (which raised the alerts live). It prints:
- recall of the generator's escalating households (its truth) by ESCALATION_3_IN_12M or
  ESCALATING_HARM, with the lead time from a household's first incident to its first alert;
- alerts per 1,000 incidents, for each rule (alert fatigue);
- the p95 time to evaluate every rule for one new message over a household with 500 events;
- the time to replay the last year of the borough through the rules, and all of it.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count

from frontdoor.chronology.models import Event, Participant
from frontdoor.intake.models import InboxMessage
from frontdoor.risk.engine import alerts_evaluate, alerts_replay
from frontdoor.risk.models import Alert

from .borough import Borough
from .config import (
    RULES_EVALUATE_RUNS,
    RULES_EVALUATE_TARGET,
    RULES_RECALL_TARGET,
    RULES_REPLAY_TARGET,
    Scale,
)
from .person_page import build_child
from .results import Result, load_average, ms, percentile

ESCALATION_RULES = ("ESCALATION_3_IN_12M", "ESCALATING_HARM")


def _recall(borough: Borough) -> tuple[int, int, list[float]]:
    """Escalating households caught, escalating households, and lead times in days.

    Only households whose every incident was taken in count: the benchmark holds the latest
    messages back for the API's steps, and a rule cannot see an incident not yet sent.
    """
    truth = json.loads((borough.folder / "truth.json").read_text(encoding="utf-8"))
    escalating = [h for h in truth["households"] if h["escalating"]]
    inbox = {
        f"{source}|{message_id}": pk
        for pk, source, message_id in InboxMessage.objects.filter(
            message_id__in=[
                m.split("|", 1)[1] for h in escalating for m in h["incident_message_ids"]
            ]
        ).values_list("pk", "source", "message_id")
    }
    events = dict(
        Event.objects.filter(message_id__in=inbox.values()).values_list("message_id", "pk")
    )
    occurred = dict(Event.objects.filter(pk__in=events.values()).values_list("pk", "occurred_at"))
    first_alert: dict[int, datetime] = {}
    for alert in Alert.objects.filter(rule__in=ESCALATION_RULES).order_by("raised_at"):
        for event_id in alert.events:
            first_alert.setdefault(event_id, alert.raised_at)
    escalating = [h for h in escalating if all(m in inbox for m in h["incident_message_ids"])]
    caught, leads = 0, []
    for household in escalating:
        ids = [
            events[inbox[m]] for m in household["incident_message_ids"] if inbox.get(m) in events
        ]
        raised = [first_alert[e] for e in ids if e in first_alert]
        if not raised:
            continue
        caught += 1
        first = min(occurred[e] for e in ids)
        leads.append((min(raised) - first).total_seconds() / 86400)
    return caught, len(escalating), leads


def _evaluate_times(borough: Borough) -> tuple[list[float], list[float], int]:
    """Seconds (elapsed, and of this process's CPU) to evaluate every rule at the latest event
    of a 500-event household, each run rolled back so every run does the same work. On a shared
    machine the CPU time is the hub's own work; elapsed time adds waiting for a core."""
    child = build_child(borough)
    household_events = Participant.objects.filter(person_id=child).count()
    latest = (
        Participant.objects.filter(person_id=child)
        .order_by("-event__reported_at", "-event__message_id")
        .values_list("event_id", flat=True)
        .first()
    )
    assert latest is not None
    times, cpu = [], []
    for _ in range(RULES_EVALUATE_RUNS + 3):
        with transaction.atomic():
            Alert.objects.filter(trigger_id=latest).delete()
            began, cpu_began = time.perf_counter(), time.process_time()
            alerts_evaluate([latest])
            times.append(time.perf_counter() - began)
            cpu.append(time.process_time() - cpu_began)
            transaction.set_rollback(True)
    return times[3:], cpu[3:], household_events


def run(borough: Borough, scale: Scale, backend: str) -> Result:
    load_before = load_average()
    incidents = Event.objects.filter(kind="incident").count()
    caught, escalating, leads = _recall(borough)
    by_rule = Counter(dict(Alert.objects.values_list("rule").annotate(n=Count("pk"))))
    total = sum(by_rule.values())
    rows = [["rule", "alerts", "per 1,000 incidents"]]
    for rule, count in sorted(by_rule.items()):
        rows.append([rule, f"{count:,}", f"{1000 * count / max(incidents, 1):,.0f}"])
    rows.append(["all", f"{total:,}", f"{1000 * total / max(incidents, 1):,.0f}"])

    # The borough's latest event, before the 500-event child below adds events of today.
    last = Event.objects.order_by("-reported_at").values_list("reported_at", flat=True).first()
    assert last is not None
    year_start = (last - timedelta(days=365)).date()
    times, cpu, household_events = _evaluate_times(borough)
    p95 = percentile(times, 0.95)

    with transaction.atomic():
        began = time.perf_counter()
        year = alerts_replay(start=year_start, end=last.date())
        year_seconds = time.perf_counter() - began
    year_events = Event.objects.filter(
        reported_at__date__gte=year_start, reported_at__date__lte=last.date()
    ).count()
    with transaction.atomic():
        began = time.perf_counter()
        alerts_replay(start=None, end=None)
        all_seconds = time.perf_counter() - began
    all_events = Event.objects.count()

    recall = caught / escalating if escalating else 1.0
    lead = (
        f"lead time from first incident to alert: median {statistics.median(leads):.0f} days, "
        f"max {max(leads):.0f} days"
        if leads
        else "no lead times"
    )
    notes = [
        f"recall of escalating households (every incident taken in): {caught}/{escalating} "
        f"({recall:.0%}); {lead}",
        f"alerts: {total:,} over {incidents:,} incidents ({1000 * total / max(incidents, 1):,.0f} "
        "per 1,000)",
        f"evaluate one message, household of {household_events} events: p95 {ms(p95)}, "
        f"median {ms(statistics.median(times))} over {len(times)} runs (CPU p95 "
        f"{ms(percentile(cpu, 0.95))}, median {ms(statistics.median(cpu))})",
        f"replay the last year ({year_events:,} events): {year_seconds:.1f} s, "
        f"{year.raised:,} alerts; all {all_events:,} events: {all_seconds:.1f} s "
        f"({all_events / all_seconds:,.0f} events/s)",
    ]
    passed = (
        recall >= RULES_RECALL_TARGET
        and p95 < RULES_EVALUATE_TARGET
        and year_seconds < RULES_REPLAY_TARGET
    )
    return Result(
        benchmark="rules",
        backend=backend,
        scale=scale.name,
        figure=(
            f"recall {recall:.0%}; {1000 * total / max(incidents, 1):,.0f} alerts per 1,000 "
            f"incidents; p95 {ms(p95)} for one message over {household_events} events; "
            f"a year replayed in {year_seconds:.1f} s"
        ),
        target=(
            f"recall {RULES_RECALL_TARGET:.0%}; p95 < {ms(RULES_EVALUATE_TARGET)}; "
            f"a year replayed < {RULES_REPLAY_TARGET:.0f} s"
        ),
        passed=passed,
        table=rows,
        notes=notes,
        load_before=load_before,
        load_after=load_average(),
    )
