"""REPEAT_MARAC."""

from collections.abc import Iterator
from datetime import timedelta

from frontdoor.risk.history import History

from . import Finding, evidence_of, rule


@rule(
    "REPEAT_MARAC",
    title="Repeat MARAC",
    version=1,
    kinds=("incident",),
    deadline="repeat_marac.deadline_working_days",
)
def repeat_marac(history: History) -> Iterator[Finding]:
    """Abuse between the same victim and perpetrator within 12 months of their last referral to
    MARAC: a repeat. Refer back to MARAC."""
    trigger = history.trigger
    if not trigger.is_abuse:
        return
    window = timedelta(days=history.thresholds.number("repeat_marac.window_days"))
    perpetrators = set(history.perpetrators())
    for victim in history.victims():
        referrals = [
            e
            for e in history.before_trigger(history.involving({victim}, "marac"))
            if e.facts.get("event") == "referred"
            and (
                perpetrators.isdisjoint(e.with_role("alleged_perpetrator")) is False
                or not e.with_role("alleged_perpetrator")
            )
        ]
        if not referrals or trigger.occurred_at - referrals[-1].occurred_at > window:
            continue
        last = referrals[-1]
        yield Finding(
            person_id=victim,
            key=trigger.ref,
            detail=(
                f"Incident on {trigger.day:%-d %b %Y}, {(trigger.day - last.day).days} days after "
                f"the MARAC referral of {last.day:%-d %b %Y}"
            ),
            evidence={**evidence_of([last, trigger]), "window_days": window.days},
            events=[last, trigger],
            action="Refer back to MARAC as a repeat",
        )
