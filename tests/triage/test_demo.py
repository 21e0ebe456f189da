"""The demo's front-door history: each old referral decided as if it had arrived when sent."""

from datetime import timedelta

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.triage.demo import front_door_demo
from frontdoor.triage.models import Referral, ReferralStatus
from tests.factories import message, raw, subject


def test_the_history_decides_old_referrals_soon_after_their_agency_sent_them(
    agencies, front_door_user, front_door_manager
) -> None:
    referral = message(
        message_id="r1",
        source="school-105899",
        kind="referral",
        occurred_at="2026-03-02T10:00:00",
        subjects=[subject(role="child")],
        facts={"reason": "worried"},
    )
    messages_receive([raw(referral)], channel=Channel.FILE)
    made = front_door_demo(practitioner=front_door_user, manager=front_door_manager, seed=1)
    assert made.startswith("referrals decided: 1;")
    decided = Referral.objects.select_related("event").get()
    assert decided.status != ReferralStatus.RECEIVED
    assert decided.received_at == decided.event.reported_at
    assert decided.received_at < decided.due_at
    assert decided.decided_at is not None
    assert timedelta(0) < decided.decided_at - decided.received_at <= timedelta(hours=30)
