"""Intake's reads find their rows by id, not by scanning what grows with the force.

SQLite plans a query without statistics unless it is told to gather them, and an index added
for another reader can change its choice: the dashboard's index of events by kind led it to read
every event of a kind, each batch, to find the few a batch had just recorded (ingest fell to
about 210 messages a second at 160,000 messages in). So every query a load runs is planned
again here and may neither scan a growing table whole nor look its rows up by their category
(an event's kind, an alert's rule or status).
"""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontdoor.intake.models import Channel
from frontdoor.intake.services import Arriving, messages_ingest
from frontdoor.synth.generator import AGENCIES_FILE, MESSAGES_FILE, write_borough

# The tables that grow with every message; the register of agencies and the settings do not.
GROWING = (
    "chronology_event",
    "chronology_participant",
    "intake_inboxmessage",
    "people_person",
    "people_sourcerecord",
    "people_residence",
    "people_relationship",
    "people_linkdecision",
    "risk_alert",
    "sharing_notification",
    "triage_referral",
)
# An index searched by a category of row alone (an event's kind, an alert's rule or status):
# it finds every row of the category, whoever it is about.
BY_CATEGORY = re.compile(r"USING (?:COVERING )?INDEX \S+ \(((?:kind|rule|status)[=<>][^)]*)\)")


def _by_category(step: str) -> bool:
    found = BY_CATEGORY.search(step)
    return found is not None and not re.search(r"id[=<>]", found.group(1))


def _plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return [str(row[-1]) for row in cursor.fetchall()]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL plans from its statistics")
def test_no_query_of_a_load_scans_a_growing_table_or_reads_it_by_category(
    tmp_path: Path, settings: Any
) -> None:
    settings.FRONTDOOR_INGEST_BATCH_SIZE = 100
    write_borough(tmp_path, households=40, years=2, seed=3)
    call_command("agencies", "load", str(tmp_path / AGENCIES_FILE), stdout=io.StringIO())
    lines = (tmp_path / MESSAGES_FILE).read_text(encoding="utf-8").splitlines()

    with CaptureQueriesContext(connection) as queries:
        for _ in messages_ingest((Arriving(line) for line in lines), channel=Channel.FILE):
            pass

    reads = {q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")}
    assert len(reads) > 20
    faults = {
        step: sql
        for sql in reads
        for step in _plan(sql)
        if _by_category(step) or any(step.startswith(f"SCAN {table}") for table in GROWING)
    }
    assert not faults, faults
