"""CP_CHILD_ATTENDANCE."""

from collections.abc import Iterator

from frontdoor.risk.history import History

from . import Finding, evidence_of, rule, words
from .plan_not_working import active_plans

URGENT_SETTINGS = ("emergency_department", "urgent_care")


@rule(
    "CP_CHILD_ATTENDANCE",
    title="Child on a plan at hospital",
    version=1,
    kinds=("attendance",),
    deadline="cp_attendance.deadline_working_days",
)
def cp_child_attendance(history: History) -> Iterator[Finding]:
    """A child on a child protection plan, or looked after, has attended an emergency
    department or urgent care. Tell the child's social worker."""
    trigger = history.trigger
    if trigger.facts.get("setting") not in URGENT_SETTINGS:
        return
    plans = [
        p
        for p in active_plans(history, trigger.day)
        if p.facts.get("type") in ("child_protection", "looked_after")
    ]
    for child in sorted(trigger.person_ids):
        member = history.members.get(child)
        if member is None or not member.child_on(trigger.day):
            continue
        mine = [p for p in plans if child in p.person_ids]
        if not mine:
            continue
        plan = mine[-1]
        yield Finding(
            person_id=child,
            key=trigger.ref,
            detail=(
                f"Attended {words(trigger.facts['setting'])} on {trigger.day:%-d %b %Y} "
                f"while on a {words(plan.facts.get('type'))} plan"
            ),
            evidence={**evidence_of([plan, trigger]), "injury": trigger.flag("injury")},
            events=[plan, trigger],
            action="Tell the child's social worker",
        )
