"""Access-checked reads of referrals, the front door's queue, and agency checks."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.paginator import Page, Paginator
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    FloatField,
    Func,
    Q,
    QuerySet,
)
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.access.policy import (
    actor_for,
    agency_checks_filter,
    front_door_check,
    referral_seen,
    restricted_from,
)
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Participant
from frontdoor.people.models import Person
from frontdoor.risk.models import OPEN_STATUSES as OPEN_ALERTS
from frontdoor.risk.models import Alert

from .configuration import Timeline
from .deadlines import time_left
from .models import (
    OPEN_STATUSES,
    AgencyCheck,
    Decision,
    Referral,
    ReferralStatus,
    Risk,
)
from .services import OFFICER_RISK, referral_deadline

if TYPE_CHECKING:
    from django.db.models.sql.compiler import _AsSqlType

QUEUE_PAGE_SIZE = 50


def referrals_of_user(*, user: User | AnonymousUser) -> QuerySet[Referral]:
    """The referrals this user made, newest first."""
    actor = actor_for(user)
    return Referral.objects.filter(submitted_by=actor.user).select_related("agency")


def referral_get(*, user: User | AnonymousUser, reference: str) -> Referral:
    """A referral its maker, their agency or the front door may open; the read is logged."""
    actor = actor_for(user)
    referral = (
        Referral.objects.select_related("agency", "event", "submitted_by")
        .filter(reference=reference.upper())
        .first()
    )
    if referral is None or not referral_seen(actor, referral):
        raise Http404("No referral with that reference that you can see.")
    route = "front_door" if actor.front_door else "referrer"
    access_record(
        user=actor.user,
        person_ids=list(referral.event.participants.values_list("person_id", flat=True)),
        purpose="referral",
        route=route,
    )
    return referral


AGE_BANDS = {
    "under_5": ("Under 5", 0, 5),
    "5_to_10": ("5 to 10", 5, 11),
    "11_to_17": ("11 to 17", 11, 18),
    "unknown": ("Not known", None, None),
}
SORTS = {
    "deadline": "Deadline, soonest first",
    "risk": "Risk, highest first",
    "age": "Age of child, youngest first",
    "received": "Received, oldest first",
}
DUE = {"overdue": "Overdue", "today": "Due today", "later": "Due after today"}


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to and how it is sorted; all optional."""

    sort: str = "deadline"
    due: str = ""
    risk: int | None = None
    age: str = ""
    agency: int | None = None


class _Seconds(Func):
    """A date or time as seconds since 1970 (UTC), read as a float: the queue compares and sorts
    thousands of them, and a driver turns a float into Python far faster than a timestamp."""

    output_field = FloatField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        return self.as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8"
        )


def _seconds(day: date) -> float:
    """A date as `_Seconds` reads it: its midnight in UTC."""
    return float((day - date(1970, 1, 1)).days * 86_400)


@dataclass(frozen=True)
class _Key:
    """What sorting and filtering need to know of an item, read for every open item; times and
    dates are seconds since 1970."""

    kind: str
    pk: int
    due_at: float
    received_at: float
    risk: int
    child_born: float | None
    agency_id: int


@dataclass
class WorkItem:
    """A line on the queue: a referral, or a child a rule put on the list."""

    kind: str
    reference: str
    url: str
    children: list[Person]
    child_born: date | None
    agency: Agency
    received_at: datetime
    due_at: datetime
    time_left: str
    overdue: bool
    risk: str
    status: str
    age: str
    alerts: list[Alert] = field(default_factory=list)
    """Each person's latest open alert of each rule."""
    restricted: int = 0
    """How many of its children are restricted from the reader: counted, never named."""


@dataclass
class Queue:
    items: list[WorkItem]
    page: Page
    total: int
    agencies: list[Agency]


def _months(born: date, today: date) -> int:
    return (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)


def age_text(born: date | None, today: date) -> str:
    """A child's age as a practitioner says it: months for a baby, else years."""
    if born is None:
        return "Not known"
    months = _months(born, today)
    if months < 24:
        return f"{months} month{'' if months == 1 else 's'}"
    return f"{months // 12} years"


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _born_between(band: str, today: date) -> tuple[float, float] | None:
    """The dates of birth, as seconds, of a child in an age band today (after, up to)."""
    _, youngest, oldest = AGE_BANDS[band]
    if youngest is None or oldest is None:
        return None
    return _seconds(_years_before(today, oldest)), _seconds(_years_before(today, youngest))


