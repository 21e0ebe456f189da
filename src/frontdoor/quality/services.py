"""Writes for quality assurance: drawing a week's dip sample, assigning and completing its
reviews, case audits, their findings and the actions that follow, and the partnership's
settings. Each checks the acting user and is audited."""

import itertools
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from frontdoor.access.models import Agency, Role, StaffProfile
from frontdoor.access.policy import (
    FRONT_DOOR,
    actor_for,
    audit_actions_filter,
    dip_review_check,
    findings_filter,
    quality_lead_check,
    quality_reviewer_check,
)
from frontdoor.audit.services import audit_record, dated_setting_add
from frontdoor.chronology.models import Participant
from frontdoor.concurrency import version_advance
from frontdoor.reminders import Reminder, due_state, reminders_send
from frontdoor.workdays import working_days_after

from .configuration import Timeline, setting_check
from .models import (
    REVIEW_QUESTIONS,
    ActionStatus,
    Answer,
    AuditAction,
    CaseAudit,
    DipReview,
    DipSample,
    Dissemination,
    Finding,
    QualitySetting,
    Result,
)
from .sampling import sample_select, strata_of, week_dates, week_of, week_population

SEED_LIMIT = 10**9


class QualityError(ValueError):
    """Quality work that cannot be done as asked; the message names the field and says why."""


@dataclass(frozen=True)
class Drawn:
    sample: DipSample
    new: bool


def _week(week: str) -> tuple[str, date, date]:
    try:
        first, last = week_dates(week)
    except ValueError as error:
        raise QualityError(str(error)) from None
    return week_of(first), first, last


def _seed(seed: int | None) -> int:
    if seed is None:
        return secrets.randbelow(SEED_LIMIT)
    if isinstance(seed, bool) or not 0 <= seed < 2**63:
        raise QualityError(f"seed: a whole number from 0 to {2**63 - 1}, not {seed!r}")
    return seed


def recorded_picks(sample: DipSample) -> dict[str, list[tuple[str, str]]]:
    """The sample's incidents by stratum, in draw order, as the sample recorded them."""
    codes = dict(sample.reviews.values_list("agency_id", "agency__code").distinct())
    picks: dict[str, list[tuple[str, str]]] = {}
    for review in sample.reviews.order_by("agency_id", "station", "position"):
        stratum = f"{codes[review.agency_id]}/{review.station}"
        picks.setdefault(stratum, []).append((review.source, review.message_id))
    return {name: picks[name] for name in sorted(picks)}


@transaction.atomic
def sample_draw(
    *, week: str, seed: int | None, user: User | None, now: datetime | None = None
) -> Drawn:
    """Draw a week's sample once, with the seed given or a new one. Asked again for a drawn
    week (with its seed or none), it answers the sample already drawn; another seed is refused,
    so a week never has two samples."""
    if user is not None:
        quality_lead_check(actor_for(user))
    week, first, last = _week(week)
    now = now or timezone.now()
    if last >= timezone.localdate(now):
        raise QualityError(f"week: {week} has not ended yet (it ends on {last:%-d %B %Y})")
    existing = DipSample.objects.filter(week=week).first()
    if existing is not None:
        if seed is not None and seed != existing.seed:
            raise QualityError(
                f"seed: {week} was drawn with seed {existing.seed}; give that seed, or none, "
                "to see it again"
            )
        return Drawn(existing, new=False)
    seed = _seed(seed)
    rules = Timeline.load(known_by=now).on(first)
    population = week_population(first, last, as_of=now, rules=rules)
    strata = {name: [c.key for c in group] for name, group in strata_of(population).items()}
    picked = sample_select(strata, seed=seed, per_stratum=rules.per_stratum)
    sample = DipSample.objects.create(
        week=week,
        first_day=first,
        last_day=last,
        seed=seed,
        per_stratum=rules.per_stratum,
        as_of=now,
        population={name: [list(key) for key in keys] for name, keys in strata.items()},
        drawn_by=user,
        drawn_at=timezone.now(),
    )
    by_key = {c.key: c for c in population}
    DipReview.objects.bulk_create(
        DipReview(
            sample=sample,
            agency_id=by_key[key].agency_id,
            station=by_key[key].station,
            position=position,
            source=key[0],
            message_id=key[1],
            occurred_at=by_key[key].occurred_at,
        )
        for keys in picked.values()
        for position, key in enumerate(keys, start=1)
    )
    audit_record(
        actor=user,
        action="quality.sample_draw",
        target=sample,
        details={
            "week": week,
            "seed": seed,
            "population": len(population),
            "drawn": sum(len(keys) for keys in picked.values()),
        },
    )
    return Drawn(sample, new=True)


