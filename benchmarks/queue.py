"""The front door's queue page with 5,000 open items, in under 200 ms of server time (p95).

Where the borough leaves more open (ten years of a force's referrals and rule-listed children,
none decided), the oldest are closed as decided; where fewer, open referrals are topped up to
the target through the real intake path (`messages_receive`),
from agencies of every type, on top of the borough ingest loaded and the alerts its rules
raised; every one of them is on the queue. Server time is the whole Django request timed around
the test `Client` in process, as for the person page, over the default view and the sorts and
filters a practitioner uses. The query count is read for the first page and the last.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.access.models import Agency, AgencyType
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.risk.models import OPEN_STATUSES as OPEN_ALERTS
from frontdoor.risk.models import Alert, AlertStatus
from frontdoor.triage.configuration import Timeline
from frontdoor.triage.models import OPEN_STATUSES, Referral, ReferralStatus
from frontdoor.triage.selectors import QUEUE_PAGE_SIZE

from .borough import Borough
from .clients import front_door_client
from .config import QUEUE_ITEMS, QUEUE_TARGET, SEED, Scale
from .results import Result, load_average, ms, percentile
from .settle import tables_settle

WARM_UP = 3
GIVEN = ("Amara", "Ben", "Cora", "Dev", "Ellis", "Freya", "Gus", "Hana", "Idris", "Jude")
FAMILY = ("Ashdown", "Brightwell", "Colney", "Dunmore", "Eastleigh", "Fernley", "Gatcombe")
CLOSED_REASON = "Closed by the queue benchmark, as the front door would have decided it"
VIEWS = ("", "?sort=risk", "?sort=age", "?due=overdue", "?age=under_5", "?sort=received&page=40")


def open_items() -> int:
    """What the queue holds: open referrals and the children the rules put on it."""
    rules = Timeline.load().on(timezone.localdate()).queue_rules
    alerts = Alert.objects.filter(status__in=OPEN_ALERTS, rule__in=rules).count()
    return Referral.objects.filter(status__in=OPEN_STATUSES).count() + alerts


def top_up(count: int) -> int:
    """Send `count` made-up referrals through intake; each names a child and a parent."""
    r = random.Random(SEED)
    sources = list(Agency.objects.exclude(type=AgencyType.CSC).values_list("code", flat=True))
    now = timezone.localtime()
    raws = []
    for n in range(count):
        family = r.choice(FAMILY)
        born = now.date() - timedelta(days=r.randint(30, 17 * 365))
        raws.append(
            json.dumps(
                {
                    "message_id": f"bench-queue-{n}",
                    "source": r.choice(sources),
                    "kind": "referral",
                    "occurred_at": (now - timedelta(minutes=r.randint(1, 600))).isoformat(),
                    "subjects": [
                        {
                            "ref": "c",
                            "role": "child",
                            "given_name": r.choice(GIVEN),
                            "family_name": f"{family}-{n}",
                            "date_of_birth": born.isoformat(),
                        },
                        {
                            "ref": "a",
                            "role": "victim",
                            "given_name": r.choice(GIVEN),
                            "family_name": f"{family}-{n}",
                        },
                    ],
                    "facts": {
                        "reason": "Benchmark referral",
                        "concerns": ["domestic_abuse"],
                        "urgent": r.random() < 0.1,
                    },
                }
            )
        )
    size = settings.FRONTDOOR_INGEST_BATCH_SIZE
    for start in range(0, len(raws), size):
        outcomes = messages_receive(raws[start : start + size], channel=Channel.FILE)
        refused = [o for o in outcomes if o.status != "accepted"]
        if refused:
            raise RuntimeError(f"the benchmark's referrals were not all accepted: {refused[:3]}")
    return count


def close_oldest(keep: int) -> int:
    """Close all but the `keep` newest open items, as the front door would have decided them
    over the years (the borough's messages carry no front-door decisions): ten years of a
    force's referrals are not all waiting at once. Referrals and rule-listed children keep the
    shares they have; return how many were closed."""
    rules = Timeline.load().on(timezone.localdate()).queue_rules
    referrals = Referral.objects.filter(status__in=OPEN_STATUSES)
    alerts = Alert.objects.filter(status__in=OPEN_ALERTS, rule__in=rules)
    total = referrals.count() + alerts.count()
    if total <= keep:
        return 0
    kept_referrals = round(keep * referrals.count() / total)
    closed = 0
    for query, newest, kept, update in (
        (referrals, "-received_at", kept_referrals, {"status": ReferralStatus.DECIDED}),
        (
            alerts,
            "-raised_at",
            keep - kept_referrals,
            {"status": AlertStatus.CLOSED, "status_reason": CLOSED_REASON},
        ),
    ):
        older = list(query.order_by(newest, "-pk").values_list("pk", flat=True)[kept:])
        for start in range(0, len(older), 10_000):
            query.model.objects.filter(pk__in=older[start : start + 10_000]).update(**update)
        closed += len(older)
    return closed


def run(borough: Borough, scale: Scale, backend: str) -> Result:
    """Bring the queue to 5,000 open items and time a front-door practitioner's views of it."""
    before = open_items()
    began = time.perf_counter()
    closed = close_oldest(QUEUE_ITEMS)
    added = top_up(max(0, QUEUE_ITEMS - before))
    tables_settle()
    filled_in = time.perf_counter() - began
    items = open_items()
    client, _ = front_door_client("benchmark.queue")
    load_before = load_average()
    for view in VIEWS[:WARM_UP]:
        _get(client, view)
    times: list[float] = []
    cpu: list[float] = []
    for request in range(scale.page_requests * 2):
        view = VIEWS[request % len(VIEWS)]
        started, cpu_started = time.perf_counter(), time.process_time()
        _get(client, view)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    with CaptureQueriesContext(connection) as first:
        _get(client, "")
    last_page = -(-items // QUEUE_PAGE_SIZE)
    with CaptureQueriesContext(connection) as last:
        _get(client, f"?page={last_page}")
    median, p95 = statistics.median(times), percentile(times, 0.95)
    return Result(
        benchmark="queue",
        backend=backend,
        scale=scale.name,
        figure=f"median {ms(median)}, p95 {ms(p95)} over {len(times)} requests",
        target=f"server time < {QUEUE_TARGET * 1000:.0f} ms (p95) with {QUEUE_ITEMS:,} open items",
        passed=p95 < QUEUE_TARGET and items == QUEUE_ITEMS,
        table=[
            [
                "open items",
                "requests",
                "median",
                "p95",
                "max",
                "CPU p95",
                "queries (first, last page)",
            ],
            [
                f"{items:,}",
                str(len(times)),
                ms(median),
                ms(p95),
                ms(max(times)),
                ms(percentile(cpu, 0.95)),
                f"{len(first.captured_queries)}, {len(last.captured_queries)}",
            ],
        ],
        notes=[
            f"{before:,} open items after the {scale.name} borough ({borough.messages:,} "
            f"messages); the {closed:,} oldest closed as decided, {added:,} referrals added "
            f"through messages_receive, in {filled_in:.1f} s",
            f"views, in turn: {', '.join(v or 'default (deadline)' for v in VIEWS)}",
            "CPU is this process's own (Python, and SQLite's work in it; not PostgreSQL's "
            "server): on a busy shared machine it is the steadier figure",
        ],
        load_before=load_before,
        load_after=load_average(),
    )


def _get(client: Client, query: str) -> bytes:
    """The queue, checked: a fast answer that is not the queue would be no measurement."""
    response = client.get(f"/referrals/queue/{query}")
    if response.status_code != 200 or b"Open work at the front door" not in response.content:
        raise RuntimeError(f"GET /referrals/queue/{query} answered {response.status_code}")
    return response.content
