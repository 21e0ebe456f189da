"""The building blocks of what a notification says. Each duty picks only what its recipient needs:
a school is told a child's household had an incident, never an adult's health or the details."""

from collections.abc import Iterable, Iterator

from django.utils import timezone

from frontdoor.risk.history import HARM_MARKERS

from .situation import Notice, Situation

ROLES = {
    "victim": "Victim",
    "alleged_perpetrator": "Alleged perpetrator",
    "child": "Child in the household",
    "parent": "Parent",
    "adult": "Adult in the household",
    "subject": "Named in it",
}
WHAT = {
    "incident": "Police attended a domestic abuse incident",
    "referral": "A referral to the front door named them",
    "attendance": "A health attendance",
    "assessment": "A risk assessment",
}


def identify(situation: Situation, person_id: int, *, nhs_number: bool = False) -> dict[str, str]:
    """Who the notification is about: name and date of birth (and NHS number, for health)."""
    named = situation.people.get(person_id)
    if named is None:
        return {"About": "Name not known"}
    lines = {"About": named.name}
    if named.date_of_birth:
        lines["Date of birth"] = f"{named.date_of_birth:%-d %B %Y}"
    if nhs_number and named.nhs_number:
        lines["NHS number"] = named.nhs_number
    return lines


def event_lines(situation: Situation) -> dict[str, str]:
    """What happened, when, and who told the hub: never the narrative."""
    trigger = situation.trigger
    when = timezone.localtime(trigger.occurred_at, timezone.get_default_timezone())
    return {
        "What happened": WHAT.get(trigger.kind, trigger.kind.replace("_", " ").capitalize()),
        "When": f"{when:%-d %B %Y, %H:%M}",
        "Told to the hub by": situation.sender.name,
    }


def part_line(situation: Situation, person_id: int) -> dict[str, str]:
    part = situation.trigger.part_of(person_id)
    return {"Their part": ROLES.get(part.role, part.role) if part else "In the household"}


def risk_lines(situation: Situation) -> dict[str, str]:
    """The officer's risk grading and the harm recorded: for agencies that assess risk."""
    facts = situation.trigger.facts
    harm = [marker.replace("_", " ") for marker in HARM_MARKERS if facts.get(marker) is True]
    lines = {}
    if facts.get("officer_risk"):
        lines["Officer's risk grading"] = str(facts["officer_risk"]).capitalize()
    lines["Harm recorded"] = ", ".join(harm).capitalize() if harm else "None recorded"
    return lines


def children_line(situation: Situation) -> dict[str, str]:
    """How many children the household has, and their ages: what adult services were not told."""
    ages = [situation.age(child) for child in situation.children()]
    if not ages:
        return {"Children in the household": "None known"}
    described = ", ".join("unborn" if age is None else f"{age}" for age in sorted(ages, key=_age))
    return {"Children in the household": f"{len(ages)} (aged {described})"}


def _age(age: int | None) -> int:
    return -1 if age is None else age


def present_line(situation: Situation, child: int) -> dict[str, str]:
    part = situation.trigger.part_of(child)
    present = part.present if part else None
    return {"Child present": {True: "Yes", False: "No", None: "Not recorded"}[present]}


def names(situation: Situation, person_ids: Iterable[int]) -> str:
    return ", ".join(situation.people[pk].name for pk in person_ids if pk in situation.people)


def service_user_notices(situation: Situation, service: str) -> Iterator[Notice]:
    """A notice to each agency with an open involvement of `service` for an adult in the
    trigger, about that adult: what happened, their part, and the household's children."""
    for adult in situation.adults_in_trigger():
        for agency in sorted({e.agency_id for e in situation.open_involvements(adult, service)}):
            yield Notice(
                agency,
                adult,
                {
                    **identify(situation, adult, nhs_number=True),
                    **event_lines(situation),
                    **part_line(situation, adult),
                    **children_line(situation),
                    **risk_lines(situation),
                },
            )
