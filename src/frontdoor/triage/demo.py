"""The demo's front door: a history of decided referrals and today's work in every state.

Only `frontdoor demo` calls this. The synthetic borough's referrals arrive through intake with no
front-door work on them; a demo of a working queue needs the work a front door would have done.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import Agency, AgencyType
from frontdoor.audit.services import audit_record

from .configuration import Timeline
from .models import (
    HEALTH_TYPES,
    Decision,
    DecisionOutcome,
    Referral,
    ReferralStatus,
    SignOff,
)
from .services import (
    checks_request,
    decision_record,
    decision_sign_off,
    referral_deadline,
    referral_states_restore,
)
from .submissions import check_answer_submit

HISTORY_DAYS = 7
HISTORIC_OUTCOMES = (
    [DecisionOutcome.NO_FURTHER_ACTION] * 2
    + [DecisionOutcome.INFORMATION_AND_ADVICE] * 3
    + [DecisionOutcome.EARLY_HELP] * 3
    + [DecisionOutcome.CHILD_IN_NEED] * 2
    + [DecisionOutcome.MARAC]
)


@transaction.atomic
def _history(*, practitioner: User, manager: User, seed: int) -> int:
    """Decide every referral made more than a week ago, signed off by the manager: written in
    bulk, as a rebuild restores them, and audited once. The borough arrived all at once, when
    the demo loaded it; its history is written as if each referral had arrived when its agency
    sent it, and was decided within a day or so, mostly by its deadline, so the leaders'
    measures have a year of work to show."""
    r = random.Random(seed)
    now = timezone.now()
    before = now - timedelta(days=HISTORY_DAYS)
    old = list(
        Referral.objects.filter(
            event__occurred_at__lt=before, status=ReferralStatus.RECEIVED
        ).select_related("event")
    )
    timeline = Timeline.load()
    decisions = []
    for referral in old:
        referral.received_at = referral.event.reported_at
        referral.due_at = referral_deadline(referral.received_at, timeline)
        decided_at = referral.received_at + timedelta(hours=r.uniform(0.5, 30))
        decisions.append(
            Decision(
                referral=referral,
                outcome=r.choice(HISTORIC_OUTCOMES),
                rationale="Demo history: decided on what the partnership knew then.",
                rested_on="The referral and the chronology.",
                no_health_answer_reason="Demo history: health checks not recorded.",
                decided_by=practitioner,
                decided_at=decided_at,
                sign_off=SignOff.AGREED,
                signed_off_by=manager,
                signed_off_at=decided_at,
                referrer_told_at=decided_at,
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=500)
    referral_states_restore(old)
    Referral.objects.bulk_update(
        old, ["received_at", "due_at", "status", "outcome", "decided_at"], batch_size=500
    )
    audit_record(actor=None, action="demo.front_door_history", details={"decided": len(old)})
    return len(old)


def _agency_user(agency_type: str) -> tuple[Agency, User] | None:
    agency = Agency.objects.filter(type=agency_type).order_by("pk").first()
    user = User.objects.filter(staff_profile__agency=agency).order_by("pk").first()
    return (agency, user) if agency and user else None


def front_door_demo(*, practitioner: User, manager: User, seed: int) -> str:
    """Today's work: checks asked and answered, decisions awaiting sign-off and signed off."""
    if Decision.objects.exists():
        return "referrals already decided"
    decided = _history(practitioner=practitioner, manager=manager, seed=seed)
    recent = list(
        Referral.objects.filter(status=ReferralStatus.RECEIVED).order_by("received_at")[:12]
    )
    police = _agency_user(AgencyType.POLICE)
    health = next(
        (found for t in sorted(HEALTH_TYPES) if (found := _agency_user(t)) is not None), None
    )
    if police is None or health is None:
        return f"referrals decided: {decided:,}; no police or health user to ask"
    asked = []
    for referral in recent[:8]:
        police_check, health_check = sorted(
            checks_request(
                referral=referral,
                agencies=[police[0], health[0]],
                question="What do you hold about the people in this referral?",
                user=practitioner,
            ),
            key=lambda c: c.agency.type in HEALTH_TYPES,
        )
        asked.append((referral, police_check, health_check))
    for _, police_check, health_check in asked[:5]:
        check_answer_submit(
            check=health_check,
            user=health[1],
            holds=True,
            answer="Registered; missed the last developmental review.",
        )
        check_answer_submit(check=police_check, user=police[1], holds=False, answer="")
    outcomes = [
        DecisionOutcome.EARLY_HELP,
        DecisionOutcome.CHILD_IN_NEED,
        DecisionOutcome.STRATEGY_DISCUSSION,
    ]
    for (referral, _, _), outcome in zip(asked[:3], outcomes, strict=False):
        decision = decision_record(
            referral=referral,
            user=practitioner,
            outcome=outcome,
            rationale="Demo: the answers show a pattern the referral alone did not.",
            rested_on="The referral, the police and health answers, the chronology.",
        )
        if outcome != DecisionOutcome.CHILD_IN_NEED:
            decision_sign_off(decision=decision, user=manager, agree=True, note="Agreed")
    return f"referrals decided: {decided + 3:,}; checks asked of other agencies: {2 * len(asked)}"
