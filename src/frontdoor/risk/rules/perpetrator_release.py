"""PERPETRATOR_RELEASE."""

from collections.abc import Iterator

from frontdoor.risk.history import History

from . import Finding, evidence_of, rule


@rule(
    "PERPETRATOR_RELEASE",
    title="Alleged perpetrator released",
    version=1,
    kinds=("custody",),
    deadline="release.deadline_working_days",
)
def perpetrator_release(history: History) -> Iterator[Finding]:
    """An alleged perpetrator of abuse in a household with children has been released from
    custody. Review the children's safety and tell the family's workers."""
    trigger = history.trigger
    if trigger.facts.get("event") != "released":
        return
    released = set(trigger.person_ids)
    abuse = [
        e
        for e in history.before_trigger(history.involving(released, "incident"))
        if e.is_abuse and not released.isdisjoint(e.with_role("alleged_perpetrator"))
    ]
    if not abuse:
        return
    licence = " on licence" if trigger.flag("licence") else ""
    for child in history.children():
        if child in released:
            continue
        yield Finding(
            person_id=child,
            key=trigger.ref,
            detail=(
                f"Released{licence} on {trigger.day:%-d %b %Y}; alleged perpetrator in "
                f"{len(abuse)} incident{'s' if len(abuse) != 1 else ''}"
            ),
            evidence={**evidence_of([*abuse, trigger]), "licence": trigger.flag("licence")},
            events=[*abuse, trigger],
            action="Review the children's safety and tell the family's workers",
        )
