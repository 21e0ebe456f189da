"""The leaders' dashboard over a hub holding ten years of a synthetic force: under a second.

The borough arrives all at once through ingest, with no front-door work on it. So first the
benchmark gives the hub the ten years a working front door would have left: each referral
received when its referrer sent it (as if it had arrived live) with its deadline worked out
again, and decided within two days by a fixed random draw of outcomes, three in five with a GP's
answer recorded; three in four notifications acknowledged; two in three escalation alerts
acknowledged through `alert_acknowledge` (so the audit log records when). Then a manager's
dashboard is timed through the test `Client` (the whole Django request, as for the other pages):
the default view (this month and the 11 before it) and the whole ten years, each
`page_requests // 3` times after a warm-up.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta
from unittest import mock

from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from frontdoor.access.models import Agency, AgencyType, Role, StaffProfile
from frontdoor.insights.loads import LONGEST_MONTHS
from frontdoor.insights.measures import ESCALATION_RULES
from frontdoor.risk.models import Alert
from frontdoor.risk.services import alert_acknowledge
from frontdoor.sharing.models import Notification, NotificationStatus
from frontdoor.triage.configuration import Timeline
from frontdoor.triage.models import AgencyCheck, Decision, DecisionOutcome, Referral, SignOff
from frontdoor.triage.services import referral_deadline, referral_states_restore

from .borough import Borough, period_end
from .clients import front_door_client
from .config import INSIGHTS_TARGET, SEED, Scale
from .results import Result, load_average, ms, percentile
from .settle import tables_settle

OUTCOMES = [o.value for o in DecisionOutcome]
BATCH = 2_000


@transaction.atomic
def front_door_history() -> dict[str, int]:
    """The work of ten years of a front door, written in bulk (not audited: made-up history)."""
    r = random.Random(SEED)
    user = front_door_client("benchmark.insights.fd")[1]
    gp = Agency.objects.filter(type=AgencyType.GP).order_by("pk").first()
    timeline = Timeline.load()
    referrals = list(Referral.objects.select_related("event").order_by("pk"))
    for referral in referrals:
        referral.received_at = referral.event.reported_at
        referral.due_at = referral_deadline(referral.received_at, timeline)
    Referral.objects.bulk_update(referrals, ["received_at", "due_at"], batch_size=BATCH)
    decisions, checks = [], []
    for referral in referrals:
        decided_at = referral.received_at + timedelta(hours=r.uniform(0.5, 48))
        decisions.append(
            Decision(
                referral=referral,
                outcome=r.choice(OUTCOMES),
                rationale="Benchmark history",
                rested_on="Benchmark history",
                decided_by=user,
                decided_at=decided_at,
                sign_off=SignOff.NOT_REQUIRED,
            )
        )
        answered = gp is not None and r.random() < 0.6
        checks.append(
            AgencyCheck(
                referral=referral,
                agency=gp,
                question="Benchmark",
                asked_by=user,
                asked_at=referral.received_at,
                due_at=referral.due_at,
                answered_by=user,
                answered_at=decided_at - timedelta(minutes=10),
                holds=False,
            )
            if answered
            else None
        )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    asked = [(d, c) for d, c in zip(decisions, checks, strict=True) if c is not None]
    AgencyCheck.objects.bulk_create([c for _, c in asked], batch_size=BATCH)
    Decision.checks.through.objects.bulk_create(
        [Decision.checks.through(decision_id=d.pk, agencycheck_id=c.pk) for d, c in asked],
        batch_size=BATCH,
    )
    referral_states_restore(referrals)
    Referral.objects.bulk_update(referrals, ["status", "outcome", "decided_at"], batch_size=BATCH)
    return {
        "decisions": len(decisions),
        "health answers": len(asked),
        "acknowledged": _acknowledge(r),
        "alerts acted on": _act_on_alerts(r, user),
    }


def _acknowledge(r: random.Random) -> int:
    notices = list(
        Notification.objects.exclude(status=NotificationStatus.WITHHELD).only("raised_at")
    )
    chosen = [n for n in notices if r.random() < 0.75]
    for notice in chosen:
        notice.status = NotificationStatus.ACKNOWLEDGED
        notice.acknowledged_at = notice.raised_at + timedelta(hours=r.uniform(1, 96))
    Notification.objects.bulk_update(chosen, ["status", "acknowledged_at"], batch_size=BATCH)
    return len(chosen)


def _act_on_alerts(r: random.Random, user: User) -> int:
    """Acknowledge two in three escalation alerts through the front door's own service, each at
    a moment after it was raised (the service and its audit row read the clock)."""
    chosen = [a for a in Alert.objects.filter(rule__in=ESCALATION_RULES) if r.random() < 2 / 3]
    for alert in chosen:
        moment = alert.raised_at + timedelta(hours=r.uniform(0.5, 72))
        with mock.patch("django.utils.timezone.now", return_value=moment):
            alert_acknowledge(alert=alert, user=user)
    return len(chosen)


def manager_client() -> Client:
    client, user = front_door_client("benchmark.insights")
    StaffProfile.objects.filter(user=user).update(role=Role.MANAGER)
    return client


def run(borough: Borough, scale: Scale, backend: str) -> Result:
    """Give the hub a front door's history, then time the dashboard's two views."""
    began = time.perf_counter()
    made = front_door_history()
    tables_settle()
    history = time.perf_counter() - began
    client = manager_client()
    first, last = ten_years()
    views = {
        "default (this month and the 11 before)": "",
        f"ten years ({first} to {last})": (
            f"?start_day={first.day}&start_month={first.month}&start_year={first.year}"
            f"&end_day={last.day}&end_month={last.month}&end_year={last.year}"
        ),
    }
    load_before = load_average()
    rows = [["view", "first (CPU)", "requests", "median", "p95", "max", "CPU p95", "page size"]]
    worst = 0.0
    for name, query in views.items():
        started, cpu_started = time.perf_counter(), time.process_time()
        size = len(_get(client, query))  # the first view: months not yet kept (ADR 26)
        first = f"{ms(time.perf_counter() - started)} ({ms(time.process_time() - cpu_started)})"
        times, cpu = [], []
        for _ in range(max(3, scale.page_requests // 3)):
            started, cpu_started = time.perf_counter(), time.process_time()
            _get(client, query)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        p95 = percentile(times, 0.95)
        worst = max(worst, p95)
        rows.append(
            [
                name,
                first,
                str(len(times)),
                ms(statistics.median(times)),
                ms(p95),
                ms(max(times)),
                ms(percentile(cpu, 0.95)),
                f"{size / 1024:.0f} KiB",
            ]
        )
    return Result(
        benchmark="insights",
        backend=backend,
        scale=scale.name,
        figure=f"p95 {ms(worst)} (the slower view)",
        target=f"the dashboard in < {INSIGHTS_TARGET * 1000:.0f} ms (p95), both views",
        passed=worst < INSIGHTS_TARGET,
        table=rows,
        notes=[
            f"the {scale.name} borough ({borough.messages:,} messages); front-door history "
            f"made in {history:.1f} s: "
            + ", ".join(f"{count:,} {what}" for what, count in made.items()),
            "CPU is this process's own (Python, DuckDB and SQLite's work in it; not "
            "PostgreSQL's server)",
        ],
        load_before=load_before,
        load_after=load_average(),
    )


def ten_years() -> tuple[date, date]:
    """The borough's last ten years as whole months: 120 months to its last day."""
    last = period_end()
    months = last.year * 12 + last.month - 1 - (LONGEST_MONTHS - 1)
    return date(months // 12, months % 12 + 1, 1), last


def _get(client: Client, query: str) -> bytes:
    """The dashboard, checked: a fast answer that is not the dashboard would be no measurement."""
    response = client.get(f"/insights/{query}")
    if response.status_code != 200 or b"MARAC repeat rate" not in response.content:
        raise RuntimeError(f"GET /insights/{query} answered {response.status_code}")
    return response.content
