"""Writes for the front door: referrals arrive here, each with its reference."""

from collections.abc import Mapping, Sequence

from frontdoor.bulk import rows_insert
from frontdoor.chronology.models import Event
from frontdoor.intake.arrival import Arrival
from frontdoor.intake.models import InboxMessage

from .models import Referral
from .references import referral_reference


def _first_revision(message: InboxMessage) -> InboxMessage:
    """The message as first sent: a corrected referral keeps its first time and its referrer."""
    while message.corrects_id:
        message = InboxMessage.objects.only("corrects", "received_at", "received_by").get(
            pk=message.corrects_id
        )
    return message


def referrals_record(arrivals: Sequence[Arrival], events: Mapping[int, Event]) -> None:
    """Give every referral message its reference and put it on the front door's list."""
    referrals = []
    for arrival in arrivals:
        envelope = arrival.envelope
        if envelope.kind != "referral":
            continue
        facts = envelope.facts
        first = _first_revision(arrival.message)
        referrals.append(
            Referral(
                reference=referral_reference(envelope.source, envelope.message_id),
                message=arrival.message,
                event=events[arrival.message.pk],
                agency_id=arrival.agency_id,
                received_at=first.received_at,
                submitted_by_id=first.received_by_id,
                reason=str(facts.get("reason") or ""),
                concerns=list(facts.get("concerns") or []),
                urgent=bool(facts.get("urgent")),
                referrer=dict(facts.get("referrer") or {}),
            )
        )
    rows_insert(Referral, referrals)
