"""CSC."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import event_lines, identify

from . import Notice, Situation, duty

CALLS_FOR_CSC = {
    "CHILD_REFERRAL_DUE": "The partnership's criteria for a referral to children's social care "
    "are met",
    "CP_CHILD_ATTENDANCE": "A child with a child protection plan attended an emergency department "
    "or urgent care",
}


@duty(
    "CSC",
    title="Social care: referral criteria met",
    kinds=("incident", "assessment", "attendance"),
)
def csc(situation: Situation) -> Iterator[Notice]:
    """Children's social care, when an event meets the referral criteria for a child or a child
    with a plan attends an emergency department: six standard-risk incidents about one young child
    were never shared with it.

    The agency that allocated a worker to the child, where there is one (the worker is named),
    or else the partnership's children's social care.
    """
    fallback = situation.directory.first_of("csc")
    for alert in situation.alerts:
        why = CALLS_FOR_CSC.get(alert.rule)
        if why is None:
            continue
        allocations = situation.open_involvements(alert.person_id, "csc_allocation")
        workers = {e.agency_id: e.facts.get("worker") for e in allocations}
        for agency in sorted(workers) or ([fallback] if fallback else []):
            worker = workers.get(agency)
            yield Notice(
                agency,
                alert.person_id,
                {
                    **identify(situation, alert.person_id, nhs_number=True),
                    **event_lines(situation),
                    "Why": why,
                    "What the rules found": alert.detail,
                    "Allocated worker": worker.get("name", "Not named")
                    if isinstance(worker, dict)
                    else "None allocated",
                },
            )
