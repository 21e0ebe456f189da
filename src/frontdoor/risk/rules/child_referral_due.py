"""CHILD_REFERRAL_DUE."""

from collections.abc import Iterator
from datetime import timedelta

from frontdoor.risk.dash import dash_score
from frontdoor.risk.history import Happening, History

from . import Finding, Raised, evidence_of, resolver, rule
from .dash_high import dash_of
from .escalation import household_incidents

SERIOUS = ("weapon", "strangulation", "threats_to_kill")


def _referrals(history: History, child: int) -> list[Happening]:
    return list(history.involving({child}, "referral"))


def _dash_yes(history: History, incident: Happening) -> int:
    """The most yes answers of a DASH done for the incident: its own, or one sent within days."""
    after = timedelta(days=history.thresholds.number("referral.dash_days"))
    counts = [
        dash_score(*dash).yes_count
        for e in history.involving(incident.with_role("victim") or incident.person_ids)
        if (e is incident or timedelta(0) <= e.occurred_at - incident.occurred_at <= after)
        and (dash := dash_of(e)) is not None
    ]
    return max(counts, default=0)


def _incident_of(history: History) -> Happening | None:
    """The incident to judge: the trigger, or for a DASH sent on its own, the victim's latest
    incident in the days before it."""
    trigger = history.trigger
    if trigger.is_abuse:
        return trigger
    if dash_of(trigger) is None:
        return None
    within = timedelta(days=history.thresholds.number("referral.dash_days"))
    earlier = [
        e
        for e in history.before_trigger(history.involving(trigger.person_ids, "incident"))
        if e.is_abuse and trigger.occurred_at - e.occurred_at <= within
    ]
    return earlier[-1] if earlier else None


@rule(
    "CHILD_REFERRAL_DUE",
    title="Referral criteria met for a child",
    version=1,
    kinds=("incident", "assessment"),
    deadline="referral.deadline_working_days",
)
def child_referral_due(history: History) -> Iterator[Finding]:
    """A domestic-abuse incident in the child's household meets the partnership's criteria for
    a referral to children's social care, and no referral has been made. The child is on the
    front door's list until one arrives."""
    incident = _incident_of(history)
    if incident is None:
        return
    thresholds = history.thresholds
    day = incident.day
    children = [c for c in history.children() if history.members[c].child_on(day)]
    if not children:
        return
    met: list[str] = []
    under = thresholds.number("referral.child_under_years")
    young = [
        c
        for c in children
        if history.members[c].unborn_on(day) or (history.members[c].age_on(day) or 0) < under
    ]
    if young or incident.flag("pregnant"):
        met.append(f"a child under {under} or unborn")
    if any(
        (part := incident.part_of(c)) is not None
        and part.present
        and (incident.flag("injury") or incident.flag("child_injured"))
        for c in children
    ):
        met.append("a child present and injured or involved")
    if incident.facts.get("officer_risk") in thresholds.words("referral.officer_risks"):
        met.append(f"officer risk {incident.facts['officer_risk']}")
    yes = _dash_yes(history, incident)
    if yes >= thresholds.number("referral.dash_yes"):
        met.append(f"DASH {yes} yes")
    repeat = timedelta(days=thresholds.number("referral.repeat_window_days"))
    household = [
        e
        for e in household_incidents(history, (history.victims() or children)[0])
        if incident.occurred_at - repeat <= e.occurred_at <= incident.occurred_at
    ]
    if len(household) >= 2:
        met.append(f"{len(household)} incidents within {repeat.days} days")
    serious = [name.replace("_", " ") for name in SERIOUS if incident.flag(name)]
    if serious:
        met.append(", ".join(serious))
    if not met:
        return
    covered = timedelta(days=thresholds.number("referral.covered_days"))
    for child in children:
        referrals = _referrals(history, child)
        if any(r.occurred_at >= incident.occurred_at - covered for r in referrals):
            continue
        since = max((r.occurred_at for r in referrals), default=None)
        unreferred = [e for e in household if since is None or e.occurred_at > since]
        yield Finding(
            person_id=child,
            key=(unreferred or [incident])[0].ref,
            detail=f"Incident on {day:%-d %b %Y} meets the criteria: {'; '.join(met)}",
            evidence={**evidence_of([incident]), "criteria": met},
            events=[incident],
            action="Refer the child to children's social care",
        )


@resolver("CHILD_REFERRAL_DUE", kinds=("referral",))
def referral_arrives(raised: Raised, history: History) -> str | None:
    trigger = history.trigger
    if trigger.kind == "referral" and raised.person_id in trigger.person_ids:
        return f"Referral received on {trigger.day:%-d %b %Y} (message {trigger.message_id})"
    return None
