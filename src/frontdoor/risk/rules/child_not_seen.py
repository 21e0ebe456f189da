"""CHILD_NOT_SEEN."""

from collections.abc import Iterator

from frontdoor.risk.history import Happening, History, Member, Part

from . import Finding, Raised, evidence_of, resolver, rule


def _missing(part: Part, *, speaks: bool) -> list[str]:
    missing = []
    if part.seen is not True:
        missing.append("not seen")
    if speaks and part.spoken_to is not True:
        missing.append("not spoken to")
    if speaks and not part.voice.strip():
        missing.append("no voice recorded")
    return missing


def _missed(history: History, member: Member, event: Happening) -> list[str] | None:
    """What was missing for the child at an incident or contact; None where it does not apply
    (another kind of event, the child unborn, or recorded as away from an incident)."""
    part = event.part_of(member.person_id)
    if part is None or part.role != "child" or member.unborn_on(event.day):
        return None
    if not (event.is_abuse or event.kind == "contact"):
        return None
    if event.kind == "incident" and part.present is False:
        return None
    age = member.age_on(event.day)
    voice_from = history.thresholds.number("child_not_seen.voice_from_years")
    return _missing(part, speaks=age is None or age >= voice_from)


def _since_last_heard(history: History, member: Member) -> Happening:
    """The first miss since the child was last seen and heard: one alert for a run of them."""
    start = history.trigger
    for event in reversed(history.before_trigger(history.involving({member.person_id}))):
        missed = _missed(history, member, event)
        if missed is None:
            continue
        if not missed:
            break
        start = event
    return start


@rule(
    "CHILD_NOT_SEEN",
    title="Child not seen",
    version=1,
    kinds=("incident", "contact"),
    deadline="child_not_seen.deadline_working_days",
)
def child_not_seen(history: History) -> Iterator[Finding]:
    """A child was in the household at an incident or a contact and was not seen, not spoken
    to, or their voice was not recorded. See the child, alone where possible, and record what
    they say."""
    trigger = history.trigger
    for part in trigger.parts:
        member = history.members.get(part.person_id)
        if member is None:
            continue
        missing = _missed(history, member, trigger)
        if not missing:
            continue
        yield Finding(
            person_id=part.person_id,
            key=_since_last_heard(history, member).ref,
            detail=f"{trigger.kind.capitalize()} on {trigger.day:%-d %b %Y}: {', '.join(missing)}",
            evidence={**evidence_of([trigger]), "missing": missing},
            events=[trigger],
            action="See the child, alone where possible, and record their words",
        )


@resolver("CHILD_NOT_SEEN", kinds=("contact",))
def child_seen(raised: Raised, history: History) -> str | None:
    trigger = history.trigger
    part = trigger.part_of(raised.person_id)
    if trigger.kind != "contact" or part is None:
        return None
    if set(raised.evidence.get("missing", [])) & set(_missing(part, speaks=True)):
        return None
    return f"Seen and heard at a contact on {trigger.day:%-d %b %Y} (message {trigger.message_id})"
