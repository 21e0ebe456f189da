"""Writes for quality assurance: drawing a week's dip sample, assigning and completing its
reviews, and the partnership's settings. Each checks the acting user and is audited."""

import itertools
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.access.policy import (
    actor_for,
    dip_review_check,
    quality_lead_check,
    quality_reviewer_check,
)
from frontdoor.audit.services import audit_record, dated_setting_add

from .configuration import Timeline, setting_check
from .models import REVIEW_QUESTIONS, Answer, DipReview, DipSample, QualitySetting, Result
from .sampling import sample_select, strata_of, week_dates, week_of, week_population

SEED_LIMIT = 10**9


class QualityError(ValueError):
    """Quality work that cannot be done as asked; the message names the field and says why."""


@dataclass(frozen=True)
class Drawn:
    sample: DipSample
    new: bool


def _week(week: str) -> tuple[str, date, date]:
    try:
        first, last = week_dates(week)
    except ValueError as error:
        raise QualityError(str(error)) from None
    return week_of(first), first, last


def _seed(seed: int | None) -> int:
    if seed is None:
        return secrets.randbelow(SEED_LIMIT)
    if isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise QualityError(f"seed: a whole number from 0 to {2**63 - 1}, not {seed!r}")
    return seed


def recorded_picks(sample: DipSample) -> dict[str, list[tuple[str, str]]]:
    """The sample's incidents by stratum, in draw order, as the sample recorded them."""
    codes = dict(sample.reviews.values_list("agency_id", "agency__code").distinct())
    picks: dict[str, list[tuple[str, str]]] = {}
    for review in sample.reviews.order_by("agency_id", "station", "position"):
        stratum = f"{codes[review.agency_id]}/{review.station}"
        picks.setdefault(stratum, []).append((review.source, review.message_id))
    return {name: picks[name] for name in sorted(picks)}


@transaction.atomic
def sample_draw(
    *, week: str, seed: int | None, user: User | None, now: datetime | None = None
) -> Drawn:
    """Draw a week's sample once, with the seed given or a new one. Asked again for a drawn
    week (with its seed or none), it answers the sample already drawn; another seed is refused,
    so a week never has two samples."""
    if user is not None:
        quality_lead_check(actor_for(user))
    week, first, last = _week(week)
    now = now or timezone.now()
    if last >= timezone.localdate(now):
        raise QualityError(f"week: {week} has not ended yet (it ends on {last:%-d %B %Y})")
    existing = DipSample.objects.filter(week=week).first()
    if existing is not None:
        if seed is not None and seed != existing.seed:
            raise QualityError(
                f"seed: {week} was drawn with seed {existing.seed}; give that seed, or none, "
                "to see it again"
            )
        return Drawn(existing, new=False)
    seed = _seed(seed)
    rules = Timeline.load(known_by=now).on(first)
    population = week_population(first, last, as_of=now, rules=rules)
    strata = {name: [c.key for c in group] for name, group in strata_of(population).items()}
    picked = sample_select(strata, seed=seed, per_stratum=rules.per_stratum)
    sample = DipSample.objects.create(
        week=week,
        first_day=first,
        last_day=last,
        seed=seed,
        per_stratum=rules.per_stratum,
        as_of=now,
        population={name: [list(key) for key in keys] for name, keys in strata.items()},
        drawn_by=user,
        drawn_at=timezone.now(),
    )
    by_key = {c.key: c for c in population}
    DipReview.objects.bulk_create(
        DipReview(
            sample=sample,
            agency_id=by_key[key].agency_id,
            station=by_key[key].station,
            position=position,
            source=key[0],
            message_id=key[1],
            occurred_at=by_key[key].occurred_at,
        )
        for keys in picked.values()
        for position, key in enumerate(keys, start=1)
    )
    audit_record(
        actor=user,
        action="quality.sample_draw",
        target=sample,
        details={
            "week": week,
            "seed": seed,
            "population": len(population),
            "drawn": sum(len(keys) for keys in picked.values()),
        },
    )
    return Drawn(sample, new=True)


