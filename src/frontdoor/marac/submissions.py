"""Referrals to MARAC made on the hub's own page, sent through intake as a `marac` message, so
the chronology, the rules and `frontdoor rebuild` see them as they see any agency's.

Kept apart from `services` because it calls intake, which itself calls `services`.
"""

import json
import uuid

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.intake.models import Channel
from frontdoor.intake.services import Outcome, messages_receive
from frontdoor.linkage.services import DecisionError, message_subjects_keep_with
from frontdoor.people.models import Person

from .services import marac_referral_repeat_refresh


def _subject(ref: str, role: str, person: Person) -> dict[str, object]:
    """The person as the hub knows them: the referrer chose them on the hub."""
    return {
        "ref": ref,
        "role": role,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "sex": person.sex or None,
        "nhs_number": person.nhs_number or None,
    }


def marac_referral_submit(
    *,
    user: User,
    agency: Agency,
    victim: Person,
    perpetrator: Person | None,
    criterion: str,
    reason: str,
) -> Outcome:
    """Send a referral to MARAC through intake, exactly as an agency system would."""
    subjects = [_subject("victim", "victim", victim)]
    if perpetrator is not None:
        subjects.append(_subject("perpetrator", "alleged_perpetrator", perpetrator))
    message = {
        "message_id": f"marac-{uuid.uuid4().hex}",
        "source": agency.code,
        "kind": "marac",
        "occurred_at": timezone.localtime().isoformat(timespec="seconds"),
        "subjects": subjects,
        "facts": {"event": "referred", "criterion": criterion, "reason": reason.strip() or None},
    }
    outcome = messages_receive(
        [json.dumps(message)], channel=Channel.FORM, received_by=user, sender=agency
    )[0]
    if outcome.status == "accepted" and outcome.inbox_id is not None:
        chosen = {"victim": victim, "perpetrator": perpetrator}
        try:
            _people_keep_with(chosen, inbox_id=outcome.inbox_id, user=user)
        except DecisionError as refused:
            outcome.warnings.append(f"subjects: not kept with the people chosen: {refused}")
    return outcome


@transaction.atomic
def _people_keep_with(chosen: dict[str, Person | None], *, inbox_id: int, user: User) -> None:
    message_subjects_keep_with(
        inbox_id=inbox_id,
        chosen={ref: person for ref, person in chosen.items() if person is not None},
        user=user,
        reason="MARAC referral made from this person's page",
        action="marac.referral_person",
    )
    marac_referral_repeat_refresh(inbox_id=inbox_id)
