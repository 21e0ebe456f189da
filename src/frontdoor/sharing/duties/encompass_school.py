"""ENCOMPASS_SCHOOL."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import event_lines, identify, present_line

from . import Notice, Situation, duty

SCHOOL_AGE = range(4, 18)


@duty(
    "ENCOMPASS_SCHOOL",
    title="Operation Encompass: the school",
    kinds=("incident",),
    due="school_morning",
)
def encompass_school(situation: Situation) -> Iterator[Notice]:
    """The school of each school-age child of the household, when police attend a domestic
    abuse incident: its key adult can support the child from the start of the next school day
    (Operation Encompass).

    The school is found from any linked record of the child that gives a school URN. It is told
    that the incident happened and whether the child was there: nothing about the adults.
    """
    if not situation.trigger.is_abuse or situation.sender.type != "police":
        return
    for child in situation.children():
        age = situation.age(child)
        urn = situation.schools.get(child)
        school = situation.directory.schools.get(urn) if urn else None
        if school is None or age not in SCHOOL_AGE:
            continue
        yield Notice(
            school,
            child,
            {
                **identify(situation, child),
                **event_lines(situation),
                **present_line(situation, child),
                "What to do": "Be ready to support the child quietly from the start of the "
                "school day; talk to the front door if you are worried about them.",
            },
        )
