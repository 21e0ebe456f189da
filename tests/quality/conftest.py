"""Police families for the quality tests: each its own victim, alleged perpetrator and child
(aged eight, too old for the under-fives referral criterion), told of as the police would."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from frontdoor.access.models import Agency, Role
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from tests.factories import StaffFactory, message, raw, subject

SURNAMES = ("Marsh", "Holt", "Pryce", "Quayle", "Ibbot", "Fenn", "Gorse", "Lyle", "Oates", "Venn")
GIVEN = ("Jade", "Nina", "Ruth", "Cara", "Tess", "Mina", "Lena", "Abi", "Zoe", "Kim")
CHILDREN = ("Ava", "Ned", "Isla", "Finn", "Rosa", "Theo", "Ivy", "Sam", "Lily", "Joe")


@dataclass(frozen=True)
class Family:
    number: int

    def subjects(self, *, child: bool = True) -> list[dict[str, Any]]:
        n = self.number
        people = [
            subject(
                "v",
                "victim",
                source_person_id=f"V{n}",
                given_name=GIVEN[n],
                family_name=SURNAMES[n],
                date_of_birth=f"199{n}-02-03",
                sex="F",
            ),
            subject(
                "p",
                "alleged_perpetrator",
                source_person_id=f"P{n}",
                given_name="Liam",
                family_name=f"Crane{SURNAMES[n]}",
                date_of_birth=f"198{n}-07-08",
                sex="M",
            ),
        ]
        if child:
            people.append(
                subject(
                    "c",
                    "child",
                    source_person_id=f"C{n}",
                    given_name=CHILDREN[n],
                    family_name=SURNAMES[n],
                    date_of_birth="2018-04-05",
                    present=True,
                    seen=True,
                )
            )
        return people

    def send(
        self,
        kind: str,
        occurred_at: str,
        facts: dict[str, Any],
        *,
        source: str = "police",
        child: bool = True,
        message_id: str | None = None,
    ) -> str:
        """One message about the family; its message id."""
        payload = message(
            source=source,
            kind=kind,
            occurred_at=occurred_at,
            subjects=self.subjects(child=child),
            facts=facts,
            **({"message_id": message_id} if message_id else {}),
        )
        outcome = messages_receive([raw(payload)], channel=Channel.FILE)[0]
        assert outcome.status == "accepted", outcome.errors
        return str(payload["message_id"])

    def incident(self, occurred_at: str, risk: str | None = "standard", **facts: Any) -> str:
        given = {"category": "domestic_abuse", **facts}
        if risk is not None:
            given["officer_risk"] = risk
        return self.send("incident", occurred_at, given)


@pytest.fixture
def families() -> list[Family]:
    return [Family(n) for n in range(len(SURNAMES))]


@pytest.fixture
def lead(agencies: dict[str, Agency]) -> User:
    return StaffFactory(
        user__username="qa.lead", agency=agencies["csc"], front_door=True, role=Role.MANAGER
    ).user


@pytest.fixture
def reviewers(agencies: dict[str, Agency]) -> list[User]:
    return [
        StaffFactory(user__username=f"qa.reviewer{n}", agency=agencies["csc"], front_door=True).user
        for n in (1, 2)
    ]
