"""PROBATION."""

from collections.abc import Iterator

from frontdoor.risk.rules.perpetrator_under_supervision import supervision_of
from frontdoor.sharing.payloads import children_line, event_lines, identify, risk_lines

from . import Notice, Situation, duty


@duty(
    "PROBATION",
    title="Probation: an alleged perpetrator under supervision",
    kinds=("incident", "referral"),
)
def probation(situation: Situation) -> Iterator[Notice]:
    """The probation service supervising an alleged perpetrator, at a new domestic abuse incident
    or a referral naming them: the offender manager must know to manage the risk, and the
    inspection found no one tracked what probation was told or sent.

    The agency that opened the supervision, or, for a release on licence told by a prison, the
    partnership's probation service.
    """
    trigger = situation.trigger
    if trigger.kind == "incident" and not trigger.is_abuse:
        return
    directory = situation.directory
    for perpetrator in situation.history.perpetrators():
        since = supervision_of(situation.history, perpetrator)
        if since is None:
            continue
        supervisor: int | None = since.agency_id
        if directory.agencies[since.agency_id].type != "probation":
            supervisor = directory.first_of("probation")
        if supervisor is None:
            continue
        yield Notice(
            supervisor,
            perpetrator,
            {
                **identify(situation, perpetrator),
                **event_lines(situation),
                "Their part": "Alleged perpetrator",
                **risk_lines(situation),
                **children_line(situation),
            },
        )
