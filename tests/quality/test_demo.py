"""The demo's quality assurance work, on a small fixture."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from frontdoor.quality.demo import quality_demo
from frontdoor.quality.models import (
    ActionStatus,
    AuditAction,
    CaseAudit,
    DipReview,
    Dissemination,
    Finding,
)
from frontdoor.quality.sampling import week_dates, week_of

from .conftest import Family


def test_the_demo_draws_last_week_reviews_three_and_audits_one(
    agencies: dict, families: list[Family], lead: User, reviewers: list[User], school_user: User
) -> None:
    monday, _ = week_dates(week_of(timezone.localdate() - timedelta(days=7)))
    for family, station in zip(families, ("Eastholm", "Northgate", "Oakhurst"), strict=False):
        family.incident(f"{monday + timedelta(days=1)}T20:00:00", station=station)
    made = quality_demo(manager=lead, reviewers=reviewers, recipients=[school_user], seed=2026)
    assert "3 incidents reviewed, case audit" in made
    assert made.endswith("with 2 findings and 4 actions")
    assert DipReview.objects.filter(completed_at__isnull=False).count() == 3
    assert CaseAudit.objects.count() == 1
    assert Finding.objects.count() == 2
    assert Dissemination.objects.count() == 2
    assert Dissemination.objects.filter(acknowledged_at__isnull=False).count() == 1
    today = timezone.localdate()
    open_ = AuditAction.objects.filter(status=ActionStatus.OPEN)
    assert open_.filter(due_on__lt=today).count() == 2
    assert open_.filter(due_on__gte=today).count() == 1
    assert AuditAction.objects.get(status=ActionStatus.DONE).owner == school_user
    assert quality_demo(
        manager=lead, reviewers=reviewers, recipients=[school_user], seed=2026
    ).endswith("already drawn")