def _alert_due(due_by: date | None, raised_at: datetime, timeline: Timeline) -> datetime:
    """An alert's deadline: the end of the working day it is due by, else a decision's."""
    zone = ZoneInfo(settings.TIME_ZONE)
    if due_by is None:
        return referral_deadline(raised_at, timeline)
    return datetime.combine(due_by, timeline.on(due_by).ends, tzinfo=zone)


def _keys(
    filters: QueueFilters, now: datetime, timeline: Timeline, hidden: QuerySet[Any]
) -> list[_Key]:
    """Every open item's sort and filter keys: open referrals and children the rules listed
    (but not those restricted from the reader: `hidden`)."""
    keys = [
        _Key("referral", *row)
        for row in Referral.objects.filter(status__in=OPEN_STATUSES).values_list(
            "pk",
            _Seconds("due_at"),
            _Seconds("received_at"),
            "risk",
            _Seconds("child_born"),
            "agency_id",
        )
    ]
    zone = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate(now, zone)
    for pk, due_by, raised_at, born, officer_risk, agency_id in (
        Alert.objects.filter(status__in=OPEN_ALERTS, rule__in=timeline.on(today).queue_rules)
        .exclude(person_id__in=hidden)
        .values_list(
            "pk",
            "due_by",
            _Seconds("raised_at"),
            _Seconds("person__date_of_birth"),
            "trigger__facts__officer_risk",
            "trigger__agency_id",
        )
    ):
        raised = datetime.fromtimestamp(raised_at, tz=zone)
        due_at = _alert_due(due_by, raised, timeline).timestamp()
        risk = OFFICER_RISK.get(str(officer_risk), Risk.UNKNOWN)
        keys.append(_Key("alert", pk, due_at, raised_at, risk, born, agency_id))
    moment = now.timestamp()
    end_of_today = datetime.combine(
        today + timedelta(days=1), datetime.min.time(), tzinfo=zone
    ).timestamp()
    due_test = {
        "overdue": lambda k: k.due_at < moment,
        "today": lambda k: moment <= k.due_at < end_of_today,
        "later": lambda k: k.due_at >= end_of_today,
    }
    if filters.due in due_test:
        keys = [k for k in keys if due_test[filters.due](k)]
    if filters.risk is not None:
        keys = [k for k in keys if k.risk == filters.risk]
    if filters.age in AGE_BANDS:
        between = _born_between(filters.age, today)
        if between is None:
            keys = [k for k in keys if k.child_born is None]
        else:
            after, up_to = between
            keys = [k for k in keys if k.child_born is not None and after < k.child_born <= up_to]
    if filters.agency is not None:
        keys = [k for k in keys if k.agency_id == filters.agency]
    order = {
        "deadline": lambda k: (k.due_at, -k.risk, k.pk),
        "risk": lambda k: (-k.risk, k.due_at, k.pk),
        "age": lambda k: (k.child_born is None, -(k.child_born or 0.0), k.due_at),
        "received": lambda k: (k.received_at, k.pk),
    }
    return sorted(keys, key=order.get(filters.sort, order["deadline"]))


