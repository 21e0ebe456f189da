"""MIDWIFE."""

from collections.abc import Iterator

from frontdoor.sharing.payloads import event_lines, identify, risk_lines

from . import Notice, Situation, duty


@duty("MIDWIFE", title="Midwifery: a pregnant victim", kinds=("incident",))
def midwife(situation: Situation) -> Iterator[Notice]:
    """The maternity service of a victim who is pregnant, at a domestic abuse incident: abuse
    often starts or worsens in pregnancy, and midwives see the victim alone.

    Pregnant means the incident says so, or the household has an unborn child. The service with an
    open midwifery involvement for the victim, or else the partnership's maternity service.
    """
    history = situation.history
    if not situation.trigger.is_abuse:
        return
    unborn = any(m.unborn_on(history.day) for m in history.members.values())
    if not (situation.trigger.flag("pregnant") or unborn):
        return
    fallback = situation.directory.first_of("midwifery")
    for victim in history.victims():
        services = {e.agency_id for e in situation.open_involvements(victim, "midwifery")}
        for service in sorted(services) or ([fallback] if fallback else []):
            yield Notice(
                service,
                victim,
                {
                    **identify(situation, victim, nhs_number=True),
                    **event_lines(situation),
                    "Pregnant": "Yes",
                    **risk_lines(situation),
                },
            )
