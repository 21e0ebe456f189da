"""GP."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import event_lines, identify, part_line, risk_lines

from . import Notice, Situation, duty


@duty("GP", title="GP: the practice of the victim or a child", kinds=("incident",))
def gp(situation: Situation) -> Iterator[Notice]:
    """The GP practices of the victim and of each child in the household, at a domestic abuse
    incident: the practice holds the family's health record and can ask, and look, at the next
    appointment.

    The practice comes from any linked record of the person that gives a practice code.
    """
    if not situation.trigger.is_abuse:
        return
    history = situation.history
    for person in sorted({*history.victims(), *situation.children()}):
        code = situation.practices.get(person)
        practice = situation.directory.practices.get(code.upper()) if code else None
        if practice is None:
            continue
        yield Notice(
            practice,
            person,
            {
                **identify(situation, person, nhs_number=True),
                **event_lines(situation),
                **part_line(situation, person),
                **risk_lines(situation),
            },
        )