def queue_read(
    *, user: User | AnonymousUser, filters: QueueFilters, page_number: str | int | None
) -> Queue:
    """The front door's open work, one page of it, in a fixed number of queries; the children
    shown are logged as read."""
    actor = actor_for(user)
    front_door_check(actor)
    now = timezone.now()
    today = timezone.localdate(now)
    timeline = Timeline.load()
    hidden = restricted_from(actor)
    page = Paginator(_keys(filters, now, timeline, hidden), QUEUE_PAGE_SIZE).get_page(page_number)
    on_page: list[_Key] = list(page.object_list)
    referrals = Referral.objects.in_bulk([k.pk for k in on_page if k.kind == "referral"])
    alerts = Alert.objects.select_related("person", "trigger__agency").in_bulk(
        [k.pk for k in on_page if k.kind == "alert"]
    )
    children: dict[int, list[Person]] = defaultdict(list)
    restricted: dict[int, int] = defaultdict(int)
    for participant in (
        Participant.objects.filter(
            event_id__in=[r.event_id for r in referrals.values()], role="child"
        )
        .annotate(hidden=ExpressionWrapper(Q(person_id__in=hidden), output_field=BooleanField()))
        .select_related("person")
        .order_by("pk")
    ):
        if participant.hidden:
            restricted[participant.event_id] += 1
        else:
            children[participant.event_id].append(participant.person)
    people = {p.pk for kids in children.values() for p in kids} | {
        a.person_id for a in alerts.values()
    }
    alerts_of: dict[int, dict[str, Alert]] = defaultdict(dict)
    for alert in Alert.objects.filter(person_id__in=people, status__in=OPEN_ALERTS).order_by(
        "-raised_at"
    ):
        alerts_of[alert.person_id].setdefault(alert.rule, alert)
    agencies = {a.pk: a for a in Agency.objects.order_by("name")}
    items = []
    for key in on_page:
        if key.kind == "referral":
            referral = referrals[key.pk]
            kids = children[referral.event_id]
            hidden_kids = restricted[referral.event_id]
            reference, status = referral.reference, referral.get_status_display()
            url = reverse("triage:work", args=[referral.reference])
            shown = [a for kid in kids for a in alerts_of[kid.pk].values()]
            received_at, due_at, born = referral.received_at, referral.due_at, referral.child_born
        else:
            alert = alerts[key.pk]
            kids, reference, status = [alert.person], alert.rule, "Put on the list by a rule"
            hidden_kids = 0
            url = reverse("alerts:alert", args=[alert.pk])
            shown = list(alerts_of[alert.person_id].values())
            received_at, born = alert.raised_at, alert.person.date_of_birth
            due_at = _alert_due(alert.due_by, alert.raised_at, timeline)
        items.append(
            WorkItem(
                kind=key.kind,
                reference=reference,
                url=url,
                children=kids,
                child_born=born,
                agency=agencies[key.agency_id],
                received_at=received_at,
                due_at=due_at,
                time_left=time_left(due_at, now),
                overdue=due_at < now,
                risk=Risk(key.risk).label,
                status=status,
                age=age_text(born, today),
                alerts=shown,
                restricted=hidden_kids,
            )
        )
    access_record(user=actor.user, person_ids=sorted(people), purpose="queue", route="front_door")
    return Queue(items, page, page.paginator.count, list(agencies.values()))


@dataclass
class ReferralWork:
    """Everything the front door works on for one referral."""

    referral: Referral
    people: list[Participant]
    checks: list[AgencyCheck]
    decisions: list[Decision]
    alerts: list[Alert]
    time_left: str
    overdue: bool

    @property
    def children(self) -> list[Participant]:
        return [p for p in self.people if p.role == "child"]

    @property
    def health_answered(self) -> bool:
        return any(c.is_health and c.answered_at for c in self.checks)

    @property
    def awaiting(self) -> Decision | None:
        return next((d for d in self.decisions if d.sign_off == "awaiting"), None)

    @property
    def standing(self) -> Decision | None:
        return next((d for d in reversed(self.decisions) if d.stands), None)


def referral_work(*, user: User | AnonymousUser, reference: str) -> ReferralWork:
    """A referral as the front door works on it; its people are logged as read."""
    actor = actor_for(user)
    front_door_check(actor)
    referral = (
        Referral.objects.select_related("agency", "event", "submitted_by")
        .filter(reference=reference.upper())
        .first()
    )
    if referral is None:
        raise Http404("No referral with that reference.")
    people = list(referral.event.participants.select_related("person", "record").order_by("pk"))
    checks = list(
        referral.checks.select_related(
            "agency", "asked_by", "answered_by", "answer_message__event"
        ).order_by("agency__name")
    )
    decisions = list(
        referral.decisions.select_related(
            "decided_by", "signed_off_by", "strategy_discussion__recorded_by"
        )
        .prefetch_related("checks__agency", "strategy_discussion__agencies")
        .order_by("decided_at", "pk")
    )
    alerts = list(
        Alert.objects.filter(
            person_id__in=[p.person_id for p in people], status__in=OPEN_ALERTS
        ).order_by("raised_at")
    )
    access_record(
        user=actor.user,
        person_ids=[p.person_id for p in people],
        purpose="front_door_referral",
        route="front_door",
    )
    now = timezone.now()
    return ReferralWork(
        referral,
        people,
        checks,
        decisions,
        alerts,
        time_left(referral.due_at, now),
        referral.due_at < now and referral.status in OPEN_STATUSES,
    )


