"""DASH_HIGH."""

from collections.abc import Iterator, Mapping
from typing import Any

from frontdoor.risk.dash import Level, dash_score
from frontdoor.risk.history import Happening, History

from . import Finding, Raised, resolver, rule


def dash_of(event: Happening) -> tuple[Mapping[str, Any], Any] | None:
    """The DASH answers and judgement an event carries: an assessment's, or an incident's."""
    if event.kind == "assessment" and event.facts.get("type") == "dash":
        answers = event.facts.get("answers")
        judgement = event.facts.get("professional_judgement")
    elif event.kind == "incident" and isinstance(event.facts.get("dash"), dict):
        dash = event.facts["dash"]
        answers = dash.get("answers", dash)
        judgement = dash.get("professional_judgement")
    else:
        return None
    return (answers, judgement) if isinstance(answers, dict) else None


@rule(
    "DASH_HIGH",
    title="DASH high risk",
    version=1,
    kinds=("assessment", "incident"),
    deadline="dash_high.deadline_working_days",
)
def dash_high(history: History) -> Iterator[Finding]:
    """A DASH risk assessment shows high risk: 14 or more yes answers, or professional
    judgement. Refer the victim to MARAC and tell the IDVA service."""
    trigger = history.trigger
    dash = dash_of(trigger)
    if dash is None:
        return
    score = dash_score(*dash)
    if score.level < Level.HIGH:
        return
    for victim in history.victims():
        yield Finding(
            person_id=victim,
            key=trigger.ref,
            detail=f"DASH on {trigger.day:%-d %b %Y}: {score.summary}",
            evidence={
                "yes_count": score.yes_count,
                "judged_high": score.judged_high,
                "date": trigger.day.isoformat(),
            },
            events=[trigger],
            action="Refer to MARAC and to the IDVA service",
        )


@resolver("DASH_HIGH", kinds=("marac",))
def marac_referral(raised: Raised, history: History) -> str | None:
    trigger = history.trigger
    if (
        trigger.kind == "marac"
        and trigger.facts.get("event") == "referred"
        and raised.person_id in trigger.person_ids
    ):
        return f"Referred to MARAC on {trigger.day:%-d %b %Y} (message {trigger.message_id})"
    return None
