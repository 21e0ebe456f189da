"""SUBSTANCE_MISUSE."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import service_user_notices

from . import Notice, Situation, duty


@duty("SUBSTANCE_MISUSE", title="Substance misuse: a client in the household", kinds=("incident",))
def substance_misuse(situation: Situation) -> Iterator[Notice]:
    """The substance misuse service working with an adult in a domestic abuse incident: the
    inspection found it was not told of the risks its clients' households posed to children.

    Each service with an open substance misuse involvement for the adult is told of the incident,
    the adult's part in it and the children of the household.
    """
    if situation.trigger.is_abuse:
        yield from service_user_notices(situation, "substance_misuse")
