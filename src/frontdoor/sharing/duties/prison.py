"""PRISON."""

from collections.abc import Iterator

from frontdoor.risk.history import Happening
from frontdoor.sharing.payloads import children_line, event_lines, identify

from . import Notice, Situation, duty


def _held_by(situation: Situation, person_id: int) -> Happening | None:
    """The custody event that received the person, if no later one released them."""
    held: Happening | None = None
    for event in situation.history.before_trigger(situation.history.involving({person_id})):
        if event.kind == "custody":
            held = event if event.facts.get("event") == "received" else None
    return held


@duty("PRISON", title="Prison: an alleged perpetrator in custody", kinds=("incident", "referral"))
def prison(situation: Situation) -> Iterator[Notice]:
    """The prison holding an alleged perpetrator, when a new incident or referral shows a risk to
    children of their household: contact, calls and release plans must allow for it, and the
    inspection found prisons were not told.

    The prison that told the hub it received them (or the partnership's prison, where another
    agency told it), while no later custody event says they were released.
    """
    trigger = situation.trigger
    if (trigger.kind == "incident" and not trigger.is_abuse) or not situation.children():
        return
    directory = situation.directory
    for perpetrator in situation.history.perpetrators():
        held = _held_by(situation, perpetrator)
        if held is None:
            continue
        holder: int | None = held.agency_id
        if directory.agencies[held.agency_id].type != "prison":
            holder = directory.first_of("prison")
        if holder is None:
            continue
        yield Notice(
            holder,
            perpetrator,
            {
                **identify(situation, perpetrator),
                **event_lines(situation),
                "Their part": "Alleged perpetrator",
                **children_line(situation),
            },
        )
