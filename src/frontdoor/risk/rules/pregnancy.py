"""PREGNANCY."""

from collections.abc import Iterator

from frontdoor.risk.history import History

from . import Finding, evidence_of, rule


@rule(
    "PREGNANCY",
    title="Abuse in pregnancy or infancy",
    version=1,
    kinds=("incident",),
    deadline="pregnancy.deadline_working_days",
)
def pregnancy(history: History) -> Iterator[Finding]:
    """Abuse of a victim who is pregnant or has a baby under 18 months: a time of raised risk.
    Tell the midwife or health visitor, and review the risk."""
    trigger = history.trigger
    if not trigger.is_abuse:
        return
    months = history.thresholds.number("pregnancy.baby_under_months")
    day = trigger.day
    found = []
    if trigger.flag("pregnant"):
        found.append("the victim is pregnant")
    for child in history.children():
        member = history.members[child]
        age = member.months_on(day)
        if member.unborn_on(day):
            found.append(f"a baby is due on {member.due_date:%-d %b %Y}")
        elif age is not None and age < months:
            found.append(f"a baby of {age} months")
    if not found:
        return
    for victim in history.victims():
        yield Finding(
            person_id=victim,
            key=trigger.ref,
            detail=f"Incident on {day:%-d %b %Y}: {'; '.join(dict.fromkeys(found))}",
            evidence={**evidence_of([trigger]), "found": list(dict.fromkeys(found))},
            events=[trigger],
            action="Tell midwifery or health visiting, and review the risk",
        )
