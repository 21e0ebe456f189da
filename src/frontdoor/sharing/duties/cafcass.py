"""CAFCASS."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import event_lines, identify, names, part_line, risk_lines

from . import Notice, Situation, duty


@duty("CAFCASS", title="Cafcass: family proceedings", kinds=("incident",))
def cafcass(situation: Situation) -> Iterator[Notice]:
    """Cafcass, when a household with open family proceedings has a domestic abuse incident: the
    court's arrangements for the children must rest on what is happening now.

    The agency that told the hub of the open proceedings for someone in the household (Cafcass
    itself, or the partnership's Cafcass where a court or another agency told it).
    """
    if not situation.trigger.is_abuse:
        return
    directory = situation.directory
    fallback = directory.first_of("cafcass")
    for person in sorted(situation.history.members):
        proceedings = situation.open_involvements(person, "family_proceedings")
        told = {
            e.agency_id if directory.agencies[e.agency_id].type == "cafcass" else fallback
            for e in proceedings
        }
        for agency in sorted(a for a in told if a is not None):
            yield Notice(
                agency,
                person,
                {
                    **identify(situation, person),
                    **event_lines(situation),
                    **part_line(situation, person),
                    "Alleged perpetrator": names(situation, situation.history.perpetrators())
                    or "Not recorded",
                    **risk_lines(situation),
                },
            )
