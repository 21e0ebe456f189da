"""A synthetic borough's year at the front door, for the census extract: referrals arrive on days
the tests choose (the hub dates a referral by when it received it), and are decided."""

from datetime import datetime
from typing import Any

import pytest

from frontdoor.access.models import Role
from frontdoor.triage.models import Referral
from frontdoor.triage.services import decision_record, decision_sign_off
from tests.factories import StaffFactory, message, subject
from tests.risk.family import HOME, send
from tests.triage.conftest import LONDON, Clock, clock  # the clock fixture

__all__ = ["clock"]


@pytest.fixture
def manager(agencies):
    return StaffFactory(
        user__username="fd.manager", agency=agencies["csc"], front_door=True, role=Role.MANAGER
    ).user


def on(clock: Clock, moment: str) -> None:
    """The hub's clock reads this London time."""
    clock.move_to(datetime.fromisoformat(moment).replace(tzinfo=LONDON))


def mother(source: str = "police", role: str = "victim") -> dict[str, Any]:
    return subject(
        "m",
        role,
        source_person_id=f"{source}-M",
        given_name="Katherine",
        family_name="Whitfield",
        date_of_birth="1991-05-06",
        sex="F",
        address=HOME,
    )


def father(source: str = "police") -> dict[str, Any]:
    return subject(
        "f",
        "alleged_perpetrator",
        source_person_id=f"{source}-F",
        given_name="Dean",
        family_name="Whitfield",
        date_of_birth="1988-02-11",
        sex="M",
        address=HOME,
    )


def poppy(source: str = "police", role: str = "child") -> dict[str, Any]:
    return subject(
        "c",
        role,
        source_person_id=f"{source}-C",
        given_name="Poppy",
        family_name="Whitfield",
        date_of_birth="2019-09-09",
        sex="F",
        address=HOME,
    )


def lily(source: str = "police", role: str = "child") -> dict[str, Any]:
    """Poppy's sister, 16 in 2025."""
    return subject(
        "s",
        role,
        source_person_id=f"{source}-S",
        given_name="Lily",
        family_name="Whitfield",
        date_of_birth="2009-05-01",
        sex="F",
        address=HOME,
    )


PARENTS = [
    {"from": "m", "to": "c", "type": "parent"},
    {"from": "f", "to": "c", "type": "parent"},
]


def incident(occurred_at: str, *people: dict[str, Any], **envelope: Any) -> None:
    """A police domestic-abuse incident."""
    send(
        message(
            source="police",
            kind="incident",
            occurred_at=occurred_at,
            subjects=list(people),
            facts={"category": "domestic_abuse", "officer_risk": "standard"},
            **envelope,
        )
    )


def referral(
    clock: Clock,
    moment: str,
    *people: dict[str, Any],
    source: str = "school-105899",
    concerns: tuple[str, ...] = ("domestic_abuse",),
    **envelope: Any,
) -> Referral:
    """A referral the hub receives at `moment` (London time), about these people."""
    on(clock, moment)
    outcome = send(
        message(
            source=source,
            kind="referral",
            occurred_at=moment,
            subjects=list(people),
            facts={"reason": "Worried about the children", "concerns": list(concerns)},
            **envelope,
        )
    )[0]
    return Referral.objects.get(reference=outcome.reference)


def decide(referral: Referral, outcome: str, *, practitioner: Any, manager: Any) -> Referral:
    """The front door decides, and a manager signs the decision off."""
    decision = decision_record(
        referral=referral,
        user=practitioner,
        outcome=outcome,
        rationale="As the checks showed",
        rested_on="The chronology",
        no_health_answer_reason="Health had nothing to add in time",
    )
    decision_sign_off(decision=decision, user=manager, agree=True, note="")
    referral.refresh_from_db()
    return referral
