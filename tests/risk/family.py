"""A synthetic family for the rules' tests: Katherine, Dean, and their daughter Poppy (born
9 September 2019), told of by police and other agencies through the real intake path."""

from typing import Any

from frontdoor.intake.models import Channel
from frontdoor.intake.services import Outcome, messages_receive
from frontdoor.people.models import Person
from frontdoor.risk.models import Alert
from tests.factories import message, raw, subject

HOME = {"line1": "1 Elm Road", "town": "Synthtown", "postcode": "ZZ1 1AA"}


def victim(source: str = "police", **fields: Any) -> dict[str, Any]:
    return subject(
        "v",
        "victim",
        source_person_id=f"{source}-V",
        given_name="Katherine",
        family_name="Whitfield",
        date_of_birth="1991-05-06",
        sex="F",
        address=HOME,
        **fields,
    )


def perpetrator(source: str = "police", role: str = "alleged_perpetrator") -> dict[str, Any]:
    return subject(
        "p",
        role,
        source_person_id=f"{source}-P",
        given_name="Dean",
        family_name="Whitfield",
        date_of_birth="1988-02-11",
        sex="M",
        address=HOME,
    )


def child(source: str = "police", date_of_birth: str = "2019-09-09", **fields: Any) -> dict:
    return subject(
        "c",
        "child",
        source_person_id=f"{source}-C",
        given_name="Poppy",
        family_name="Whitfield",
        date_of_birth=date_of_birth,
        nhs_number="9434765919",
        address=HOME,
        **fields,
    )


SEEN = {"present": True, "seen": True, "spoken_to": True, "voice": "I was scared"}


def incident(
    occurred_at: str, *, child_fields: dict[str, Any] | None = None, **facts: Any
) -> dict[str, Any]:
    """A police incident about the family; by default a standard-risk one, Poppy seen and heard."""
    return message(
        source="police",
        kind="incident",
        occurred_at=occurred_at,
        subjects=[
            victim(),
            perpetrator(),
            child(**(SEEN if child_fields is None else child_fields)),
        ],
        relationships=[
            {"from": "v", "to": "c", "type": "parent"},
            {"from": "p", "to": "c", "type": "parent"},
            {"from": "v", "to": "p", "type": "partner"},
        ],
        facts={"category": "domestic_abuse", "officer_risk": "standard", **facts},
    )


def about(
    source: str, kind: str, occurred_at: str, *people: dict[str, Any], **facts: Any
) -> dict[str, Any]:
    return message(
        source=source, kind=kind, occurred_at=occurred_at, subjects=list(people), facts=facts
    )


def send(*messages: dict[str, Any]) -> list[Outcome]:
    outcomes = messages_receive([raw(m) for m in messages], channel=Channel.FILE)
    assert {o.status for o in outcomes} == {"accepted"}, [o.errors for o in outcomes]
    return outcomes


def alerts(rule: str) -> list[Alert]:
    return list(
        Alert.objects.filter(rule=rule).select_related("person").order_by("raised_at", "pk")
    )


def named(given_name: str) -> Person:
    return Person.objects.get(given_name=given_name)


def school_referral(**facts: Any) -> dict[str, Any]:
    """Poppy's school refers her: she said Dad hurt Mum."""
    return about(
        "school-105899",
        "referral",
        "2025-10-22T09:00:00",
        victim("school-105899"),
        child("school-105899"),
        reason="Poppy said Dad hurt Mum",
        concerns=["domestic_abuse"],
        **facts,
    )
