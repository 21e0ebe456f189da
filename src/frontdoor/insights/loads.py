"""The hub's facts for one period, read into a DuckDB database in memory for the measures.

Each table holds only the rows of the period (and, for repeat incidents, the 12 months after it)
and only the columns the measures read. Times are TIMESTAMPTZ; the DuckDB database is in the
partnership's time zone, so a month is a local month.

One DuckDB database in memory serves the whole process: opening one costs about 13 ms of CPU,
more than most of the measures' queries. Each request has a connection of its own to it (a
cursor), with which it registers its Arrow tables: DuckDB reads them in place, no other request
sees them, and they go when it closes.
"""

import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import duckdb
import pyarrow as pa
from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.audit.models import AuditEvent
from frontdoor.chronology.models import Event, Participant
from frontdoor.marac.models import MaracReferral
from frontdoor.risk.models import Alert
from frontdoor.sharing.models import Notification, NotificationStatus
from frontdoor.triage.configuration import Timeline
from frontdoor.triage.models import HEALTH_TYPES, Decision, Referral, SignOff

from .extract import EpochSeconds, table_load
from .measures import ESCALATION_RULES

REPEAT_WINDOW = timedelta(days=365)
LONGEST_MONTHS = 120  # ten years: the charts stay readable and the page fast
ALERT_ACTIONS = ("alert.acknowledge", "alert.action", "alert.close")
STATION = "station"  # the fact naming the police station or team of an incident: its team
TIMES = "TIMESTAMPTZ"


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


def hub_load(period: Period) -> duckdb.DuckDBPyConnection:
    """A connection to DuckDB holding the period's facts as tables of its own, ready for the
    measures; closing it drops them."""
    duck = _connection_new()
    start, end = period.start, period.end
    _agencies_load(duck)
    _referrals_load(duck, start, end)
    _incidents_load(duck, period)
    _children_load(duck, start, end)
    _notifications_load(duck, start, end)
    _alerts_load(duck, start, end)
    table_load(
        duck,
        "marac",
        MaracReferral.objects.filter(referred_at__gte=start, referred_at__lt=end).values_list(
            "agency_id", EpochSeconds("referred_at"), "repeat"
        ),
        {"agency_id": "BIGINT", "referred": TIMES, "repeat": "BOOLEAN"},
    )
    return duck


def _agencies_load(duck: duckdb.DuckDBPyConnection) -> None:
    table_load(
        duck,
        "agencies",
        Agency.objects.values_list("id", "code", "name", "type"),
        {"id": "BIGINT", "code": "VARCHAR", "name": "VARCHAR", "type": "VARCHAR"},
    )


def _referrals_load(duck: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> None:
    """Referrals made or decided in the period; the people named in those decided; and the
    incidents involving those people up to 12 months after the period."""
    health = Decision.objects.filter(
        referral_id=OuterRef("reference"),
        sign_off__in=(SignOff.NOT_REQUIRED, SignOff.AGREED),
        checks__agency__type__in=HEALTH_TYPES,
        checks__answered_at__isnull=False,
    )
    decided = Q(decided_at__gte=start, decided_at__lt=end)
    made = Q(event__reported_at__gte=start, event__reported_at__lt=end)
    table_load(
        duck,
        "referrals",
        Referral.objects.filter(decided | made).values_list(
            "id",
            "agency_id",
            EpochSeconds("event__reported_at"),
            EpochSeconds("received_at"),
            EpochSeconds("due_at"),
            EpochSeconds("decided_at"),
            "outcome",
            Exists(health),
        ),
        {
            "id": "BIGINT",
            "agency_id": "BIGINT",
            "reported": TIMES,
            "received": TIMES,
            "due": TIMES,
            "decided": TIMES,
            "outcome": "VARCHAR",
            "health": "BOOLEAN",
        },
    )
    named = Participant.objects.filter(
        event__referral__decided_at__gte=start, event__referral__decided_at__lt=end
    )
    table_load(
        duck,
        "referral_people",
        named.values_list("event__referral__id", "person_id").distinct(),
        {"referral_id": "BIGINT", "person_id": "BIGINT"},
    )
    table_load(
        duck,
        "incident_people",
        Participant.objects.filter(
            event__kind="incident",
            event__occurred_at__gt=start,
            event__occurred_at__lt=end + REPEAT_WINDOW,
            person_id__in=named.values("person_id"),
        ).values_list("person_id", EpochSeconds("event__occurred_at")),
        {"person_id": "BIGINT", "occurred": TIMES},
    )


def _incidents_load(duck: duckdb.DuckDBPyConnection, period: Period) -> None:
    """Incidents in the period, and the notice times in force from each day one changed."""
    table_load(
        duck,
        "incidents",
        Event.objects.filter(
            kind="incident", occurred_at__gte=period.start, occurred_at__lt=period.end
        ).values_list(
            "agency_id",
            EpochSeconds("occurred_at"),
            EpochSeconds("reported_at"),
            KeyTextTransform(STATION, "facts"),
        ),
        {"agency_id": "BIGINT", "occurred": TIMES, "reported": TIMES, "team": "VARCHAR"},
    )
    timeline = Timeline.load()
    days = [date.min, *timeline.change_days()]
    notice = pa.table({"since": days, "hours": [timeline.on(day).notice_hours for day in days]})
    duck.register("notice", notice)


def _children_load(duck: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> None:
    table_load(
        duck,
        "children",
        Participant.objects.filter(
            role="child",
            event__kind__in=("incident", "contact"),
            event__occurred_at__gte=start,
            event__occurred_at__lt=end,
        ).values_list(
            "event__agency_id",
            EpochSeconds("event__occurred_at"),
            "event__kind",
            "seen",
            "seen_alone",
            ExpressionWrapper(Q(spoken_to=True) | ~Q(voice=""), output_field=BooleanField()),
            KeyTextTransform(STATION, "event__facts"),
        ),
        {
            "agency_id": "BIGINT",
            "occurred": TIMES,
            "kind": "VARCHAR",
            "seen": "BOOLEAN",
            "seen_alone": "BOOLEAN",
            "heard": "BOOLEAN",
            "team": "VARCHAR",
        },
    )


def _notifications_load(duck: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> None:
    table_load(
        duck,
        "notifications",
        Notification.objects.filter(raised_at__gte=start, raised_at__lt=end)
        .exclude(status=NotificationStatus.WITHHELD)
        .values_list(
            "recipient_id",
            EpochSeconds("raised_at"),
            EpochSeconds("due_by"),
            EpochSeconds("acknowledged_at"),
        ),
        {"recipient_id": "BIGINT", "raised": TIMES, "due": TIMES, "acknowledged": TIMES},
    )


def _alerts_load(duck: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> None:
    """The escalation rules' alerts, and when people moved them (the audit log)."""
    table_load(
        duck,
        "alerts",
        Alert.objects.filter(
            rule__in=ESCALATION_RULES, raised_at__gte=start, raised_at__lt=end
        ).values_list(
            "id",
            "trigger__agency_id",
            "rule",
            EpochSeconds("raised_at"),
            KeyTextTransform(STATION, "trigger__facts"),
        ),
        {
            "id": "BIGINT",
            "agency_id": "BIGINT",
            "rule": "VARCHAR",
            "raised": TIMES,
            "team": "VARCHAR",
        },
    )
    table_load(
        duck,
        "alert_actions",
        AuditEvent.objects.filter(
            object_type=Alert._meta.label_lower, action__in=ALERT_ACTIONS, at__gte=start
        ).values_list("object_id", EpochSeconds("at")),
        {"alert_id": "BIGINT", "acted": TIMES},
    )
