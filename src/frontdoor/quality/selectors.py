"""Reads for quality assurance. Pages' reads take the acting user, check the policy and log the
people they show; `dip_sample_results` holds counts only, for the insights dashboard."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.access.policy import (
    Actor,
    actor_for,
    audit_actions_filter,
    audit_actions_owned_filter,
    dip_review_check,
    findings_filter,
    person_route,
    quality_lead_check,
    quality_reviewer_check,
)
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Event, Participant
from frontdoor.people.selectors import person_get
from frontdoor.reminders import due_soon_by

from .configuration import Timeline
from .models import (
    REVIEW_QUESTIONS,
    ActionStatus,
    Answer,
    AuditAction,
    CaseAudit,
    DipReview,
    DipSample,
    Dissemination,
    Finding,
    Result,
)
from .sampling import sample_select, strata_of, week_population
from .services import QualityError, recorded_picks

QUESTION_FIELDS = tuple(q.field for q in REVIEW_QUESTIONS)


@dataclass(frozen=True)
class DipSampleMonth:
    """One month's completed dip-sample reviews, by the month the incidents happened.

    `no` and `partly` count, for each question of the review form (`QUESTION_FIELDS`), the
    reviews that answered it so: `no["risk_right"]` is how many found the risk wrong.
    `results` counts the reviews by result (`Result` values).
    """

    month: date
    reviews: int
    no: dict[str, int]
    partly: dict[str, int]
    results: dict[str, int]


def _month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The moment `day` starts in `zone`: a range between two of these can use an index on the
    datetime, where a filter on its date cannot."""
    return datetime.combine(day, time.min, tzinfo=zone)


def dip_sample_results(
    first: date, last: date, *, agency_code: str | None = None, station: str | None = None
) -> list[DipSampleMonth]:
    """Every month from `first` to `last`, each with its completed reviews' answers and results;
    with `agency_code`, only incidents that agency sent (a police force or team); with
    `station`, only incidents that police station or team dealt with.

    Not access-checked itself: it holds counts, never a person; callers check the reader.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    reviews = DipReview.objects.filter(
        completed_at__isnull=False,
        occurred_at__gte=_local_midnight(first, zone),
        occurred_at__lt=_local_midnight(last + timedelta(days=1), zone),
    )
    if agency_code is not None:
        reviews = reviews.filter(agency__code=agency_code)
    if station is not None:
        reviews = reviews.filter(station=station)
    by_month: dict[date, list[DipReview]] = {}
    for review in reviews.order_by().only("occurred_at", "result", *QUESTION_FIELDS):
        local = timezone.localtime(review.occurred_at, zone).date()
        by_month.setdefault(local.replace(day=1), []).append(review)
    months = []
    month = first.replace(day=1)
    while month <= last:
        rows = by_month.get(month, [])
        months.append(
            DipSampleMonth(
                month=month,
                reviews=len(rows),
                no={f: sum(getattr(r, f) == Answer.NO for r in rows) for f in QUESTION_FIELDS},
                partly={
                    f: sum(getattr(r, f) == Answer.PARTLY for r in rows) for f in QUESTION_FIELDS
                },
                results={v: sum(r.result == v for r in rows) for v in Result.values},
            )
        )
        month = _month_after(month)
    return months


@dataclass(frozen=True)
class Reproduction:
    """Drawing a sample again: from its recorded population, and from the hub as it was."""

    sample_matches: bool
    population_matches: bool


def sample_reproduce(sample: DipSample) -> Reproduction:
    """Draw the sample again with its seed: from the population it recorded, and from the hub's
    incidents as received by its `as_of`, under the settings known then. Counts, no person."""
    recorded = {name: [(k[0], k[1]) for k in keys] for name, keys in sample.population.items()}
    again = sample_select(recorded, seed=sample.seed, per_stratum=sample.per_stratum)
    rules = Timeline.load(known_by=sample.drawn_at).on(sample.first_day)
    live = week_population(sample.first_day, sample.last_day, as_of=sample.as_of, rules=rules)
    strata = {name: [list(c.key) for c in group] for name, group in strata_of(live).items()}
    return Reproduction(
        sample_matches={k: v for k, v in again.items() if v} == recorded_picks(sample),
        population_matches=strata == sample.population,
    )


@dataclass
class SampleSummary:
    sample: DipSample
    reviews: int
    assigned: int
    completed: int


def samples_list(*, user: User | AnonymousUser) -> list[SampleSummary]:
    """Every week's sample with its progress, for the front door's managers. No person."""
    quality_lead_check(actor_for(user))
    samples = DipSample.objects.annotate(
        n=Count("reviews"),
        assigned=Count("reviews", filter=Q(reviews__reviewer__isnull=False)),
        completed=Count("reviews", filter=Q(reviews__completed_at__isnull=False)),
    ).order_by("-first_day")
    return [SampleSummary(s, s.n, s.assigned, s.completed) for s in samples]


def sample_read(*, user: User | AnonymousUser, week: str) -> tuple[DipSample, list[DipReview]]:
    """One week's sample and its reviews (incident keys, strata, reviewers, results): for the
    front door's managers. No person is shown, so none is logged."""
    quality_lead_check(actor_for(user))
    sample = DipSample.objects.filter(week=week).first()
    if sample is None:
        raise Http404("No sample for that week.")
    reviews = list(sample.reviews.select_related("agency", "reviewer"))
    return sample, reviews