def _reviewer(reviewer: User) -> User:
    try:
        quality_reviewer_check(actor_for(reviewer))
    except PermissionDenied:
        raise QualityError(
            f"reviewers: {reviewer.get_username()!r} does not work in the front door"
        ) from None
    return reviewer


@transaction.atomic
def reviews_assign(*, user: User, sample: DipSample, reviewers: Sequence[User]) -> list[DipReview]:
    """Give the sample's unassigned reviews to the reviewers in turn (round-robin), stratum by
    stratum, so each reviewer sees more than one station."""
    quality_lead_check(actor_for(user))
    if not reviewers:
        raise QualityError("reviewers: choose at least one reviewer")
    chosen = [_reviewer(r) for r in reviewers]
    waiting = list(
        DipReview.objects.select_for_update()
        .filter(sample=sample, reviewer__isnull=True, completed_at__isnull=True)
        .order_by("agency_id", "station", "position")
    )
    if not waiting:
        raise QualityError("reviewers: every review in this sample already has a reviewer")
    now = timezone.now()
    for review, reviewer in zip(waiting, itertools.cycle(chosen), strict=False):
        review.reviewer, review.assigned_at = reviewer, now
    DipReview.objects.bulk_update(waiting, ["reviewer", "assigned_at"])
    audit_record(
        actor=user,
        action="quality.reviews_assign",
        target=sample,
        details={"assigned": {str(r.pk): r.reviewer.get_username() for r in waiting if r.reviewer}},
    )
    return waiting


@transaction.atomic
def review_assign(*, user: User, review: DipReview, reviewer: User) -> DipReview:
    """Give one review to a chosen reviewer (or another one, before it is completed)."""
    quality_lead_check(actor_for(user))
    _reviewer(reviewer)
    locked = DipReview.objects.select_for_update().get(pk=review.pk)
    if locked.completed_at is not None:
        raise QualityError("reviewer: this review has been completed")
    locked.reviewer, locked.assigned_at = reviewer, timezone.now()
    locked.save(update_fields=["reviewer", "assigned_at"])
    audit_record(
        actor=user,
        action="quality.review_assign",
        target=locked,
        details={"reviewer": reviewer.get_username()},
    )
    return locked


@transaction.atomic
def review_complete(
    *,
    user: User,
    review: DipReview,
    answers: Mapping[str, str],
    notes: Mapping[str, str],
    result: str,
    result_notes: str,
) -> DipReview:
    """The reviewer's answers to the audit form, and the result. An answer other than yes
    needs a note saying what was missing."""
    dip_review_check(actor_for(user), reviewer_id=review.reviewer_id)
    locked = DipReview.objects.select_for_update().get(pk=review.pk)
    if locked.completed_at is not None:
        raise QualityError("result: this review has already been completed")
    for question in REVIEW_QUESTIONS:
        answer = answers.get(question.field, "")
        if answer not in Answer.values:
            raise QualityError(f"{question.field}: answer yes, partly or no, not {answer!r}")
        note = notes.get(question.field, "").strip()
        if answer != Answer.YES and not note:
            raise QualityError(
                f"{question.field}_notes: say why the answer is {Answer(answer).label.lower()}"
            )
        setattr(locked, question.field, answer)
        setattr(locked, f"{question.field}_notes", note)
    if result not in Result.values:
        raise QualityError(f"result: one of {', '.join(Result.values)}, not {result!r}")
    locked.result, locked.result_notes = result, result_notes.strip()
    locked.completed_at, locked.completed_by = timezone.now(), user
    locked.save()
    audit_record(
        actor=user,
        action="quality.review_complete",
        target=locked,
        details={
            "result": result,
            **{q.field: getattr(locked, q.field) for q in REVIEW_QUESTIONS},
        },
    )
    return locked


@transaction.atomic
def quality_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> QualitySetting:
    """A new value for a quality setting from a date; the old value stays on record."""
    checked = setting_check(key, value)
    setting = dated_setting_add(
        QualitySetting,
        key=key,
        value=checked,
        effective_from=effective_from,
        reason=reason,
        user=user,
    )
    audit_record(
        actor=user,
        action="quality.setting",
        target=setting,
        details={"key": key, "value": checked, "effective_from": effective_from.isoformat()},
    )
    return setting
