"""HEALTH_VISITOR."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import (
    event_lines,
    identify,
    names,
    present_line,
    risk_lines,
)

from . import Notice, Situation, duty

UNDER = 5


@duty("HEALTH_VISITOR", title="Health visiting: a child under 5", kinds=("incident",))
def health_visitor(situation: Situation) -> Iterator[Notice]:
    """The health visiting service of each child under 5 in the household, at a domestic abuse
    incident: health visitors see the youngest children at home and were too often not told.

    The service with an open health visiting involvement for the child, or else the
    partnership's health visiting service.
    """
    if not situation.trigger.is_abuse:
        return
    fallback = situation.directory.first_of("health_visiting")
    victims = situation.history.victims()
    for child in situation.children():
        age = situation.age(child)
        if age is None or age >= UNDER:
            continue
        services = {e.agency_id for e in situation.open_involvements(child, "health_visiting")}
        for service in sorted(services) or ([fallback] if fallback else []):
            yield Notice(
                service,
                child,
                {
                    **identify(situation, child, nhs_number=True),
                    **event_lines(situation),
                    **present_line(situation, child),
                    "Parent who was the victim": names(situation, victims) or "Not recorded",
                    **risk_lines(situation),
                },
            )
