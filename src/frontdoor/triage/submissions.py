"""Referrals made on the hub's own form, sent through intake like any agency's message.

Kept apart from `services` because it calls intake, which itself calls `services`.
"""

import json
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.intake.models import Channel
from frontdoor.intake.services import Outcome, messages_receive


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
