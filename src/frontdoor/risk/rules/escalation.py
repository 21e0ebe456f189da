"""ESCALATION_3_IN_12M."""

from collections.abc import Iterator, Sequence
from datetime import timedelta

from frontdoor.risk.history import Happening, History

from . import Finding, dates, evidence_of, rule


def household_incidents(history: History, person_id: int) -> list[Happening]:
    """Abuse incidents up to the trigger involving the person or a child of their household."""
    return [
        e
        for e in history.before_trigger(
            history.involving({person_id, *history.children()}, "incident")
        )
        if e.is_abuse
    ] + ([history.trigger] if history.trigger.is_abuse else [])


def episode_start(incidents: Sequence[Happening], window: timedelta) -> Happening:
    """The first incident of the run that leads to the last, no gap in it longer than `window`:
    one alert for a run, however long it goes on."""
    start = incidents[-1]
    for earlier in reversed(incidents[:-1]):
        if start.occurred_at - earlier.occurred_at > window:
            break
        start = earlier
    return start


@rule(
    "ESCALATION_3_IN_12M",
    title="Three incidents in 12 months",
    version=1,
    kinds=("incident",),
    deadline="escalation.deadline_working_days",
)
def escalation(history: History) -> Iterator[Finding]:
    """Three or more domestic-abuse incidents for the same victim or household within 12
    months: the MARAC potential-escalation criterion. Refer to MARAC."""
    trigger = history.trigger
    if not trigger.is_abuse:
        return
    needed = history.thresholds.number("escalation.incidents")
    window = timedelta(days=history.thresholds.number("escalation.window_days"))
    for victim in history.victims():
        incidents = household_incidents(history, victim)
        recent = [e for e in incidents if trigger.occurred_at - e.occurred_at <= window]
        if len(recent) < needed:
            continue
        start = episode_start(incidents, window)
        yield Finding(
            person_id=victim,
            key=start.ref,
            detail=f"{len(recent)} incidents within {window.days} days: {dates(recent)}",
            evidence={**evidence_of(recent), "window_days": window.days},
            events=recent,
            action="Refer to MARAC as a potential escalation",
        )