def _reviewer(reviewer: User) -> User:
    try:
        quality_reviewer_check(actor_for(reviewer))
    except PermissionDenied:
        raise QualityError(
            f"reviewers: {reviewer.get_username()!r} does not work in the front door"
        ) from None
    return reviewer


@transaction.atomic
def reviews_assign(*, user: User, sample: DipSample, reviewers: Sequence[User]) -> list[DipReview]:
    """Give the sample's unassigned reviews to the reviewers in turn (round-robin), stratum by
    stratum, so each reviewer sees more than one station."""
    quality_lead_check(actor_for(user))
    if not reviewers:
        raise QualityError("reviewers: choose at least one reviewer")
    chosen = [_reviewer(r) for r in reviewers]
    waiting = list(
        DipReview.objects.select_for_update()
        .filter(sample=sample, reviewer__isnull=True, completed_at__isnull=True)
        .order_by("agency_id", "station", "position")
    )
    if not waiting:
        raise QualityError("reviewers: every review in this sample already has a reviewer")
    now = timezone.now()
    for review, reviewer in zip(waiting, itertools.cycle(chosen), strict=False):
        review.reviewer, review.assigned_at = reviewer, now
    DipReview.objects.bulk_update(waiting, ["reviewer", "assigned_at"])
    audit_record(
        actor=user,
        action="quality.reviews_assign",
        target=sample,
        details={"assigned": {str(r.pk): r.reviewer.get_username() for r in waiting if r.reviewer}},
    )
    return waiting


@transaction.atomic
def review_assign(*, user: User, review: DipReview, reviewer: User) -> DipReview:
    """Give one review to a chosen reviewer (or another one, before it is completed)."""
    quality_lead_check(actor_for(user))
    _reviewer(reviewer)
    locked = DipReview.objects.select_for_update().get(pk=review.pk)
    if locked.completed_at is not None:
        raise QualityError("reviewer: this review has been completed")
    locked.reviewer, locked.assigned_at = reviewer, timezone.now()
    locked.save(update_fields=["reviewer", "assigned_at"])
    audit_record(
        actor=user,
        action="quality.review_assign",
        target=locked,
        details={"reviewer": reviewer.get_username()},
    )
    return locked


@transaction.atomic
def review_complete(
    *,
    user: User,
    review: DipReview,
    answers: Mapping[str, str],
    notes: Mapping[str, str],
    result: str,
    result_notes: str,
) -> DipReview:
    """The reviewer's answers to the audit form, and the result. An answer other than yes
    needs a note saying what was missing."""
    dip_review_check(actor_for(user), review)
    locked = DipReview.objects.select_for_update().get(pk=review.pk)
    if locked.completed_at is not None:
        raise QualityError("result: this review has already been completed")
    for question in REVIEW_QUESTIONS:
        answer = answers.get(question.field, "")
        if answer not in Answer.values:
            raise QualityError(f"{question.field}: answer yes, partly or no, not {answer!r}")
        note = notes.get(question.field, "").strip()
        if answer != Answer.YES and not note:
            raise QualityError(
                f"{question.field}_notes: say why the answer is {Answer(answer).label.lower()}"
            )
        setattr(locked, question.field, answer)
        setattr(locked, f"{question.field}_notes", note)
    if result not in Result.values:
        raise QualityError(f"result: one of {', '.join(Result.values)}, not {result!r}")
    locked.result, locked.result_notes = result, result_notes.strip()
    locked.completed_at, locked.completed_by = timezone.now(), user
    locked.save()
    audit_record(
        actor=user,
        action="quality.review_complete",
        route=FRONT_DOOR,
        target=locked,
        details={
            "result": result,
            **{q.field: getattr(locked, q.field) for q in REVIEW_QUESTIONS},
        },
    )
    return locked


