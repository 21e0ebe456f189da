"""Writes to the register of agencies and the people who work for them."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

from axes.utils import reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from frontdoor.audit.services import audit_record, dated_setting_add
from frontdoor.chronology.models import Participant
from frontdoor.people.models import Person

from .configuration import access_setting_check, access_setting_on
from .models import (
    AccessSetting,
    Agency,
    AgencyType,
    BreakGlassGrant,
    RestrictedRecord,
    Restriction,
    StaffProfile,
    Team,
)
from .policy import BREAK_GLASS, data_protection_leads
from .selectors import RESTRICTIONS_ROUTE


class RegisterError(ValueError):
    """An agency entry that cannot be loaded, naming the entry and the field."""


class AccessError(ValueError):
    """A change to who may see what that cannot be made as asked; the message names the field."""


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
    team: Team | None = None,
    created_by: User | None = None,
) -> User:
    """Create a user with their place in the partnership, or update the one with that username."""
    if team is not None and team.agency_id != agency.pk:
        raise AccessError(f"team: {team.name!r} is a team of {team.agency}, not of {agency}")
    given, _, family = full_name.partition(" ")
    with transaction.atomic():
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={"first_name": given, "last_name": family, "email": email},
        )
        user.set_password(password)
        user.save()
        StaffProfile.objects.update_or_create(
            user=user,
            defaults={"agency": agency, "role": role, "front_door": front_door, "team": team},
        )
        audit_record(
            actor=created_by,
            action="staff.create",
            target=user,
            details={
                "agency": agency.code,
                "role": role,
                "front_door": front_door,
                "team": team.name if team else None,
            },
        )
    return user


def sign_in_unlock(*, username: str, unlocked_by: User | None, reason: str = "") -> int:
    """Clear a username's failed sign-ins so it can sign in again; returns how many were cleared."""
    with transaction.atomic():
        cleared = reset(username=username)
        if cleared:
            audit_record(
                actor=unlocked_by,
                action="sign_in.unlock",
                details={"username": username, "failures_cleared": cleared}
                | ({"reason": reason} if reason else {}),
            )
    return cleared


@transaction.atomic
def team_create(*, agency: Agency, name: str, created_by: User | None = None) -> Team:
    """A team within an agency, or the one of that name it already has."""
    if not name.strip():
        raise AccessError("name: a team needs a name")
    team, created = Team.objects.get_or_create(agency=agency, name=name.strip())
    if created:
        audit_record(actor=created_by, action="team.create", target=team, details={"name": name})
    return team


def _reason_required(field: str, reason: str) -> str:
    if not reason.strip():
        raise AccessError(f"{field}: say why")
    return reason.strip()


def _records_named(person: Person) -> list[tuple[int, str]]:
    """The person's records as a restriction names them, oldest first: the message that first
    described each, and its subject's ref there (both survive a rebuild; ids do not)."""
    named = (
        Participant.objects.filter(
            record__person=person, event__message_id=F("record__first_message_id")
        )
        .order_by("record_id")
        .values_list("event__message_id", "ref")
        .distinct()
    )
    return [(int(str(message_id)), str(ref)) for message_id, ref in named]


def _usernames(users: Sequence[User]) -> list[str]:
    return sorted(user.username for user in users)


@transaction.atomic
def restriction_create(
    *, person: Person, reason: str, named_users: Sequence[User], user: User
) -> Restriction:
    """Restrict a person: from now only the named users may open them, or find them."""
    reason = _reason_required("reason", reason)
    records = _records_named(person)
    if not records:
        raise AccessError(f"person: person {person.pk} has no record to restrict")
    restriction = Restriction.objects.create(
        reason=reason, restricted_by=user, restricted_at=timezone.now()
    )
    restriction.named_users.set(named_users)
    RestrictedRecord.objects.bulk_create(
        RestrictedRecord(restriction=restriction, message_id=message_id, ref=ref)
        for message_id, ref in records
    )
    audit_record(
        actor=user,
        action="restriction.create",
        route=RESTRICTIONS_ROUTE,
        target=restriction,
        details={"person": person.pk, "reason": reason, "named": _usernames(named_users)},
    )
    return restriction


