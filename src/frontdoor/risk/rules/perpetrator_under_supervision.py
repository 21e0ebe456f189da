"""PERPETRATOR_UNDER_SUPERVISION."""

from collections.abc import Iterator
from datetime import date

from frontdoor.risk.history import Happening, History, iso_day

from . import Finding, evidence_of, rule

SUPERVISION = ("probation_supervision", "licence")


def _end(event: Happening) -> date | None:
    return iso_day(event.facts.get("end_date") or event.facts.get("sentence_end"))


def supervision_of(history: History, person: int) -> Happening | None:
    """The event that put the person under supervision, if it is still in force on the day."""
    current: Happening | None = None
    for event in history.before_trigger(history.involving({person})):
        if event.kind == "involvement" and event.facts.get("service") in SUPERVISION:
            current = event if event.facts.get("status") == "open" else None
        elif event.kind == "custody" and event.facts.get("event") == "released":
            current = event if event.flag("licence") else current
    if current is None:
        return None
    end = _end(current)
    return current if end is None or history.day <= end else None


@rule(
    "PERPETRATOR_UNDER_SUPERVISION",
    title="Alleged perpetrator under supervision",
    version=1,
    kinds=("incident",),
    deadline="supervision.deadline_working_days",
)
def perpetrator_under_supervision(history: History) -> Iterator[Finding]:
    """A new incident involves an alleged perpetrator who is on licence or under probation
    supervision. Tell their offender manager today."""
    trigger = history.trigger
    if not trigger.is_abuse:
        return
    for perpetrator in history.perpetrators():
        since = supervision_of(history, perpetrator)
        if since is None:
            continue
        how = (
            "on licence"
            if since.kind == "custody" or since.facts.get("service") == "licence"
            else "under probation supervision"
        )
        yield Finding(
            person_id=perpetrator,
            key=trigger.ref,
            detail=f"Incident on {trigger.day:%-d %b %Y} while {how} (since {since.day:%-d %b %Y})",
            evidence={**evidence_of([since, trigger]), "supervision": how},
            events=[since, trigger],
            action="Tell the offender manager",
        )
