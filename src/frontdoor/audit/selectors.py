"""Reading the audit trail: who has looked at a person, and the report of unusual access.

Each takes the acting user, asks the access policy, and is itself logged: the log of reads is
read by few, and every look at it is accounted for like any other.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractIsoWeekDay, TruncDate, TruncTime

from frontdoor.access.models import Agency
from frontdoor.access.policy import access_history_route, access_review_check, actor_for
from frontdoor.people.models import Person

from .configuration import Settings, Timeline
from .models import AccessLog
from .services import access_record, audit_record

READS_PER_PAGE = 50
BREAK_GLASS = "break_glass"
DENIED = "denied"


def _local() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=_local())


@dataclass(frozen=True)
class Read:
    """One row of who has looked at a person."""

    at: datetime
    reader: str
    agency: str
    route: str
    purpose: str
    channel: str
    address: str | None


@dataclass(frozen=True)
class PersonReads:
    """One page of the reads of a person, newest first."""

    person_id: int
    person: Person | None
    """None once the person is no longer held (deleted under retention, or rebuilt away)."""
    page: Page[AccessLog]
    reads: list[Read]


def person_reads(
    *, user: User | AnonymousUser, person_id: int, page_number: int | str
) -> PersonReads:
    """Who has looked at this person: each read, who, their agency, when, by which route, why."""
    actor = actor_for(user)
    route = access_history_route(actor)
    access_record(user=actor.user, person_ids=[person_id], purpose="access_history", route=route)
    log = AccessLog.objects.filter(person_id=person_id).select_related("user").order_by("-pk")
    page = Paginator(log, READS_PER_PAGE).get_page(page_number)
    agencies = dict(Agency.objects.values_list("code", "name"))
    reads = [
        Read(
            row.at,
            row.user.get_full_name() or row.user.username,
            agencies.get(row.user_agency, row.user_agency),
            row.route,
            row.purpose,
            row.channel,
            row.address,
        )
        for row in page.object_list
    ]
    return PersonReads(person_id, Person.objects.filter(pk=person_id).first(), page, reads)


@dataclass(frozen=True)
class VolumeFinding:
    """A user who read many more people in a day than they usually do."""

    user_id: int
    username: str
    agency: str
    day: date
    people: int
    usual: float
    """Their mean number of people a day, over the days they read anyone in the baseline."""
    threshold: int


@dataclass(frozen=True)
class OutOfHoursFinding:
    """A user's reads on one day outside the partnership's working hours."""

    user_id: int
    username: str
    agency: str
    day: date
    reads: int
    people: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class BreakGlassRead:
    user_id: int
    username: str
    agency: str
    person_id: int
    at: datetime
    purpose: str
    address: str | None


@dataclass(frozen=True)
class UnusualAccess:
    since: date
    until: date
    volume: list[VolumeFinding]
    out_of_hours: list[OutOfHoursFinding]
    break_glass: list[BreakGlassRead]


def _volume(since: date, until: date, timeline: Timeline) -> list[VolumeFinding]:
    """Each user-day over its threshold: more than the minimum, and more than the multiple of
    the user's usual day in the baseline before it."""
    longest = max(timeline.on(day).baseline_days for day in _days(since, until))
    daily = (
        AccessLog.objects.filter(
            at__gte=_start_of(since - timedelta(days=longest)),
            at__lt=_start_of(until + timedelta(days=1)),
        )
        .exclude(route=DENIED)
        .annotate(day=TruncDate("at", tzinfo=_local()))
        .values("user_id", "user__username", "user_agency", "day")
        .annotate(people=Count("person_id", distinct=True))
        .order_by("user_id", "day")
    )
    findings = []
    for (user_id, username), rows in groupby(
        daily, key=lambda row: (row["user_id"], row["user__username"])
    ):
        days = list(rows)
        counts = {row["day"]: row["people"] for row in days}
        for row in days:
            if not since <= row["day"] <= until:
                continue
            rule = timeline.on(row["day"])
            before = [
                people
                for day, people in counts.items()
                if row["day"] - timedelta(days=rule.baseline_days) <= day < row["day"]
            ]
            usual = sum(before) / len(before) if before else 0.0
            threshold = max(rule.volume_minimum, int(rule.volume_multiple * usual))
            if row["people"] > threshold:
                findings.append(
                    VolumeFinding(
                        user_id,
                        username,
                        row["user_agency"],
                        row["day"],
                        row["people"],
                        round(usual, 1),
                        threshold,
                    )
                )
    return sorted(findings, key=lambda f: (f.day, -f.people))


