"""Target 3: a child's person page, 500 events from 10 agencies, in under 150 ms of server time.

The child is built through the real intake path (`messages_receive`) on top of the borough
ingest loaded, so the page's queries run against tables of realistic size. Server time is the
whole Django request (middleware, session, the `person_page` selector, its access log writes and
the template) timed around Django's test `Client`, in process: no network, no server, so the
figure is the hub's own work. The query count comes from one further request.
"""

from __future__ import annotations

import statistics
import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.chronology.models import Participant
from frontdoor.intake.derivation import derivations_run
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.people.models import SourceRecord
from frontdoor.people.selectors import person_page
from frontdoor.synth.nhs import TEST_RANGE_CAPACITY, number_for

from . import family
from .borough import Borough
from .clients import front_door_client
from .config import PAGE_AGENCIES, PAGE_EVENTS, PAGE_TARGET, Scale
from .results import Result, load_average, ms, percentile

WARM_UP = 3  # the first requests compile templates and fill caches; not counted
SELECTOR_RUNS = 10


def unused_nhs_numbers(count: int) -> list[str]:
    """Valid test-range NHS numbers no record in the database has, from the top of the range."""
    found: list[str] = []
    slot = TEST_RANGE_CAPACITY
    while len(found) < count:
        batch = [number_for(s, TEST_RANGE_CAPACITY) for s in range(slot - 100, slot)][::-1]
        slot -= 100
        used = set(SourceRecord.objects.filter(nhs_number__in=batch).values_list("nhs_number"))
        found.extend(n for n in batch if (n,) not in used)
    return found[:count]


def build_child(borough: Borough) -> int:
    """Send the family's messages through intake; the child's person id, checked."""
    per_agency = PAGE_EVENTS // PAGE_AGENCIES
    chosen = family.templates(
        borough.lines(),
        agencies=set(Agency.objects.values_list("code", flat=True)),
        count=PAGE_AGENCIES,
        per_agency=per_agency,
        now=timezone.now(),
        local=ZoneInfo(settings.TIME_ZONE),
    )
    members = family.family(unused_nhs_numbers(family.FAMILY_SIZE))
    raws = family.messages(chosen, members, per_agency)
    size = settings.FRONTDOOR_INGEST_BATCH_SIZE
    for start in range(0, len(raws), size):
        outcomes = messages_receive(raws[start : start + size], channel=Channel.FILE)
        refused = [o for o in outcomes if o.status != "accepted"]
        if refused:
            raise RuntimeError(f"the family's messages were not all accepted: {refused[:3]}")
    # As the intake worker would: the child's alerts and notifications are on the page too.
    derivations_run()
    people = set(
        SourceRecord.objects.filter(source_person_id=family.CHILD_ID).values_list(
            "person_id", flat=True
        )
    )
    if len(people) != 1:
        raise RuntimeError(f"the child's records resolved to {len(people)} people, not one")
    person_id = people.pop()
    shape = Participant.objects.filter(person_id=person_id).aggregate(
        events=Count("event", distinct=True), agencies=Count("event__agency", distinct=True)
    )
    if shape != {"events": PAGE_EVENTS, "agencies": PAGE_AGENCIES}:
        raise RuntimeError(f"the child has {shape}, not {PAGE_EVENTS} events from 10 agencies")
    return person_id


def run(borough: Borough, scale: Scale, backend: str) -> Result:
    """Build the child, sign in a front-door practitioner, and time their view of the page."""
    person_id = build_child(borough)
    client, user = front_door_client("benchmark.frontdoor")
    url = reverse("people:detail", args=[person_id])
    load_before = load_average()

    for _ in range(WARM_UP):
        _get(client, url)
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(scale.page_requests):
        began, cpu_began = time.perf_counter(), time.process_time()
        content = _get(client, url)
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - cpu_began)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    selector = []
    for _ in range(SELECTOR_RUNS):
        began = time.perf_counter()
        person_page(user=user, person_id=person_id)
        selector.append(time.perf_counter() - began)

    median, p95 = statistics.median(times), percentile(times, 0.95)
    return Result(
        benchmark="person-page",
        backend=backend,
        scale=scale.name,
        figure=f"median {ms(median)}, p95 {ms(p95)} over {len(times)} requests",
        target=f"server time < {PAGE_TARGET * 1000:.0f} ms (p95)",
        passed=p95 < PAGE_TARGET,
        table=[
            ["requests", "median", "p95", "max", "CPU median", "CPU p95", "queries", "page size"],
            [
                str(len(times)),
                ms(median),
                ms(p95),
                ms(max(times)),
                ms(statistics.median(cpu)),
                ms(percentile(cpu, 0.95)),
                str(len(queries.captured_queries)),
                f"{len(content) / 1024:,.0f} KiB",
            ],
        ],
        notes=[
            f"a child with {PAGE_EVENTS} events from {PAGE_AGENCIES} agencies, built through "
            f"messages_receive on the {scale.name} borough ({borough.messages:,} messages)",
            f"of which the person_page selector alone: median "
            f"{ms(statistics.median(selector))} over {SELECTOR_RUNS} calls; the rest is "
            "middleware, session and the template",
        ],
        load_before=load_before,
        load_after=load_average(),
    )


def _get(client: Client, url: str) -> bytes:
    """The page, checked: a fast answer that is not the page would be no measurement."""
    response = client.get(url)
    if response.status_code != 200 or f"{PAGE_EVENTS} events".encode() not in response.content:
        raise RuntimeError(f"GET {url} answered {response.status_code} without the events")
    return response.content
