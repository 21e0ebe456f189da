"""Referrals made on the hub's own form, and agencies' answers to the front door's checks, sent
through intake like any agency's message.

Kept apart from `services` because it calls intake, which itself calls `services`.
"""

import json
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.chronology.models import Participant
from frontdoor.concurrency import version_confirm
from frontdoor.intake.models import Channel, InboxMessage
from frontdoor.intake.services import Outcome, messages_receive
from frontdoor.linkage.services import message_subjects_keep_with

from .models import AgencyCheck
from .services import TriageError, check_answer_record


def referral_submit(*, user: User, agency: Agency, data: Mapping[str, Any]) -> Outcome:
    """Send a referral made on the web form through intake, exactly as an agency system would."""
    subjects: list[dict[str, object]] = [
        {
            "ref": "child",
            "role": "child",
            "given_name": data["child_given_name"],
            "family_name": data["child_family_name"],
            "date_of_birth": data["child_date_of_birth"].isoformat()
            if data.get("child_date_of_birth")
            else None,
            "nhs_number": data.get("child_nhs_number", ""),
            "address": {
                "line1": data.get("address_line1", ""),
                "town": data.get("town", ""),
                "postcode": data.get("postcode", ""),
            },
        }
    ]
    relationships = []
    if data.get("adult_given_name"):
        subjects.append(
            {
                "ref": "adult",
                "role": data["adult_role"],
                "given_name": data["adult_given_name"],
                "family_name": data["adult_family_name"],
                "address": subjects[0]["address"],
            }
        )
        relationships.append({"from": "adult", "to": "child", "type": "parent"})
    profile = user.staff_profile
    message = {
        "message_id": f"form-{uuid.uuid4().hex}",
        "source": agency.code,
        "kind": "referral",
        "occurred_at": timezone.localtime().isoformat(timespec="seconds"),
        "subjects": subjects,
        "relationships": relationships,
        "facts": {
            "reason": data["reason"],
            "concerns": list(data["concerns"]),
            "urgent": data["urgent"] == "yes",
            "referrer": {
                "name": user.get_full_name() or user.get_username(),
                "role": f"{profile.get_role_display()}, {agency.name}",
                "phone": data["referrer_phone"],
                "email": getattr(user, "email", ""),
            },
        },
    }
    return messages_receive(
        [json.dumps(message)], channel=Channel.FORM, received_by=user, sender=agency
    )[0]


def _people_asked_about(check: AgencyCheck) -> list[Participant]:
    """The referral's parts, one for each person it names: a message names a person once (ADR
    29), though an agency's two ids for one person may both be in the referral."""
    parts: dict[int, Participant] = {}
    for part in (
        Participant.objects.filter(event__referral__reference=check.referral_id)
        .select_related("person")
        .order_by("pk")
    ):
        parts.setdefault(part.person_id, part)
    return list(parts.values())


def _subject_of(participant: Participant) -> dict[str, object]:
    """A person the referral names, as the hub knows them, to be the answer's subject."""
    person = participant.person
    return {
        "ref": participant.ref,
        "role": participant.role,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "sex": person.sex or None,
        "nhs_number": person.nhs_number or None,
    }


def check_answer_submit(
    *, check: AgencyCheck, user: User, holds: bool, answer: str, seen_version: int | None = None
) -> AgencyCheck:
    """Send an agency's answer through intake, into the chronology of everyone the referral
    names, then record it on the check. The message id is the check's, so it is sent once."""
    version_confirm(check, seen=seen_version)
    if check.answered_at is not None:
        raise TriageError("answer: this check has already been answered")
    if holds and not answer.strip():
        raise TriageError("answer: say what your agency holds")
    asked = _people_asked_about(check)
    message = {
        "message_id": f"check-{check.pk}",
        "source": check.agency.code,
        "kind": "agency_check",
        "occurred_at": timezone.localtime().isoformat(timespec="seconds"),
        "subjects": [_subject_of(p) for p in asked],
        "facts": {
            "referral": check.referral_id,
            "question": check.question,
            "holds": holds,
            "answer": answer.strip() or None,
        },
    }
    outcome = messages_receive(
        [json.dumps(message)], channel=Channel.FORM, received_by=user, sender=check.agency
    )[0]
    if outcome.inbox_id is None or outcome.status not in ("accepted", "duplicate"):
        raise TriageError(f"answer: the hub could not take the answer: {'; '.join(outcome.errors)}")
    stored = InboxMessage.objects.get(pk=outcome.inbox_id)
    message_subjects_keep_with(
        inbox_id=stored.pk,
        chosen={p.ref: p.person for p in asked},
        user=user,
        reason="Answer to the front door's check on the people it asked about",
        action="triage.check_answer_person",
    )
    return check_answer_record(
        check=check,
        user=user,
        holds=holds,
        answer=answer,
        message=stored,
        seen_version=seen_version,
    )