def decision_get(*, user: User | AnonymousUser, decision_id: int) -> Decision:
    """A decision, for the front door."""
    front_door_check(actor_for(user))
    decision = Decision.objects.select_related("referral").filter(pk=decision_id).first()
    if decision is None:
        raise Http404("No decision with that id.")
    return decision


@dataclass
class CheckAsked:
    """A check as the asked agency sees it: the question and who it is about."""

    check: AgencyCheck
    people: list[Participant]


def _with_people(checks: list[AgencyCheck]) -> list[CheckAsked]:
    about: dict[str, list[Participant]] = defaultdict(list)
    for participant in (
        Participant.objects.filter(event__referral__reference__in={c.referral_id for c in checks})
        .select_related("record", "event__referral")
        .order_by("pk")
    ):
        about[participant.event.referral.reference].append(participant)
    return [CheckAsked(check, about[str(check.referral_id)]) for check in checks]


def checks_asked(*, user: User | AnonymousUser) -> list[CheckAsked]:
    """The checks asked of the user's agency (the front door: all), unanswered first; the
    people named are logged as read."""
    actor = actor_for(user)
    checks = list(
        AgencyCheck.objects.filter(agency_checks_filter(actor))
        .select_related("agency", "asked_by", "answered_by")
        .order_by("answered_at", "due_at", "pk")[:200]
    )
    asked = _with_people(checks)
    access_record(
        user=actor.user,
        person_ids=sorted({p.person_id for a in asked for p in a.people}),
        purpose="agency_check",
        route="front_door" if actor.front_door else "asked",
    )
    return asked


def check_get(*, user: User | AnonymousUser, check_id: int) -> CheckAsked:
    """One check, for the agency asked or the front door; the read is logged. Unknown and
    denied look alike."""
    actor = actor_for(user)
    check = (
        AgencyCheck.objects.filter(agency_checks_filter(actor), pk=check_id)
        .select_related("agency", "asked_by", "answered_by")
        .first()
    )
    if check is None:
        raise Http404("No check with that id that you can see.")
    asked = _with_people([check])[0]
    access_record(
        user=actor.user,
        person_ids=[p.person_id for p in asked.people],
        purpose="agency_check",
        route="front_door" if actor.front_door else "asked",
    )
    return asked


@dataclass
class SourceTally:
    """Referrals from one agency: how many, how many decided, and how fast."""

    agency: Agency
    received: int = 0
    open: int = 0
    decided: int = 0
    on_time: int = 0
    hours: list[float] = field(default_factory=list)

    @property
    def median_hours(self) -> float | None:
        return round(median(self.hours), 1) if self.hours else None


def referrals_by_source(*, user: User | AnonymousUser) -> list[SourceTally]:
    """Referrals tracked by the agency that sent them, with the time each took to decide."""
    front_door_check(actor_for(user))
    agencies = {a.pk: a for a in Agency.objects.all()}
    tallies: dict[int, SourceTally] = {}
    for agency_id, status, received_at, due_at, decided_at in Referral.objects.values_list(
        "agency_id", "status", "received_at", "due_at", "decided_at"
    ):
        tally = tallies.setdefault(agency_id, SourceTally(agencies[agency_id]))
        tally.received += 1
        if decided_at is None:
            tally.open += status != ReferralStatus.DECIDED
            continue
        tally.decided += 1
        tally.on_time += decided_at <= due_at
        tally.hours.append((decided_at - received_at).total_seconds() / 3600)
    return sorted(tallies.values(), key=lambda t: (t.agency.type, t.agency.name))