def _days(since: date, until: date) -> list[date]:
    return [since + timedelta(days=n) for n in range((until - since).days + 1)]


def _hours(rule: Settings) -> tuple[time, time, frozenset[int]]:
    return rule.hours_start, rule.hours_end, rule.working_days


def _hours_periods(
    since: date, until: date, timeline: Timeline
) -> list[tuple[date, date, Settings]]:
    """The runs of days with the same working hours, so each is asked of the database once."""
    periods: list[tuple[date, date, Settings]] = []
    for day in _days(since, until):
        rule = timeline.on(day)
        if periods and _hours(periods[-1][2]) == _hours(rule):
            periods[-1] = (periods[-1][0], day, rule)
        else:
            periods.append((day, day, rule))
    return periods


def _out_of_hours(since: date, until: date, timeline: Timeline) -> list[OutOfHoursFinding]:
    findings = []
    for first, last, rule in _hours_periods(since, until, timeline):
        rows = (
            AccessLog.objects.filter(
                at__gte=_start_of(first), at__lt=_start_of(last + timedelta(days=1))
            )
            .exclude(route=DENIED)
            .annotate(
                clock=TruncTime("at", tzinfo=_local()),
                weekday=ExtractIsoWeekDay("at", tzinfo=_local()),
                day=TruncDate("at", tzinfo=_local()),
            )
            .filter(
                Q(clock__lt=rule.hours_start)
                | Q(clock__gte=rule.hours_end)
                | ~Q(weekday__in=sorted(rule.working_days))
            )
            .values("user_id", "user__username", "user_agency", "day")
            .annotate(
                reads=Count("pk"),
                people=Count("person_id", distinct=True),
                first=Min("at"),
                last=Max("at"),
            )
            .order_by("day", "user_id")
        )
        findings += [
            OutOfHoursFinding(
                row["user_id"],
                row["user__username"],
                row["user_agency"],
                row["day"],
                row["reads"],
                row["people"],
                row["first"],
                row["last"],
            )
            for row in rows
        ]
    return findings


def _break_glass(since: date, until: date) -> list[BreakGlassRead]:
    return [
        BreakGlassRead(
            read.user_id,
            read.user.username,
            read.user_agency,
            read.person_id,
            read.at,
            read.purpose,
            read.address,
        )
        for read in AccessLog.objects.filter(
            route=BREAK_GLASS,
            at__gte=_start_of(since),
            at__lt=_start_of(until + timedelta(days=1)),
        )
        .select_related("user")
        .order_by("at", "pk")
    ]


def unusual_access(*, since: date, until: date) -> UnusualAccess:
    """Unusual reads between two days (inclusive): volume, out of hours, and break-glass."""
    timeline = Timeline.load()
    return UnusualAccess(
        since,
        until,
        _volume(since, until, timeline),
        _out_of_hours(since, until, timeline),
        _break_glass(since, until),
    )


def unusual_access_review(*, user: User | AnonymousUser, since: date, until: date) -> UnusualAccess:
    """The report, for the data protection lead; that they reviewed it is recorded."""
    actor = actor_for(user)
    access_review_check(actor)
    audit_record(
        actor=actor.user,
        action="audit.unusual_access",
        details={"since": str(since), "until": str(until)},
    )
    return unusual_access(since=since, until=until)