def reviews_mine(*, user: User | AnonymousUser) -> list[DipReview]:
    """The reviews given to the user, open ones first. No person is shown."""
    actor = actor_for(user)
    quality_reviewer_check(actor)
    return list(
        DipReview.objects.filter(reviewer=actor.user)
        .select_related("sample", "agency")
        .order_by("completed_at", "occurred_at", "pk")
    )


@dataclass
class ReviewPage:
    review: DipReview
    event: Event | None
    participants: list[Participant] = field(default_factory=list)


def review_read(*, user: User | AnonymousUser, review_id: int) -> ReviewPage:
    """A sampled incident as the hub holds it now, with its people, for its reviewer or a
    front-door manager; every person shown is logged."""
    actor = actor_for(user)
    review = (
        DipReview.objects.select_related("sample", "agency", "reviewer", "completed_by")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        raise Http404("No such review.")
    dip_review_check(actor, review)
    event = (
        Event.objects.filter(message__source=review.source, message__message_id=review.message_id)
        .order_by("-message__revision")
        .first()
    )
    participants: list[Participant] = []
    if event is not None:
        participants = list(
            Participant.objects.filter(event=event).select_related("person").order_by("pk")
        )
        route, _ = person_route(actor)
        access_record(
            user=actor.user,
            person_ids=sorted({p.person_id for p in participants}),
            purpose="dip_sample_review",
            route=route,
        )
    return ReviewPage(review, event, participants)


def _audit_child(audit: CaseAudit) -> Participant | None:
    """The audited child's part in the event that names them, as the hub holds it now."""
    return (
        Participant.objects.filter(
            event__message__source=audit.source,
            event__message__message_id=audit.message_id,
            ref=audit.child_ref,
        )
        .select_related("person", "event__message")
        .order_by("-event__message__revision")
        .first()
    )


def _log_children(actor: Actor, parts: list[Participant | None]) -> None:
    ids = sorted({p.person_id for p in parts if p is not None})
    if ids:
        route, _ = person_route(actor)
        access_record(user=actor.user, person_ids=ids, purpose="case_audit", route=route)


def audit_child_from_review(
    *, user: User | AnonymousUser, review_id: int, ref: str
) -> tuple[Participant, DipReview]:
    """A child of a sampled incident, to audit their case; the child is logged."""
    actor = actor_for(user)
    quality_lead_check(actor)
    review = DipReview.objects.filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review.")
    part = (
        Participant.objects.filter(
            event__message__source=review.source,
            event__message__message_id=review.message_id,
            ref=ref,
            role="child",
        )
        .select_related("person", "event__message")
        .order_by("-event__message__revision")
        .first()
    )
    if part is None:
        raise Http404("No such child in that incident.")
    _log_children(actor, [part])
    return part, review


def audit_child_by_hand(*, user: User | AnonymousUser, person_id: int) -> Participant:
    """A person chosen by their number, to audit their case: their part in the earliest event
    naming them as a child (or, if none does, in any event)."""
    quality_lead_check(actor_for(user))
    person = person_get(user=user, person_id=person_id, purpose="case_audit")
    parts = (
        Participant.objects.filter(person=person)
        .select_related("person", "event__message")
        .order_by("event__occurred_at", "pk")
    )
    chosen = parts.filter(role="child").first() or parts.first()
    if chosen is None:
        raise QualityError(f"person: person {person_id} is in no event the hub holds")
    return chosen


@dataclass
class AuditRow:
    audit: CaseAudit
    child: Participant | None
    findings: int
    sent: int
    acknowledged: int


def audits_list(*, user: User | AnonymousUser) -> list[AuditRow]:
    """Every case audit with its child and how far its findings have gone: for the front door's
    managers; each child shown is logged."""
    actor = actor_for(user)
    quality_lead_check(actor)
    audits = CaseAudit.objects.annotate(
        n_findings=Count("findings", distinct=True),
        n_sent=Count("findings__disseminations", distinct=True),
        n_acknowledged=Count(
            "findings__disseminations",
            filter=Q(findings__disseminations__acknowledged_at__isnull=False),
            distinct=True,
        ),
    ).order_by("-opened_at")
    rows = [AuditRow(a, _audit_child(a), a.n_findings, a.n_sent, a.n_acknowledged) for a in audits]
    _log_children(actor, [r.child for r in rows])
    return rows


@dataclass
class AuditPage:
    audit: CaseAudit
    child: Participant | None
    findings: list[Finding]


def audit_read(*, user: User | AnonymousUser, audit_id: int) -> AuditPage:
    """One case audit, its child (logged), its findings and who has acknowledged them."""
    actor = actor_for(user)
    quality_lead_check(actor)
    audit = (
        CaseAudit.objects.select_related("opened_by", "review__sample")
        .prefetch_related("agencies")
        .filter(pk=audit_id)
        .first()
    )
    if audit is None:
        raise Http404("No such audit.")
    child = _audit_child(audit)
    _log_children(actor, [child])
    findings = list(
        audit.findings.select_related("recorded_by").prefetch_related(
            "disseminations__user__staff_profile__agency",
            "disseminations__agency",
            "disseminations__acknowledged_by",
            "actions__owner__staff_profile__agency",
            "actions__team",
        )
    )
    return AuditPage(audit, child, findings)


def finding_get(*, user: User | AnonymousUser, finding_id: int) -> Finding:
    """A finding, for the front door's managers to send on."""
    quality_lead_check(actor_for(user))
    finding = Finding.objects.select_related("audit").filter(pk=finding_id).first()
    if finding is None:
        raise Http404("No such finding.")
    return finding


def findings_received(*, user: User | AnonymousUser) -> list[Dissemination]:
    """The findings sent to the user by name or to their team, those to acknowledge first. A
    finding names no one: it is written to be shared."""
    actor = actor_for(user)
    return list(
        Dissemination.objects.filter(findings_filter(actor))
        .select_related("finding__audit", "agency", "user", "acknowledged_by")
        .order_by("acknowledged_at", "due_on", "pk")
    )


def received_get(*, user: User | AnonymousUser, dissemination_id: int) -> Dissemination:
    """One finding sent to the user or their team, with its actions; anyone else's looks like
    none."""
    actor = actor_for(user)
    found = (
        Dissemination.objects.filter(findings_filter(actor), pk=dissemination_id)
        .select_related("finding__audit", "agency", "user", "acknowledged_by", "sent_by")
        .prefetch_related("finding__actions__owner", "finding__actions__team")
        .first()
    )
    if found is None:
        raise Http404("No such finding sent to you or your team.")
    return found


@dataclass(frozen=True)
class Spread:
    """How far findings sent to one team (a practitioner counts with their agency) have gone."""

    team: str
    sent: int
    acknowledged: int
    on_time: int
    overdue: int
    median_days: float | None

    @property
    def share_acknowledged(self) -> float | None:
        return self.acknowledged / self.sent if self.sent else None


def _spread(team: str, rows: list[Dissemination], today: date) -> Spread:
    done = [r for r in rows if r.acknowledged_at is not None]
    days = [
        (r.acknowledged_at - r.sent_at).total_seconds() / 86400 for r in done if r.acknowledged_at
    ]
    return Spread(
        team=team,
        sent=len(rows),
        acknowledged=len(done),
        on_time=sum(1 for r in done if r.acknowledged_at and r.acknowledged_at.date() <= r.due_on),
        overdue=sum(1 for r in rows if r.acknowledged_at is None and r.due_on < today),
        median_days=round(median(days), 1) if days else None,
    )


def _team_of(agency: Agency | None, user: User | None) -> str:
    """The team a row counts with: its team, else its named person's agency."""
    agency = agency or getattr(getattr(user, "staff_profile", None), "agency", None)
    return agency.name if agency else "No agency"


def dissemination_measures(*, today: date) -> list[Spread]:
    """Every finding sent so far, all teams first, then each team: sent, acknowledged (and on
    time, by its due day), overdue (not acknowledged and past due) and the median days from
    sending to acknowledgement. Counts only, never a person: callers check the reader."""
    rows = list(Dissemination.objects.select_related("agency", "user__staff_profile__agency"))
    teams: dict[str, list[Dissemination]] = {}
    for row in rows:
        teams.setdefault(_team_of(row.agency, row.user), []).append(row)
    return [_spread("All teams", rows, today)] + [
        _spread(name, teams[name], today) for name in sorted(teams)
    ]


@dataclass(frozen=True)
class ActionSpread:
    """How one team's case-audit actions (a named owner counts with their agency) have gone."""

    team: str
    agreed: int
    done: int
    on_time: int
    late: int
    overdue: int
    cancelled: int

    @property
    def come_due(self) -> int:
        """The actions done, or open past their due day: those that can be on time or not."""
        return self.done + self.overdue

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.come_due if self.come_due else None


def _done_on_time(action: AuditAction) -> bool:
    assert action.closed_at is not None
    return timezone.localdate(action.closed_at) <= action.due_on


def _action_spread(team: str, rows: list[AuditAction], today: date) -> ActionSpread:
    done = [r for r in rows if r.status == ActionStatus.DONE]
    on_time = sum(1 for r in done if _done_on_time(r))
    return ActionSpread(
        team=team,
        agreed=sum(1 for r in rows if r.status != ActionStatus.CANCELLED),
        done=len(done),
        on_time=on_time,
        late=len(done) - on_time,
        overdue=sum(1 for r in rows if r.status == ActionStatus.OPEN and r.due_on < today),
        cancelled=sum(1 for r in rows if r.status == ActionStatus.CANCELLED),
    )


def action_measures(*, today: date) -> list[ActionSpread]:
    """Every case-audit action so far, all teams first, then each team: agreed (not cancelled),
    done, done on time (by the due day, local time) and late, overdue (open past the due day)
    and cancelled. Counts only, never a person: callers check the reader."""
    rows = list(AuditAction.objects.select_related("team", "owner__staff_profile__agency"))
    teams: dict[str, list[AuditAction]] = {}
    for row in rows:
        teams.setdefault(_team_of(row.team, row.owner), []).append(row)
    return [_action_spread("All teams", rows, today)] + [
        _action_spread(name, teams[name], today) for name in sorted(teams)
    ]


def actions_overdue(*, today: date) -> "QuerySet[AuditAction]":
    """Open actions past their due day, soonest due first. No person: a finding names no one."""
    return (
        AuditAction.objects.filter(status=ActionStatus.OPEN, due_on__lt=today)
        .select_related("finding", "owner", "team")
        .order_by("due_on", "pk")
    )


@dataclass
class DisseminationPage:
    measures: list[Spread]
    overdue: list[Dissemination]
    action_measures: list[ActionSpread]
    actions_overdue: list[AuditAction]


def dissemination_read(*, user: User | AnonymousUser, today: date) -> DisseminationPage:
    """The measures of findings and of actions, and what is overdue, for the front door's
    managers."""
    quality_lead_check(actor_for(user))
    overdue = list(
        Dissemination.objects.filter(acknowledged_at__isnull=True, due_on__lt=today)
        .select_related("finding__audit", "agency", "user")
        .order_by("due_on", "pk")
    )
    return DisseminationPage(
        measures=dissemination_measures(today=today),
        overdue=overdue,
        action_measures=action_measures(today=today),
        actions_overdue=list(actions_overdue(today=today)),
    )


def actions_mine(*, user: User | AnonymousUser) -> list[AuditAction]:
    """The case-audit actions owned by the user by name or by their team, open ones first and
    soonest due; a finding names no one, so no person is shown."""
    actor = actor_for(user)
    return list(
        AuditAction.objects.filter(audit_actions_owned_filter(actor))
        .select_related("finding", "owner", "team", "closed_by")
        .order_by("closed_at", "due_on", "pk")
    )


@dataclass(frozen=True)
class ActionsDue:
    overdue: int
    due_soon: int


def actions_due_mine(*, user: User | AnonymousUser, today: date) -> ActionsDue:
    """How many of the user's open actions (by name or team) are overdue, and how many due
    within the days reminders look ahead: for their home page."""
    actor = actor_for(user)
    mine = AuditAction.objects.filter(
        audit_actions_owned_filter(actor),
        status=ActionStatus.OPEN,
        due_on__lte=due_soon_by(today),
    )
    counts = mine.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today)),
    )
    return ActionsDue(counts["overdue"], counts["soon"])


def action_get(*, user: User | AnonymousUser, action_id: int) -> AuditAction:
    """A case-audit action, if it is the reader's, their team's, or they run quality
    assurance."""
    actor = actor_for(user)
    found = (
        AuditAction.objects.filter(audit_actions_filter(actor), pk=action_id)
        .select_related("finding__audit", "owner__staff_profile__agency", "team", "closed_by")
        .first()
    )
    if found is None:
        raise Http404("No such action that you can see.")
    return found
