"""Writes to the register of agencies and the people who work for them."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from axes.utils import reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction

from frontdoor.audit.services import audit_record

from .models import Agency, AgencyType, StaffProfile


class RegisterError(ValueError):
    """An agency entry that cannot be loaded, naming the entry and the field."""


@dataclass(frozen=True)
class LoadSummary:
    created: int
    updated: int
    unchanged: int


def _checked_agency(index: int, entry: object) -> dict[str, object]:
    if not isinstance(entry, Mapping):
        raise RegisterError(f"[{index}]: expected an object, got {entry!r}")
    for field in ("code", "name", "type"):
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise RegisterError(f"[{index}].{field}: required, got {entry.get(field)!r}")
    if entry["type"] not in AgencyType.values:
        raise RegisterError(
            f"[{index}].type: not one of {', '.join(AgencyType.values)}: {entry['type']!r}"
        )
    checked: dict[str, object] = {
        "code": entry["code"].strip(),
        "name": entry["name"].strip(),
        "type": entry["type"],
        "urn": str(entry.get("urn") or ""),
    }
    return checked


def agencies_load(entries: Iterable[object]) -> LoadSummary:
    """Create or update agencies by code; loading the same register twice changes nothing."""
    checked = [_checked_agency(index, entry) for index, entry in enumerate(entries)]
    existing = {agency.code: agency for agency in Agency.objects.all()}
    created = updated = unchanged = 0
    with transaction.atomic():
        for values in checked:
            agency = existing.get(str(values["code"]))
            if agency is None:
                agency = Agency.objects.create(**values)
                created += 1
            elif any(getattr(agency, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(agency, key, value)
                agency.save()
                updated += 1
            else:
                unchanged += 1
                continue
            audit_record(actor=None, action="agency.load", target=agency, details=values)
    return LoadSummary(created, updated, unchanged)


def staff_create(
    *,
    username: str,
    full_name: str,
    email: str,
    agency: Agency,
    role: str,
    front_door: bool,
    password: str,
    created_by: User | None = None,
) -> User:
    """Create a user with their place in the partnership, or update the one with that username."""
    given, _, family = full_name.partition(" ")
    with transaction.atomic():
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={"first_name": given, "last_name": family, "email": email},
        )
        user.set_password(password)
        user.save()
        StaffProfile.objects.update_or_create(
            user=user, defaults={"agency": agency, "role": role, "front_door": front_door}
        )
        audit_record(
            actor=created_by,
            action="staff.create",
            target=user,
            details={"agency": agency.code, "role": role, "front_door": front_door},
        )
    return user


def sign_in_unlock(*, username: str, unlocked_by: User | None) -> int:
    """Clear a username's failed sign-ins so it can sign in again; returns how many were cleared."""
    with transaction.atomic():
        cleared = reset(username=username)
        if cleared:
            audit_record(
                actor=unlocked_by,
                action="sign_in.unlock",
                details={"username": username, "failures_cleared": cleared},
            )
    return cleared
