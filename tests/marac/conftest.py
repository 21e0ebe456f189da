"""A victim, her ex-partner and their child, as the police tell the hub of them."""

from typing import Any

from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from tests.factories import message, raw, subject

HOME = {"line1": "2 Ash Lane", "town": "Synthtown", "postcode": "ZZ1 2BB"}


def people(**child: Any) -> list[dict[str, Any]]:
    return [
        subject(
            "v",
            "victim",
            source_person_id="V1",
            given_name="Jade",
            family_name="Marsh",
            date_of_birth="1994-02-03",
            sex="F",
            address=HOME,
        ),
        subject(
            "p",
            "alleged_perpetrator",
            source_person_id="P1",
            given_name="Liam",
            family_name="Crane",
            date_of_birth="1990-07-08",
            sex="M",
        ),
        subject(
            "c",
            "child",
            source_person_id="C1",
            given_name="Ava",
            family_name="Marsh",
            date_of_birth="2020-04-05",
            address=HOME,
            **child,
        ),
    ]


RELATIONSHIPS = [
    {"from": "v", "to": "c", "type": "parent"},
    {"from": "p", "to": "v", "type": "ex_partner"},
]


def send(
    kind: str,
    occurred_at: str,
    facts: dict[str, Any],
    subjects: list[dict[str, Any]] | None = None,
) -> None:
    """One police message about the family (or about these subjects), as the police system
    would send it."""
    payload = message(
        kind=kind,
        occurred_at=occurred_at,
        subjects=subjects or people(),
        relationships=[] if subjects else RELATIONSHIPS,
        facts=facts,
    )
    outcome = messages_receive([raw(payload)], channel=Channel.FILE)[0]
    assert outcome.status == "accepted", outcome.errors


def stranger() -> list[dict[str, Any]]:
    return [subject(source_person_id="S1", given_name="Nina", family_name="Holt")]


def refer(
    occurred_at: str,
    criterion: str | None = "dash_high",
    subjects: list[dict[str, Any]] | None = None,
) -> None:
    send("marac", occurred_at, {"event": "referred", "criterion": criterion}, subjects)


def incident(occurred_at: str) -> None:
    send("incident", occurred_at, {"category": "domestic_abuse", "officer_risk": "high"})
