"""ADULT_MENTAL_HEALTH."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import service_user_notices

from . import Notice, Situation, duty


@duty(
    "ADULT_MENTAL_HEALTH",
    title="Adult mental health: a patient in the household",
    kinds=("incident",),
)
def adult_mental_health(situation: Situation) -> Iterator[Notice]:
    """The adult mental health service working with an adult in a domestic abuse incident: the
    inspection found it was not told of the risks its patients' households posed to children.

    Each service with an open adult mental health involvement for the adult is told of the
    incident, the adult's part in it and the children of the household.
    """
    if situation.trigger.is_abuse:
        yield from service_user_notices(situation, "adult_mental_health")
