"""DASH checklists completed on the hub's own form, sent through intake like any agency's message.

Kept apart from the rest of `risk` because it calls intake, which derives what the rules read.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.intake.models import Channel
from frontdoor.intake.services import Outcome, messages_receive
from frontdoor.linkage.services import DecisionError, message_subjects_keep_with
from frontdoor.people.models import Person

from .dash import QUESTIONS
from .forms import account_field, answer_field

VICTIM = "victim"


def _victim_from_form(data: Mapping[str, Any]) -> dict[str, object]:
    born = data.get("victim_date_of_birth")
    return {
        "ref": VICTIM,
        "role": "victim",
        "given_name": data["victim_given_name"],
        "family_name": data["victim_family_name"],
        "date_of_birth": born.isoformat() if born else None,
        "address": {
            "line1": data.get("address_line1", ""),
            "town": data.get("town", ""),
            "postcode": data.get("postcode", ""),
        },
    }


def _victim_from_person(person: Person) -> dict[str, object]:
    """The person as the hub knows them; no address, which the practitioner did not confirm."""
    return {
        "ref": VICTIM,
        "role": "victim",
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "sex": person.sex or None,
        "nhs_number": person.nhs_number or None,
    }


def _facts(data: Mapping[str, Any]) -> dict[str, object]:
    """The checklist as the facts of an `assessment` of type dash in the exchange format."""
    judged = data["judgement"] == "high"
    return {
        "type": "dash",
        "answers": {q.key: data[answer_field(q.number)] for q in QUESTIONS},
        "professional_judgement": "high" if judged else None,
        "judgement_reason": data["judgement_reason"] if judged else None,
        "victim_account": {
            q.key: data[account_field(q.number)]
            for q in QUESTIONS
            if data.get(account_field(q.number))
        },
        "practitioner_notes": data.get("practitioner_notes") or None,
    }


def dash_submit(
    *, user: User, agency: Agency, data: Mapping[str, Any], person: Person | None = None
) -> Outcome:
    """Send a checklist through intake as an `assessment` of type dash.

    Its message id is the form's own, so a form sent twice is stored once. A checklist completed
    for a person opened on the hub stays with them, whoever matching took the victim to be, unless
    a constraint holds the two apart: the outcome's warnings then say why.
    """
    message = {
        "message_id": f"dash-{data['submission'].hex}",
        "source": agency.code,
        "kind": "assessment",
        "occurred_at": timezone.localtime().isoformat(timespec="seconds"),
        "subjects": [_victim_from_person(person) if person else _victim_from_form(data)],
        "facts": _facts(data),
    }
    outcome = messages_receive(
        [json.dumps(message)], channel=Channel.FORM, received_by=user, sender=agency
    )[0]
    if person is not None and outcome.status == "accepted" and outcome.inbox_id is not None:
        try:
            message_subjects_keep_with(
                inbox_id=outcome.inbox_id,
                chosen={VICTIM: person},
                user=user,
                reason="DASH checklist completed from this person's page",
                action="risk.dash_person",
            )
        except DecisionError as refused:
            outcome.warnings.append(f"subjects[0]: not kept with {person.display_name}: {refused}")
    return outcome