def quality_setting_set(
    *, key: str, value: Any, effective_from: date, reason: str, user: User | None
) -> QualitySetting:
    """A new value for a quality setting from a date; the old value stays on record."""
    return dated_setting_add(
        QualitySetting,
        action="quality.setting",
        key=key,
        value=setting_check(key, value),
        effective_from=effective_from,
        reason=reason,
        user=user,
    )


def _required(field: str, text: str, what: str) -> str:
    if not text.strip():
        raise QualityError(f"{field}: {what}")
    return text.strip()


@transaction.atomic
def audit_open(
    *,
    user: User,
    child: Participant,
    review: DipReview | None,
    agencies: Sequence[Agency],
    scope: str,
) -> CaseAudit:
    """Open a multi-agency audit of a child's case. The child is named by one of their parts in
    an event (`child`), kept as its message's key and subject ref, so the audit outlives a
    rebuild."""
    quality_lead_check(actor_for(user))
    if not agencies:
        raise QualityError("agencies: choose the agencies taking part")
    message = child.event.message
    audit = CaseAudit.objects.create(
        source=message.source or "",
        message_id=message.message_id or "",
        child_ref=child.ref,
        review=review,
        scope=_required("scope", scope, "say why this case, and what the audit looks at"),
        opened_by=user,
        opened_at=timezone.now(),
    )
    audit.agencies.set(agencies)
    audit_record(
        actor=user,
        action="quality.audit_open",
        route=FRONT_DOOR,
        target=audit,
        details={
            "child": [audit.source, audit.message_id, audit.child_ref],
            "review": review.pk if review else None,
            "agencies": sorted(a.code for a in agencies),
        },
    )
    return audit


