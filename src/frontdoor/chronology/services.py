"""Writes to the chronology: one event for each valid message, with everyone who took part."""

from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import Any

from frontdoor.bulk import rows_add, rows_insert
from frontdoor.intake.arrival import Arrival, SubjectKey
from frontdoor.people.models import SourceRecord

from .models import Disclosure, Event, Participant
from .summaries import summarise

STATION = "station"  # the fact naming the police station or team of an incident: its team


def events_record(
    arrivals: Sequence[Arrival],
    records: Mapping[SubjectKey, SourceRecord],
    agencies: Mapping[str, int],
) -> dict[int, Event]:
    """Record each message as an event in the chronology of everyone it names."""
    events = {
        arrival.message.pk: Event(
            message=arrival.message,
            agency_id=arrival.agency_id,
            kind=arrival.envelope.kind,
            occurred_at=arrival.envelope.occurred_at,
            reported_at=arrival.envelope.reported_at,
            summary=summarise(arrival.envelope.kind, arrival.envelope.facts),
            facts=dict(arrival.envelope.facts),
            team=event_team(arrival.envelope.facts),
        )
        for arrival in arrivals
    }
    rows_insert(Event, list(events.values()))
    participants = []
    for arrival in arrivals:
        event = events[arrival.message.pk]
        for subject in arrival.envelope.subjects:
            record = records[(arrival.message.pk, subject.ref)]
            participants.append(
                # Plain values, not instances: nothing reads these rows back.
                SimpleNamespace(
                    event_id=event.pk,
                    person_id=record.person.pk,
                    record_id=record.pk,
                    ref=subject.ref,
                    role=subject.role,
                    present=subject.present,
                    seen=subject.seen,
                    seen_alone=subject.seen_alone,
                    spoken_to=subject.spoken_to,
                    voice=subject.voice,
                )
            )
    rows_add(Participant, participants)
    rows_add(
        Disclosure,
        [
            SimpleNamespace(event_id=events[arrival.message.pk].pk, agency_id=agencies[code])
            for arrival in arrivals
            for code in dict.fromkeys(arrival.envelope.facts.get("shared_with") or [])
            if code in agencies
        ],
    )
    return events


def event_team(facts: Mapping[str, Any]) -> str:
    """The police station or team an event's facts name, as text (the exchange reads a number
    as text) without the spaces around it, so " Northside" and "Northside" are one team; blank
    when they name none."""
    station = facts.get(STATION)
    return "" if station is None else str(station).strip()
