"""Drawing, assigning and reviewing a week's dip sample, and the figures the insights read."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from frontdoor.audit.models import AuditEvent
from frontdoor.quality.models import Answer, DipReview, DipSample, Result
from frontdoor.quality.selectors import dip_sample_results, sample_reproduce
from frontdoor.quality.services import (
    QualityError,
    review_complete,
    reviews_assign,
    sample_draw,
)

from .conftest import Family

WEEK = "2026-W10"
STATIONS = ("Northgate", "Northgate", "Northgate", "Eastholm", "Eastholm", "")


@pytest.fixture
def week_of_incidents(agencies: dict, families: list[Family]) -> list[str]:
    return [
        family.incident(f"2026-03-0{2 + n % 5}T20:00:00", station=station)
        for n, (family, station) in enumerate(zip(families, STATIONS, strict=False))
    ]


def picks(sample: DipSample) -> list[tuple[str, str, str]]:
    return list(sample.reviews.order_by("pk").values_list("station", "source", "message_id"))


@pytest.mark.django_db
def test_a_week_is_drawn_stratum_by_stratum_and_the_same_seed_draws_it_again(
    week_of_incidents: list[str], lead: User
) -> None:
    drawn = sample_draw(week="2026-w10", seed=47, user=lead)
    sample = drawn.sample
    assert drawn.new
    assert sample.week == WEEK
    assert sample.seed == 47
    assert {name: len(keys) for name, keys in sample.population.items()} == {
        "police/": 1,
        "police/Eastholm": 2,
        "police/Northgate": 3,
    }
    stations = [station for station, _, _ in picks(sample)]
    assert sorted(stations) == ["", "Eastholm", "Eastholm", "Northgate", "Northgate"]
    assert sample_reproduce(sample).sample_matches
    assert sample_reproduce(sample).population_matches
    again = sample_draw(week=WEEK, seed=47, user=lead)
    assert not again.new
    assert again.sample == sample
    first = picks(sample)
    sample.delete()
    assert picks(sample_draw(week=WEEK, seed=47, user=None).sample) == first
    event = AuditEvent.objects.filter(action="quality.sample_draw").order_by("pk").first()
    assert event is not None
    assert event.details["seed"] == 47
    assert event.details["drawn"] == 5


@pytest.mark.django_db
def test_a_drawn_week_refuses_another_seed_and_a_week_not_over_is_refused(
    week_of_incidents: list[str], lead: User
) -> None:
    sample_draw(week=WEEK, seed=1, user=lead)
    with pytest.raises(QualityError, match=f"seed: {WEEK} was drawn with seed 1"):
        sample_draw(week=WEEK, seed=2, user=lead)
    assert sample_draw(week=WEEK, seed=None, user=lead).sample.seed == 1
    with pytest.raises(QualityError, match="week: 2099-W01 has not ended yet"):
        sample_draw(week="2099-W01", seed=None, user=lead)
    with pytest.raises(QualityError, match="week: not an ISO week"):
        sample_draw(week="March", seed=None, user=lead)


@pytest.mark.django_db
def test_only_a_front_door_manager_draws(
    week_of_incidents: list[str], front_door_user: User, school_user: User
) -> None:
    for user in (front_door_user, school_user):
        with pytest.raises(PermissionDenied):
            sample_draw(week=WEEK, seed=1, user=user)


@pytest.mark.django_db
def test_reviews_go_round_the_reviewers_and_only_to_front_door_staff(
    week_of_incidents: list[str], lead: User, reviewers: list[User], school_user: User
) -> None:
    sample = sample_draw(week=WEEK, seed=5, user=lead).sample
    with pytest.raises(QualityError, match=r"reviewers: 'school\.dsl' does not work in the front"):
        reviews_assign(user=lead, sample=sample, reviewers=[reviewers[0], school_user])
    assigned = reviews_assign(user=lead, sample=sample, reviewers=reviewers)
    assert [r.reviewer for r in assigned] == [reviewers[0], reviewers[1]] * 2 + [reviewers[0]]
    with pytest.raises(QualityError, match="reviewers: every review"):
        reviews_assign(user=lead, sample=sample, reviewers=reviewers)


def answers(**given: str) -> dict[str, str]:
    fields = ("risk_right", "child_seen_heard", "history_considered", "information_shared")
    return {field: given.get(field, Answer.YES) for field in fields}


@pytest.mark.django_db
def test_a_review_needs_every_answer_and_a_note_for_each_not_yes(
    week_of_incidents: list[str], lead: User, reviewers: list[User]
) -> None:
    sample = sample_draw(week=WEEK, seed=5, user=lead).sample
    reviews_assign(user=lead, sample=sample, reviewers=reviewers[:1])
    review = sample.reviews.order_by("pk").first()
    assert review is not None
    with pytest.raises(PermissionDenied):
        review_complete(
            user=reviewers[1], review=review, answers=answers(), notes={}, result="good",
            result_notes="",
        )  # fmt: skip
    cases = [
        ({**answers(), "risk_right": "maybe"}, {}, "good", "risk_right: answer yes, partly or no"),
        (answers(child_seen_heard="no"), {}, "good", "child_seen_heard_notes: say why"),
        (answers(), {}, "fine", "result: one of good, requires_improvement, inadequate"),
    ]
    for given, notes, result, error in cases:
        with pytest.raises(QualityError, match=error):
            review_complete(
                user=reviewers[0], review=review, answers=given, notes=notes, result=result,
                result_notes="",
            )  # fmt: skip
    done = review_complete(
        user=reviewers[0],
        review=review,
        answers=answers(risk_right="no", child_seen_heard="partly"),
        notes={"risk_right": "Third call this year", "child_seen_heard": "Not seen alone"},
        result=Result.REQUIRES_IMPROVEMENT,
        result_notes="History missed",
    )
    assert done.completed_by == reviewers[0]
    assert done.risk_right_notes == "Third call this year"
    with pytest.raises(QualityError, match="result: this review has already been completed"):
        review_complete(
            user=lead, review=review, answers=answers(), notes={}, result="good", result_notes=""
        )


@pytest.mark.django_db
def test_the_insights_figures_count_each_months_answers_and_results(
    week_of_incidents: list[str], lead: User
) -> None:
    sample = sample_draw(week=WEEK, seed=5, user=lead).sample
    reviews = list(sample.reviews.order_by("pk"))
    marks = [("no", Result.INADEQUATE), ("yes", Result.GOOD), ("partly", Result.GOOD)]
    for review, (risk, result) in zip(reviews, marks, strict=False):
        review_complete(
            user=lead, review=review, answers=answers(risk_right=risk),
            notes={"risk_right": "See the history"}, result=result, result_notes="",
        )  # fmt: skip
    months = dip_sample_results(date(2026, 2, 1), date(2026, 4, 30))
    assert [m.month for m in months] == [date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
    march = months[1]
    assert march.reviews == 3
    assert march.no == {
        "risk_right": 1, "child_seen_heard": 0, "history_considered": 0, "information_shared": 0
    }  # fmt: skip
    assert march.partly["risk_right"] == 1
    assert march.results == {"good": 2, "requires_improvement": 0, "inadequate": 1}
    assert months[0].reviews == months[2].reviews == 0
    [csc] = dip_sample_results(date(2026, 3, 1), date(2026, 3, 31), agency_code="csc")
    assert csc.reviews == 0
    assert DipReview.objects.filter(completed_at__isnull=True).count() == 2


@pytest.mark.django_db
def test_the_insights_figures_take_whole_local_days_at_each_end_of_the_period(
    week_of_incidents: list[str], lead: User
) -> None:
    sample = sample_draw(week=WEEK, seed=5, user=lead).sample
    reviews = list(sample.reviews.order_by("pk"))
    for review in reviews:
        review_complete(
            user=lead, review=review, answers=answers(), notes={}, result="good", result_notes=""
        )
    london = ZoneInfo("Europe/London")
    moments = (
        datetime(2026, 3, 31, 23, 59, 59, 999999, tzinfo=london),  # the day before: out
        datetime(2026, 4, 1, 0, 0, tzinfo=london),  # the first moment of the first day: in
        datetime(2026, 5, 31, 23, 59, 59, 999999, tzinfo=london),  # the last of the last: in
        datetime(2026, 6, 1, 0, 0, tzinfo=london),  # the day after: out
    )
    for review, moment in zip(reviews, moments, strict=False):
        DipReview.objects.filter(pk=review.pk).update(occurred_at=moment)
    april, may = dip_sample_results(date(2026, 4, 1), date(2026, 5, 31))
    assert (april.reviews, may.reviews) == (1, 1)
