"""Reads for quality assurance. Pages' reads take the acting user, check the policy and log the
people they show; `dip_sample_results` holds counts only, for the insights dashboard."""

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q
from django.http import Http404

from frontdoor.access.policy import (
    actor_for,
    dip_review_check,
    person_route,
    quality_lead_check,
    quality_reviewer_check,
)
from frontdoor.audit.services import access_record
from frontdoor.chronology.models import Event, Participant

from .configuration import Timeline
from .models import REVIEW_QUESTIONS, Answer, DipReview, DipSample, Result
from .sampling import sample_select, strata_of, week_population
from .services import recorded_picks

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


def dip_sample_results(
    first: date, last: date, *, agency_code: str | None = None
) -> list[DipSampleMonth]:
    """Every month from `first` to `last`, each with its completed reviews' answers and results;
    with `agency_code`, only incidents that agency sent (a police force or team).

    Not access-checked itself: it holds counts, never a person; callers check the reader.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    reviews = DipReview.objects.filter(
        completed_at__isnull=False,
        occurred_at__date__gte=first,
        occurred_at__date__lte=last,
    )
    if agency_code is not None:
        reviews = reviews.filter(agency__code=agency_code)
    by_month: dict[date, list[dict[str, object]]] = {}
    for row in reviews.values("occurred_at", "result", *QUESTION_FIELDS):
        moment = row["occurred_at"]
        assert hasattr(moment, "astimezone")
        local = moment.astimezone(zone).date()
        by_month.setdefault(local.replace(day=1), []).append(row)
    months = []
    month = first.replace(day=1)
    while month <= last:
        rows = by_month.get(month, [])
        months.append(
            DipSampleMonth(
                month=month,
                reviews=len(rows),
                no={f: sum(1 for r in rows if r[f] == Answer.NO) for f in QUESTION_FIELDS},
                partly={f: sum(1 for r in rows if r[f] == Answer.PARTLY) for f in QUESTION_FIELDS},
                results={v: sum(1 for r in rows if r["result"] == v) for v in Result.values},
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
    dip_review_check(actor, reviewer_id=review.reviewer_id)
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
