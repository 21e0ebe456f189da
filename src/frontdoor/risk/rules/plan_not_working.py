"""PLAN_NOT_WORKING."""

from collections.abc import Iterator
from datetime import date

from frontdoor.chronology.summaries import PLANS, assumptions_text
from frontdoor.risk.history import Happening, History, iso_day

from . import Finding, Raised, evidence_of, resolver, rule

ACTIVE = ("started", "reviewed")
# What each assumption a plan relies on is broken by: the perpetrator taking part in an event
# with the family.
BROKEN_BY_PERPETRATOR = frozenset({"separation", "no_contact", "perpetrator_left_home"})


def active_plans(history: History, on: date) -> list[Happening]:
    """The latest word on each plan (by agency and type) that is in force on the day."""
    latest: dict[tuple[int, str], Happening] = {}
    for event in history.before_trigger(history.involving(history.members, "plan")):
        latest[(event.agency_id, str(event.facts.get("type")))] = event
    plans = []
    for plan in latest.values():
        start = iso_day(plan.facts.get("start_date")) or plan.day
        end = iso_day(plan.facts.get("end_date"))
        if plan.facts.get("status") in ACTIVE and start <= on and (end is None or on <= end):
            plans.append(plan)
    return plans


@rule(
    "PLAN_NOT_WORKING",
    title="Plan not working",
    version=1,
    kinds=("incident", "contact", "attendance", "custody"),
    deadline="plan.deadline_working_days",
)
def plan_not_working(history: History) -> Iterator[Finding]:
    """Something has happened that the child's plan was meant to prevent, or that breaks what
    it relies on. Review the plan: do not carry on as if it were working."""
    trigger = history.trigger
    perpetrators = {
        p
        for e in history.involving(history.members, "incident")
        for p in e.with_role("alleged_perpetrator")
    }
    for plan in active_plans(history, trigger.day):
        relies = [str(r) for r in plan.facts.get("relies_on") or []]
        reasons = []
        if trigger.is_abuse:
            reasons.append(f"a domestic-abuse incident on {trigger.day:%-d %b %Y}")
        broken = sorted(BROKEN_BY_PERPETRATOR.intersection(relies))
        if broken and not trigger.is_abuse and not perpetrators.isdisjoint(trigger.person_ids):
            reasons.append(
                f"the alleged perpetrator was part of a {trigger.kind} on "
                f"{trigger.day:%-d %b %Y}, though the plan relies on {assumptions_text(broken)}"
            )
        if not reasons:
            continue
        children = [
            p.person_id
            for p in plan.parts
            if p.role == "child"
            or (
                history.members.get(p.person_id, None) is not None
                and history.members[p.person_id].child_on(trigger.day)
            )
        ]
        for child in sorted(set(children)):
            yield Finding(
                person_id=child,
                key=f"{plan.ref}:{trigger.ref}",
                detail=(
                    f"{PLANS.get(str(plan.facts.get('type')), 'A plan')} in force: "
                    f"{'; '.join(reasons)}"
                ),
                evidence={**evidence_of([plan, trigger]), "relies_on": relies},
                events=[plan, trigger],
                action="Review the plan",
            )


@resolver("PLAN_NOT_WORKING", kinds=("plan",))
def plan_reviewed(raised: Raised, history: History) -> str | None:
    trigger = history.trigger
    if (
        trigger.kind == "plan"
        and trigger.facts.get("status") in ("reviewed", "ended")
        and raised.person_id in trigger.person_ids
    ):
        status = trigger.facts["status"]
        return f"Plan {status} on {trigger.day:%-d %b %Y} (message {trigger.message_id})"
    return None
