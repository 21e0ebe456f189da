"""The hub's facts for one period, read into a DuckDB database in memory for the measures.

The hub's database does what it is good at: it picks the rows of the period, follows keys (the
people a referral named to their next incident, an alert to the audit log) and counts. What a
measure only counts crosses over already counted, by local month, agency and whatever the
measure breaks down or filters by (`LocalMonth`, `n`); only what a median needs crosses row by
row (incidents, decisions, alerts), with the columns the measures read. Times are TIMESTAMPTZ;
the DuckDB database is in the partnership's time zone, so a month is a local month.

One DuckDB database in memory serves the whole process: opening one costs about 13 ms of CPU,
more than most of the measures' queries. Each request has a connection of its own to it (a
cursor), with which it registers its Arrow tables: DuckDB reads them in place, no other request
sees them, and they go when it closes.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import duckdb
import pyarrow as pa
from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.audit.models import AuditEvent
from frontdoor.chronology.models import Event, Participant
from frontdoor.marac.models import MaracReferral
from frontdoor.risk.models import Alert
from frontdoor.sharing.models import Notification, NotificationStatus
from frontdoor.triage.configuration import Timeline
from frontdoor.triage.models import HEALTH_TYPES, Decision, Referral, SignOff

from .extract import EPOCH_SECONDS, EpochSeconds, LocalMonth, local_month_sql, table_read
from .measures import ESCALATION_RULES
from .months import KeptMonths
from .written import pending_settle

LONGEST_MONTHS = 120  # ten years: the charts stay readable and the page fast
ALERT_ACTIONS = ("alert.acknowledge", "alert.action", "alert.close")
REPEAT_BOUND = timedelta(days=366)  # later than any incident 365 local days after a decision
TIMES = "TIMESTAMPTZ"
COUNTED = Count("*")  # how many rows a counted row stands for: `n`


@dataclass(frozen=True)
class Period:
    """From the first day to the last, both whole days in the partnership's time zone."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    @classmethod
    def checked(cls, first: date, last: date) -> "Period":
        """The period, if it runs forwards and is at most ten years long; else an error naming
        the field."""
        if last < first:
            raise ValueError(f"to: {last.isoformat()} is before from ({first.isoformat()})")
        period = cls(first, last)
        if len(period.months()) > LONGEST_MONTHS:
            raise ValueError(
                f"to: {first.isoformat()} to {last.isoformat()} is longer than "
                f"{LONGEST_MONTHS // 12} years"
            )
        return period

    @classmethod
    def last_year(cls, today: date) -> "Period":
        """This month and the 11 before it, to today."""
        year, month = (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
        return cls(date(year - 1, month, 1), today)

    def months(self) -> list[str]:
        """Every month the period touches, as YYYY-MM, in order."""
        months, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


_database: duckdb.DuckDBPyConnection | None = None
_database_lock = threading.Lock()


def _connection_new() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's DuckDB database, which is opened on first use with one
    thread (its tables are small, and the web server's processes already share the cores).
    Made under a lock: the web server's threads share the database, not its connections."""
    global _database
    with _database_lock:
        if _database is None:
            _database = duckdb.connect(config={"threads": 1})
            _database.execute(f"SET GLOBAL TimeZone = '{settings.TIME_ZONE}'")
        return _database.cursor()


@dataclass(frozen=True)
class Load:
    """One table of facts the measures read, for any stretch of time: `read(start, end, now)`
    gives its rows with the local month each belongs to (`month`), so that a stretch's rows can
    be kept month by month (`months.py`). A write at a time up to `reach` after a month can
    change that month's rows; `unsettled(start, end, now)` names the months whose rows the
    clock alone may still change."""

    name: str
    read: Callable[[datetime, datetime, datetime], pa.Table]
    reach: timedelta = timedelta(0)
    unsettled: Callable[[datetime, datetime, datetime], set[str]] | None = None


def hub_load(period: Period, now: datetime) -> duckdb.DuckDBPyConnection:
    """A connection to DuckDB holding the period's facts as tables of its own, ready for the
    measures; closing it drops them. `now` decides which notifications are due. Whole months
    come from those kept by earlier views while no write could have changed them; the rest are
    read from the hub, and its whole months kept for the next view."""
    duck = _connection_new()
    with transaction.atomic():
        pending_settle(connection)
        _postgres_tuned()
        agencies = _agencies_read()
        kept = KeptMonths(period, agencies, max(load.reach for load in LOADS))
        tables = {load.name: kept.table(load, now) for load in LOADS}
        notice = _notice_read()
    kept.keep()
    duck.register("agencies", agencies)
    duck.register("notice", notice)
    for name, table in tables.items():
        duck.register(name, table)
    return duck


def _postgres_tuned() -> None:
    """On PostgreSQL, for this transaction only: memory enough to join and count a force's ten
    years of children without spilling to disk (the default 4 MB made that read take 1.4 s of
    the server's CPU, not 0.8). JIT compilation is off for every connection of the hub (its
    settings), which these reads needed most: compiling a plan took about 85 ms a query."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")


def _agencies_read() -> pa.Table:
    return table_read(
        Agency.objects.values_list("id", "code", "name", "type"),
        {"id": "BIGINT", "code": "VARCHAR", "name": "VARCHAR", "type": "VARCHAR"},
    )


def _notice_read() -> pa.Table:
    """The notice times in force from each day one changed."""
    timeline = Timeline.load()
    days = [date.min, *timeline.change_days()]
    return pa.table({"since": days, "hours": [timeline.on(day).notice_hours for day in days]})


def _decisions_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    """Referrals decided in the period, each with whether health answered among its decision's
    checks."""
    health = Decision.objects.filter(
        referral_id=OuterRef("reference"),
        sign_off__in=(SignOff.NOT_REQUIRED, SignOff.AGREED),
        checks__agency__type__in=HEALTH_TYPES,
        checks__answered_at__isnull=False,
    )
    return table_read(
        Referral.objects.filter(decided_at__gte=start, decided_at__lt=end).values_list(
            LocalMonth("decided_at"),
            "id",
            "agency_id",
            EpochSeconds("received_at"),
            EpochSeconds("due_at"),
            EpochSeconds("decided_at"),
            "outcome",
            Exists(health),
        ),
        {
            "month": "VARCHAR",
            "id": "BIGINT",
            "agency_id": "BIGINT",
            "received": TIMES,
            "due": TIMES,
            "decided": TIMES,
            "outcome": "VARCHAR",
            "health": "BOOLEAN",
        },
    )


def _next_incidents_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    """For each referral decided from `start` to `end`, when the first domestic-abuse incident
    after the decision happened to anyone the referral named."""
    return table_read(
        _next_incidents_query(start, end),
        {"month": "VARCHAR", "referral_id": "BIGINT", "occurred": TIMES},
    )


def _next_incidents_query(start: datetime, end: datetime) -> tuple[str, list[Any]]:
    """For each referral decided from `start` to `end`, the first domestic-abuse incident after
    the decision involving anyone it named: one row a referral. A join of the people named to
    their incidents, which the database does in one pass (by hash, on PostgreSQL); the ORM can
    say it only as a subquery a referral, which looks up every event of every person named
    (several times slower for a force). Only incidents from `start` to a year after `end` can
    count: the events' covering index reads just those (a later one is more than 365 days
    after the decision, which the measure checks)."""
    referrals, participants, events = (m._meta.db_table for m in (Referral, Participant, Event))
    sql = f"""
        SELECT {local_month_sql("r.decided_at")}, r.id,
               {EPOCH_SECONDS[connection.vendor] % "MIN(e.occurred_at)"}
        FROM {referrals} r
        JOIN {participants} named ON named.event_id = r.event_id
        JOIN {participants} later ON later.person_id = named.person_id
        JOIN {events} e ON e.id = later.event_id
        WHERE r.decided_at >= %s AND r.decided_at < %s AND e.kind = 'incident'
          AND e.occurred_at > r.decided_at AND e.occurred_at >= %s AND e.occurred_at < %s
        GROUP BY r.id, r.decided_at
    """  # noqa: S608  # nosec B608: table names from the models, values as parameters
    moments = (start, end, start, end + REPEAT_BOUND)
    return sql, [connection.ops.adapt_datetimefield_value(moment) for moment in moments]


def _referrals_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    """Referrals made in the period, counted by month, agency and the outcome standing now."""
    return table_read(
        Referral.objects.filter(event__reported_at__gte=start, event__reported_at__lt=end)
        .values_list(LocalMonth("event__reported_at"), "agency_id", "outcome")
        .annotate(n=COUNTED),
        {"month": "VARCHAR", "agency_id": "BIGINT", "outcome": "VARCHAR", "n": "BIGINT"},
    )


def _incidents_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    """Incidents in the period, one row each."""
    return table_read(
        Event.objects.filter(
            kind="incident", occurred_at__gte=start, occurred_at__lt=end
        ).values_list(
            LocalMonth("occurred_at"),
            "agency_id",
            EpochSeconds("occurred_at"),
            EpochSeconds("reported_at"),
            "team",
        ),
        {
            "month": "VARCHAR",
            "agency_id": "BIGINT",
            "occurred": TIMES,
            "reported": TIMES,
            "team": "VARCHAR",
        },
    )


def _children_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    """Children at incidents and contacts in the period, counted by month, agency, team, kind
    and what the agency recorded."""
    return table_read(
        Participant.objects.filter(
            role="child",
            event__kind__in=("incident", "contact"),
            event__occurred_at__gte=start,
            event__occurred_at__lt=end,
        )
        .values_list(
            LocalMonth("event__occurred_at"),
            "event__agency_id",
            "event__team",
            "event__kind",
            "seen",
            "seen_alone",
            ExpressionWrapper(Q(spoken_to=True) | ~Q(voice=""), output_field=BooleanField()),
        )
        .annotate(n=COUNTED),
        {
            "month": "VARCHAR",
            "agency_id": "BIGINT",
            "team": "VARCHAR",
            "kind": "VARCHAR",
            "seen": "BOOLEAN",
            "seen_alone": "BOOLEAN",
            "heard": "BOOLEAN",
            "n": "BIGINT",
        },
    )


def _notifications(start: datetime, end: datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(raised_at__gte=start, raised_at__lt=end).exclude(
        status=NotificationStatus.WITHHELD
    )


def _notifications_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    """Notifications raised in the period that are acknowledged or due by now, counted by month,
    agency told and whether they were acknowledged by the deadline."""
    return table_read(
        _notifications(start, end)
        .filter(Q(acknowledged_at__isnull=False) | Q(due_by__lt=now))
        .values_list(
            LocalMonth("raised_at"),
            "recipient_id",
            ExpressionWrapper(Q(acknowledged_at__lte=F("due_by")), output_field=BooleanField()),
        )
        .annotate(n=COUNTED),
        {"month": "VARCHAR", "recipient_id": "BIGINT", "on_time": "BOOLEAN", "n": "BIGINT"},
    )


def _notifications_waiting(start: datetime, end: datetime, now: datetime) -> set[str]:
    """The months with a notification neither acknowledged nor due by now: it joins its month's
    figures when it falls due, with no write."""
    waiting = _notifications(start, end).filter(acknowledged_at__isnull=True, due_by__gte=now)
    return set(waiting.order_by().values_list(LocalMonth("raised_at"), flat=True).distinct())


def _alerts_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    """The escalation rules' alerts, each with when someone first moved it (the audit log)."""
    acted = (
        AuditEvent.objects.filter(
            object_type=Alert._meta.label_lower,
            object_id=Cast(OuterRef("id"), CharField()),
            action__in=ALERT_ACTIONS,
        )
        .order_by()
        .values("object_id")
        .annotate(first=Min("at"))
        .values("first")
    )
    return table_read(
        Alert.objects.filter(
            rule__in=ESCALATION_RULES, raised_at__gte=start, raised_at__lt=end
        ).values_list(
            LocalMonth("raised_at"),
            "trigger__agency_id",
            "rule",
            EpochSeconds("raised_at"),
            "trigger__team",
            EpochSeconds(Subquery(acted)),
        ),
        {
            "month": "VARCHAR",
            "agency_id": "BIGINT",
            "rule": "VARCHAR",
            "raised": TIMES,
            "team": "VARCHAR",
            "first_acted": TIMES,
        },
    )


def _marac_read(start: datetime, end: datetime, now: datetime) -> pa.Table:
    return table_read(
        MaracReferral.objects.filter(referred_at__gte=start, referred_at__lt=end)
        .values_list(LocalMonth("referred_at"), "agency_id", "repeat")
        .annotate(n=COUNTED),
        {"month": "VARCHAR", "agency_id": "BIGINT", "repeat": "BOOLEAN", "n": "BIGINT"},
    )


LOADS = (
    Load("decisions", _decisions_read),
    Load("next_incidents", _next_incidents_read, reach=REPEAT_BOUND),
    Load("referrals", _referrals_read),
    Load("incidents", _incidents_read),
    Load("children", _children_read),
    Load("notifications", _notifications_read, unsettled=_notifications_waiting),
    Load("alerts", _alerts_read),
    Load("marac", _marac_read),
)
