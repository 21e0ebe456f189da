"""COERCIVE_CONTROL."""

from collections.abc import Iterator

from frontdoor.risk.history import History

from . import Finding, evidence_of, rule
from .dash_high import dash_of

INDICATORS = {
    "coercive_control": "controlling behaviour",
    "controlling": "controlling or jealous behaviour",
    "isolation": "isolation",
    "financial_control": "financial control",
    "stalking": "stalking",
}
# The DASH questions that ask about the same: isolation, stalking, control or jealousy, money.
DASH_QUESTIONS = {
    "4": "isolation",
    "8": "stalking",
    "15": "controlling or jealous behaviour",
    "23": "financial control",
}


@rule(
    "COERCIVE_CONTROL",
    title="Coercive control",
    version=3,
    kinds=("incident", "assessment", "contact", "referral"),
    deadline="coercive_control.deadline_working_days",
)
def coercive_control(history: History) -> Iterator[Finding]:
    """Coercive-control indicators are recorded (controlling or jealous behaviour, isolation,
    financial control, stalking). Ask the victim about coercive control, and consider it a
    crime."""
    trigger = history.trigger
    found = [label for name, label in INDICATORS.items() if trigger.flag(name)]
    dash = dash_of(trigger)
    if dash is not None:
        found += [label for q, label in DASH_QUESTIONS.items() if dash[0].get(q) == "yes"]
    if not found:
        return
    found = list(dict.fromkeys(found))
    perpetrators = history.perpetrators()
    for victim in history.victims():
        yield Finding(
            person_id=victim,
            key=f"perpetrator:{history.name_of(perpetrators[0]) if perpetrators else 'not named'}",
            detail=f"{', '.join(found).capitalize()} recorded on {trigger.day:%-d %b %Y}",
            evidence={**evidence_of([trigger]), "indicators": found},
            events=[trigger],
            action="Ask the victim about coercive control",
        )
