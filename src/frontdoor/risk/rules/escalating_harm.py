"""ESCALATING_HARM."""

import itertools
from collections.abc import Iterator
from datetime import timedelta

from frontdoor.risk.history import HARM_MARKERS, History

from . import Finding, dates, evidence_of, rule
from .escalation import episode_start, household_incidents


@rule(
    "ESCALATING_HARM",
    title="Harm escalating",
    version=1,
    kinds=("incident",),
    deadline="escalating_harm.deadline_working_days",
)
def escalating_harm(history: History) -> Iterator[Finding]:
    """The abuse is escalating: an incident causes more harm (injury, weapon, strangulation,
    threats to kill, sexual violence) than the incidents before it, or incidents are coming
    more often. Review the risk now; consider MARAC."""
    trigger = history.trigger
    if not trigger.is_abuse:
        return
    thresholds = history.thresholds
    window = timedelta(days=thresholds.number("escalating_harm.window_days"))
    needed = thresholds.number("escalating_harm.incidents")
    ratio = thresholds.ratio("escalating_harm.faster_ratio")
    for victim in history.victims():
        incidents = household_incidents(history, victim)
        recent = [e for e in incidents if trigger.occurred_at - e.occurred_at <= window]
        earlier = recent[:-1]
        if not earlier:
            continue
        start = episode_start(incidents, window)
        if trigger.harm > max(e.harm for e in earlier):
            markers = [m.replace("_", " ") for m in HARM_MARKERS if trigger.flag(m)]
            yield Finding(
                person_id=victim,
                key=f"{start.ref}:harm:{trigger.harm}",
                detail=(
                    f"{', '.join(markers).capitalize()} on {trigger.day:%-d %b %Y}, after "
                    f"lower-harm incidents on {dates(earlier)}"
                ),
                evidence={**evidence_of(recent), "harm_markers": markers},
                events=recent,
                action="Review the risk now and consider a referral to MARAC",
            )
            continue
        if len(recent) < needed:
            continue
        gaps = [
            (later.day - before.day).days for before, later in itertools.pairwise(recent[-needed:])
        ]
        if all(gap <= ratio * previous for previous, gap in itertools.pairwise(gaps)):
            yield Finding(
                person_id=victim,
                key=f"{start.ref}:frequency",
                detail=f"Incidents more often: {dates(recent[-needed:])} (gaps of {gaps} days)",
                evidence={**evidence_of(recent[-needed:]), "gaps_days": gaps},
                events=recent[-needed:],
                action="Review the risk now and consider a referral to MARAC",
            )
