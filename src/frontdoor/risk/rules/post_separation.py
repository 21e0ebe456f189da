"""POST_SEPARATION."""

from collections.abc import Iterator
from datetime import date

from frontdoor.risk.history import Happening, History, iso_day

from . import Finding, evidence_of, rule
from .dash_high import dash_of


def separation_day(history: History, victim: int) -> date | None:
    """When the victim's separation was first recorded as having happened, up to the trigger:
    a separation date given, or the day of the first event that said they had separated."""
    days: list[date] = []
    for event in history.involving({victim}):
        if event.occurred_at > history.trigger.occurred_at:
            continue
        given = iso_day(event.facts.get("separation_date"))
        if given is not None:
            days.append(given)
        if event.flag("separated") or _dash_says_separated(event):
            days.append(event.day)
    return min(days, default=None)


def _dash_says_separated(event: Happening) -> bool:
    dash = dash_of(event)
    return dash is not None and dash[0].get("6") == "yes"


@rule(
    "POST_SEPARATION",
    title="Abuse after separation",
    version=1,
    kinds=("incident",),
    deadline="post_separation.deadline_working_days",
)
def post_separation(history: History) -> Iterator[Finding]:
    """Abuse, stalking or conflict over contact after a recorded separation. Separation is a
    risk factor, never a sign of safety: review the risk and the safety plan."""
    trigger = history.trigger
    if not trigger.is_abuse:
        return
    for victim in history.victims():
        separated = separation_day(history, victim)
        if separated is None or separated > trigger.day:
            continue
        what = ["stalking" if trigger.flag("stalking") else "abuse"]
        if trigger.facts.get("breach_of"):
            what.append("a breach of an order")
        yield Finding(
            person_id=victim,
            key=f"separated:{separated.isoformat()}",
            detail=(
                f"{' and '.join(what).capitalize()} on {trigger.day:%-d %b %Y}, after "
                f"separation recorded on {separated:%-d %b %Y}"
            ),
            evidence={**evidence_of([trigger]), "separated_on": separated.isoformat()},
            events=[trigger],
            action="Review the risk and the safety plan: separation does not make them safe",
        )
