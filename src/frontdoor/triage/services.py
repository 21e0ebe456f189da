"""Writes for the front door: referrals arrive here, each with its reference."""

from collections.abc import Mapping, Sequence

from frontdoor.bulk import rows_insert
from frontdoor.chronology.models import Event
from frontdoor.intake.arrival import Arrival

from .models import Referral
from .references import referral_reference


def referrals_record(arrivals: Sequence[Arrival], events: Mapping[int, Event]) -> None:
    """Give every referral message its reference and put it on the front door's list."""
    referrals = []
    for arrival in arrivals:
        envelope = arrival.envelope
        if envelope.kind != "referral":
            continue
        facts = envelope.facts
        referrals.append(
            Referral(
                reference=referral_reference(envelope.source, envelope.message_id),
                message=arrival.message,
                event=events[arrival.message.pk],
                agency_id=arrival.agency_id,
                received_at=arrival.message.received_at,
                submitted_by_id=arrival.message.received_by_id,
                reason=str(facts.get("reason") or ""),
                concerns=list(facts.get("concerns") or []),
                urgent=bool(facts.get("urgent")),
                referrer=dict(facts.get("referrer") or {}),
            )
        )
    rows_insert(Referral, referrals)
