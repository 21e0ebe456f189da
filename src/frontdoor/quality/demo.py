"""The demo's quality assurance: last week's dip sample, a few reviews done, and one case audit
with findings sent on, one acknowledged, and actions agreed: some overdue, one due soon, one
done.

Only `frontdoor demo` calls this: a demo of the quality pages needs the work a front-door manager,
reviewers and practitioners would have done.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.chronology.models import Participant

from .models import Answer, DipReview, DipSample, Finding, Result
from .sampling import week_of
from .selectors import audit_child_from_review
from .services import (
    action_add,
    action_complete,
    audit_open,
    finding_acknowledge,
    finding_disseminate,
    finding_record,
    review_complete,
    reviews_assign,
    sample_draw,
)

# (answers to the four questions, the notes for each answer but yes, the result)
REVIEWS = (
    (
        ("no", "partly", "no", "yes"),
        "The third incident at the address this year: the history was not looked at.",
        Result.INADEQUATE,
    ),
    (("yes", "yes", "yes", "yes"), "", Result.GOOD),
    (
        ("yes", "no", "yes", "partly"),
        "The children were in bed and not seen; the school was not told.",
        Result.REQUIRES_IMPROVEMENT,
    ),
)
QUESTIONS = ("risk_right", "child_seen_heard", "history_considered", "information_shared")


def _review(review: DipReview, answers: Sequence[str], note: str, result: str) -> None:
    assert review.reviewer is not None
    review_complete(
        user=review.reviewer,
        review=review,
        answers=dict(zip(QUESTIONS, answers, strict=True)),
        notes={q: note for q, a in zip(QUESTIONS, answers, strict=True) if a != Answer.YES},
        result=result,
        result_notes="Reviewed for the demo.",
    )


@transaction.atomic
def quality_demo(
    *, manager: User, reviewers: Sequence[User], recipients: Sequence[User], seed: int
) -> str:
    """Draw last week's sample (once), complete up to three reviews (the first found
    inadequate), and audit a child from that one, sending its findings to `recipients` and their
    teams."""
    week = week_of(timezone.localdate() - timedelta(days=7))
    if DipSample.objects.filter(week=week).exists():
        return f"dip sample {week} already drawn"
    sample = sample_draw(week=week, seed=seed, user=manager).sample
    if not sample.reviews.exists():
        return f"dip sample {week} drawn; no incident met the definition"
    assigned = reviews_assign(user=manager, sample=sample, reviewers=reviewers)
    for review, (answers, note, result) in zip(assigned, REVIEWS, strict=False):
        _review(review, answers, note, result)
    inadequate = assigned[0]
    child, _ = audit_child_from_review(
        user=manager, review_id=inadequate.pk, ref=_child_ref(inadequate)
    )
    teams = list(Agency.objects.filter(staff__user__in=recipients).distinct())
    audit = audit_open(
        user=manager,
        child=child,
        review=inadequate,
        agencies=[inadequate.agency, *teams],
        scope="A standard-risk incident the dip sample found inadequate: the history of the "
        "household and what each agency knew.",
    )
    first = finding_record(
        user=manager,
        audit=audit,
        text="Earlier incidents at the address were not looked at before the risk was graded.",
    )
    second = finding_record(
        user=manager,
        audit=audit,
        text="The children were not seen, and the school was not told the next morning.",
    )
    sent = finding_disseminate(user=manager, finding=first, practitioners=recipients, teams=teams)
    named = next((d for d in sent if d.user_id is not None), None)
    if named is not None and named.user is not None:
        finding_acknowledge(
            user=named.user, dissemination=named, note="Discussed at the team briefing."
        )
    _actions(manager, first, second, recipients, teams)
    return (
        f"dip sample {week} drawn, {min(len(assigned), 3)} incidents reviewed, case audit "
        f"{audit.pk} with 2 findings and 4 actions"
    )


def _actions(
    manager: User,
    first: Finding,
    second: Finding,
    recipients: Sequence[User],
    teams: Sequence[Agency],
) -> None:
    """Four actions: two agreed weeks ago and now overdue (one a practitioner's, one a team's),
    one a team's due tomorrow, and one agreed today and done already."""
    today = timezone.localdate()
    named = (list(recipients) or [manager])[0]
    team = (list(teams) or [manager.staff_profile.agency])[-1]
    # (finding, action, named owner, team, due on (None: the default), agreed this long ago)
    agreed = (
        (first, "Check the household's history in the hub before grading the risk.",
         named, None, None, 40),
        (first, "Brief the team on reading the history before grading the risk.",
         None, team, None, 35),
        (second, "Tell the school through the hub the morning after an incident.",
         None, team, today + timedelta(days=1), 0),
        (second, "See every child present at an incident, and record their words.",
         named, None, None, 0),
    )  # fmt: skip
    made = [
        action_add(
            user=manager,
            finding=finding,
            description=description,
            owner=owner,
            team=owning_team,
            due_on=due_on,
            today=today - timedelta(days=days_ago),
        )
        for finding, description, owner, owning_team, due_on, days_ago in agreed
    ]
    action_complete(user=named, action=made[-1], note="Covered at the shift briefing.")


def _child_ref(review: DipReview) -> str:
    """The first child named in a sampled incident (every incident sampled names one)."""
    ref = (
        Participant.objects.filter(
            event__message__source=review.source,
            event__message__message_id=review.message_id,
            role="child",
        )
        .order_by("pk")
        .values_list("ref", flat=True)
        .first()
    )
    return ref or ""