@transaction.atomic
def finding_record(*, user: User, audit: CaseAudit, text: str) -> Finding:
    """What the audit found; what should change because of it are its actions."""
    quality_lead_check(actor_for(user))
    finding = Finding.objects.create(
        audit=audit,
        text=_required("text", text, "say what the audit found"),
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    audit_record(
        actor=user,
        action="quality.finding_record",
        route=FRONT_DOOR,
        target=finding,
        details={"audit": audit.pk},
    )
    return finding


def _told(finding: Finding, due_on: date) -> tuple[str, str]:
    subject = f"Case audit finding to acknowledge by {due_on:%-d %B %Y}"
    body = (
        f"A multi-agency case audit has a finding for you:\n\n{finding.text}\n\n"
        f"Read and acknowledge it in {settings.FRONTDOOR_SERVICE_NAME} by {due_on:%-d %B %Y}.\n\n"
        f"{settings.FRONTDOOR_PARTNERSHIP_NAME}"
    )
    return subject, body


@transaction.atomic
def finding_disseminate(
    *,
    user: User,
    finding: Finding,
    practitioners: Sequence[User],
    teams: Sequence[Agency],
    today: date | None = None,
) -> list[Dissemination]:
    """Send a finding to named practitioners and to teams (agencies), each to acknowledge it
    within the partnership's working days; named practitioners are emailed. A recipient who
    already has it is not sent it again."""
    quality_lead_check(actor_for(user))
    if not practitioners and not teams:
        raise QualityError("practitioners: choose the practitioners or teams to send it to")
    today = today or timezone.localdate()
    due_on = working_days_after(today, Timeline.load().on(today).acknowledge_days)
    had_users = set(finding.disseminations.values_list("user_id", flat=True))
    had_teams = set(finding.disseminations.values_list("agency_id", flat=True))
    now = timezone.now()
    made = [
        Dissemination(finding=finding, user=u, sent_by=user, sent_at=now, due_on=due_on)
        for u in practitioners
        if u.pk not in had_users
    ] + [
        Dissemination(finding=finding, agency=a, sent_by=user, sent_at=now, due_on=due_on)
        for a in teams
        if a.pk not in had_teams
    ]
    if not made:
        raise QualityError("practitioners: everyone chosen has already been sent this finding")
    Dissemination.objects.bulk_create(made)
    subject, body = _told(finding, due_on)
    addresses = [d.user.email for d in made if d.user is not None and d.user.email]
    if addresses:
        transaction.on_commit(partial(send_mail, subject, body, None, addresses))
    audit_record(
        actor=user,
        action="quality.finding_disseminate",
        route=FRONT_DOOR,
        target=finding,
        details={
            "practitioners": [d.user.get_username() for d in made if d.user is not None],
            "teams": [d.agency.code for d in made if d.agency is not None],
            "due_on": str(due_on),
        },
    )
    return made


@transaction.atomic
def finding_acknowledge(*, user: User, dissemination: Dissemination, note: str) -> Dissemination:
    """The named practitioner, or anyone in the team, acknowledges a finding sent to them."""
    actor = actor_for(user)
    locked = (
        Dissemination.objects.select_for_update()
        .filter(findings_filter(actor), pk=dissemination.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied("This finding was not sent to you or your team.")
    if locked.acknowledged_at is not None:
        raise QualityError("note: this finding has already been acknowledged")
    locked.acknowledged_at, locked.acknowledged_by = timezone.now(), user
    locked.note = note.strip()
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    audit_record(
        actor=user,
        action="quality.finding_acknowledge",
        target=locked,
        details={"finding": locked.finding_id},
    )
    return locked


def _action_owner(owner: User | None) -> User | None:
    if owner is not None and not StaffProfile.objects.filter(user=owner).exists():
        raise QualityError(f"owner: {owner.get_username()!r} does not work for a partner agency")
    return owner


def action_due_default(today: date) -> date:
    """An action's deadline unless one is given: the partnership's working days from today."""
    return working_days_after(today, Timeline.load().on(today).action_days)


def _assigned(action: AuditAction) -> tuple[str, str]:
    subject = f"Case audit action for you, due by {action.due_on:%-d %B %Y}"
    body = (
        f"A multi-agency case audit found:\n\n{action.finding.text}\n\n"
        f"and agreed an action that is yours:\n\n{action.description}\n\n"
        f"Mark it done in {settings.FRONTDOOR_SERVICE_NAME} by {action.due_on:%-d %B %Y}.\n\n"
        f"{settings.FRONTDOOR_PARTNERSHIP_NAME}"
    )
    return subject, body


@transaction.atomic
def action_add(
    *,
    user: User,
    finding: Finding,
    description: str,
    owner: User | None,
    team: Agency | None,
    due_on: date | None,
    today: date | None = None,
) -> AuditAction:
    """An action that should follow a finding, owned by a named practitioner, a team or both,
    due by a day (by default the partnership's working days from today); a named owner is
    emailed."""
    quality_lead_check(actor_for(user))
    description = _required("description", description, "say what is to be done")
    if owner is None and team is None:
        raise QualityError("owner: choose who owns the action, a named practitioner or a team")
    today = today or timezone.localdate()
    if due_on is None:
        due_on = action_due_default(today)
    elif due_on < today:
        raise QualityError(f"due_on: {due_on:%-d %B %Y} is in the past")
    action = AuditAction.objects.create(
        finding=finding,
        description=description,
        owner=_action_owner(owner),
        team=team,
        due_on=due_on,
        created_by=user,
        created_at=timezone.now(),
    )
    if owner is not None and owner.email:
        subject, body = _assigned(action)
        transaction.on_commit(partial(send_mail, subject, body, None, [owner.email]))
    audit_record(
        actor=user,
        action="quality.action_add",
        route=FRONT_DOOR,
        target=action,
        details={
            "finding": finding.pk,
            "owner": owner.get_username() if owner else None,
            "team": team.code if team else None,
            "due_on": str(due_on),
        },
    )
    return action


def _open_locked(
    action: AuditAction, *, user: User | None, seen_version: int | None
) -> AuditAction:
    """The action, locked and moved on from the version seen, if it is still open; a user must
    own it, be of its team or run quality assurance (the console may close any)."""
    rows = AuditAction.objects.select_for_update()
    if user is not None:
        rows = rows.filter(audit_actions_filter(actor_for(user)))
    locked = rows.filter(pk=action.pk).first()
    if locked is None:
        raise PermissionDenied("This action is not yours or your team's.")
    version_advance(locked, seen=seen_version)
    if locked.status != ActionStatus.OPEN:
        raise QualityError(f"note: this action is already {locked.get_status_display().lower()}")
    return locked


def _close(
    locked: AuditAction, *, user: User | None, status: ActionStatus, note: str
) -> AuditAction:
    locked.status, locked.closing_note = status, note
    locked.closed_at, locked.closed_by = timezone.now(), user
    locked.save(update_fields=["status", "closing_note", "closed_at", "closed_by"])
    audit_record(
        actor=user,
        action=f"quality.action_{'done' if status == ActionStatus.DONE else 'cancel'}",
        target=locked,
        details={"finding": locked.finding_id, "due_on": str(locked.due_on)},
    )
    return locked


@transaction.atomic
def action_complete(
    *, user: User | None, action: AuditAction, note: str, seen_version: int | None = None
) -> AuditAction:
    """The owner, anyone of the owning team, or a front-door manager marks an action done, saying
    what was done; with no user, the operator at the console."""
    locked = _open_locked(action, user=user, seen_version=seen_version)
    return _close(
        locked,
        user=user,
        status=ActionStatus.DONE,
        note=_required("note", note, "say what was done"),
    )


@transaction.atomic
def action_cancel(
    *, user: User | None, action: AuditAction, reason: str, seen_version: int | None = None
) -> AuditAction:
    """A front-door manager cancels an action that no longer applies, saying why; with no user,
    the operator at the console."""
    if user is not None:
        quality_lead_check(actor_for(user))
    locked = _open_locked(action, user=user, seen_version=seen_version)
    return _close(
        locked,
        user=user,
        status=ActionStatus.CANCELLED,
        note=_required("reason", reason, "say why the action is cancelled"),
    )


def _reminded(action: AuditAction) -> list[str]:
    """A named owner; an action of a team alone reminds the team's managers."""
    if action.owner is not None:
        return [action.owner.email] if action.owner.email else []
    managers = StaffProfile.objects.filter(
        agency=action.team, role=Role.MANAGER, user__is_active=True
    ).exclude(user__email="")
    return sorted(managers.values_list("user__email", flat=True))


def _action_reminder(action: AuditAction, today: date) -> Reminder:
    overdue = action.due_on < today
    subject = (
        f"Case audit action {'overdue' if overdue else 'due'}: audit {action.finding.audit_id}"
    )
    owner = action.team.name if action.owner is None and action.team else "you"
    body = (
        f"An action case audit {action.finding.audit_id} gave {owner} "
        f"{due_state(action.due_on, today)}:\n\n{action.description}\n\n"
        f"Mark it done in {settings.FRONTDOOR_SERVICE_NAME} when it is.\n\n"
        f"{settings.FRONTDOOR_PARTNERSHIP_NAME}"
    )
    return Reminder(subject, body, _reminded(action))


def action_reminders_send(*, today: date) -> list[AuditAction]:
    """Email the owner of each open action due within two days or overdue (a team's managers
    for a team's), once a day; what is sent is recorded, so a second run the same day sends
    nothing."""
    return reminders_send(
        AuditAction.objects.filter(status=ActionStatus.OPEN).select_related(
            "owner", "team", "finding"
        ),
        today=today,
        reminder=partial(_action_reminder, today=today),
        action="quality.remind",
    )