@transaction.atomic
def restriction_name(
    *, restriction: Restriction, named_users: Sequence[User], reason: str, user: User
) -> Restriction:
    """Change who may open a restricted person; the old and new lists are audited."""
    reason = _reason_required("reason", reason)
    if restriction.lifted_at is not None:
        raise AccessError("restriction: it was lifted; restrict the person again instead")
    before = _usernames(list(restriction.named_users.all()))
    restriction.named_users.set(named_users)
    audit_record(
        actor=user,
        action="restriction.name",
        route=RESTRICTIONS_ROUTE,
        target=restriction,
        details={"before": before, "after": _usernames(named_users), "reason": reason},
    )
    return restriction


@transaction.atomic
def restriction_lift(*, restriction: Restriction, reason: str, user: User) -> Restriction:
    """End a restriction: the person is seen again by whoever has a route to them."""
    reason = _reason_required("reason", reason)
    if restriction.lifted_at is not None:
        raise AccessError("restriction: already lifted")
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = user
    restriction.lift_reason = reason
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        actor=user,
        action="restriction.lift",
        route=RESTRICTIONS_ROUTE,
        target=restriction,
        details={"reason": reason},
    )
    return restriction


def _tell_data_protection_leads(grant: BreakGlassGrant) -> None:
    """Email every data protection lead with an address: who broke the glass, into whom, why."""
    addresses = list(data_protection_leads().exclude(email="").values_list("email", flat=True))
    if not addresses:
        return
    who = grant.user.get_full_name() or grant.user.username
    granted = timezone.localtime(grant.granted_at)
    subject = f"Break-glass: {who} opened a record"
    body = (
        f"{who} ({grant.user.username}) used break-glass to open person {grant.person_id} "
        f"at {granted:%H:%M on %-d %B %Y}, until {timezone.localtime(grant.expires_at):%H:%M}."
        f"\n\nTheir reason: {grant.reason}\n\nReview it at {reverse('access:break-glass-grants')}"
    )
    transaction.on_commit(partial(send_mail, subject, body, None, addresses))


@transaction.atomic
def break_glass_grant(*, person: Person, reason: str, user: User) -> BreakGlassGrant:
    """Let a user without a route open one person for the partnership's set time, because they
    gave a reason; audited and reported to the data protection lead."""
    reason = _reason_required("reason", reason)
    records = _records_named(person)
    if not records:
        raise AccessError(f"person: person {person.pk} has no record to open")
    message_id, ref = records[0]
    now = timezone.now()
    minutes = access_setting_on("break_glass.minutes", timezone.localdate(now))
    grant = BreakGlassGrant.objects.create(
        user=user,
        person_id=person.pk,
        message_id=message_id,
        ref=ref,
        reason=reason,
        granted_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    audit_record(
        actor=user,
        action="break_glass.grant",
        route=BREAK_GLASS,
        target=grant,
        details={"person": person.pk, "reason": reason, "minutes": minutes},
    )
    _tell_data_protection_leads(grant)
    return grant


def break_glass_refusal_record(*, person_id: int, reason: str, user: User) -> None:
    """Record an attempt to break the glass into a person who is unknown or restricted."""
    audit_record(
        actor=user,
        action="break_glass.refused",
        route="denied",
        details={"person": person_id, "reason": reason},
    )


@transaction.atomic
def break_glass_review(*, grant: BreakGlassGrant, note: str, user: User) -> BreakGlassGrant:
    """The data protection lead's finding on a grant: justified or not, and why."""
    note = _reason_required("note", note)
    if grant.reviewed_at is not None:
        raise AccessError("grant: already reviewed")
    grant.reviewed_by = user
    grant.reviewed_at = timezone.now()
    grant.review_note = note
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit_record(
        actor=user,
        action="break_glass.review",
        route="data_protection",
        target=grant,
        details={"note": note},
    )
    return grant


def access_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> AccessSetting:
    """A new value for an access setting from a date; the old value stays on record."""
    return dated_setting_add(
        AccessSetting,
        action="access.setting",
        key=key,
        value=access_setting_check(key, value),
        effective_from=effective_from,
        reason=reason,
        user=user,
    )
