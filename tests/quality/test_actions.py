"""Case-audit actions: owned by a named practitioner, a team or both, due by a day, done or
cancelled, reminded of, shown to their owners and measured."""

import json
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from frontdoor.access.models import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.concurrency import EditConflict
from frontdoor.quality.models import ActionStatus, AuditAction, CaseAudit, Finding
from frontdoor.quality.selectors import (
    ActionsDue,
    action_measures,
    actions_due_mine,
    audit_child_from_review,
)
from frontdoor.quality.services import (
    QualityError,
    action_add,
    action_cancel,
    action_complete,
    action_due_default,
    action_reminders_send,
    audit_open,
    finding_record,
    sample_draw,
)
from tests.factories import StaffFactory

from .conftest import Family

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def finding(agencies: dict, families: list[Family], lead: User) -> Finding:
    families[0].incident("2026-03-04T20:00:00", station="Northgate")
    review = sample_draw(week="2026-W10", seed=1, user=lead).sample.reviews.get()
    child, _ = audit_child_from_review(user=lead, review_id=review.pk, ref="c")
    audit: CaseAudit = audit_open(
        user=lead,
        child=child,
        review=review,
        agencies=[agencies["police"], agencies["school"]],
        scope="Was the school told?",
    )
    return finding_record(user=lead, audit=audit, text="The school was not told.")


@pytest.fixture
def officer(agencies: dict) -> User:
    return StaffFactory(user__username="pc.gray", agency=agencies["police"]).user


def add(finding: Finding, lead: User, **given: object) -> AuditAction:
    arguments: dict = {"description": "Tell the school", "owner": None, "team": None}
    arguments |= {"due_on": None} | given
    return action_add(user=lead, finding=finding, **arguments)


def test_an_action_is_due_by_default_twenty_working_days_on_and_its_owner_is_emailed(
    finding: Finding, lead: User, officer: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        action = add(finding, lead, owner=officer, today=date(2026, 12, 1))
    # 20 working days, past Christmas Day and Boxing Day's substitute, Monday 28 December.
    assert action.due_on == date(2026, 12, 31)
    assert (action.status, action.version) == (ActionStatus.OPEN, 1)
    assert [m.to for m in mail.outbox] == [["pc.gray@example.org"]]
    assert "Tell the school" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="quality.action_add")
    assert event.details["owner"] == "pc.gray"
    assert event.details["due_on"] == "2026-12-31"
    assert event.route == "front_door"


def test_an_action_needs_a_description_an_owner_and_a_day_not_past_from_a_manager(
    finding: Finding, lead: User, officer: User, front_door_user: User, agencies: dict
) -> None:
    with pytest.raises(QualityError, match="description: say what"):
        add(finding, lead, description=" ", owner=officer)
    with pytest.raises(QualityError, match="owner: choose who owns"):
        add(finding, lead)
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(QualityError, match=f"due_on: {yesterday:%-d %B %Y} is in the past"):
        add(finding, lead, owner=officer, due_on=yesterday)
    outsider = User.objects.create_user("no.agency")
    with pytest.raises(QualityError, match=r"owner: 'no\.agency' does not work for a partner"):
        add(finding, lead, owner=outsider)
    with pytest.raises(PermissionDenied):
        action_add(
            user=front_door_user,
            finding=finding,
            description="x",
            owner=officer,
            team=None,
            due_on=None,
        )
    assert not AuditAction.objects.exists()


def test_the_owner_their_team_or_a_manager_marks_it_done_and_no_one_else(
    finding: Finding, lead: User, officer: User, school_user: User, agencies: dict
) -> None:
    colleague = StaffFactory(user__username="pc.lane", agency=agencies["police"]).user
    named = add(finding, lead, owner=officer)
    teams = add(finding, lead, team=agencies["school"])
    with pytest.raises(PermissionDenied):
        action_complete(user=colleague, action=named, note="Done")  # only the named owner
    with pytest.raises(PermissionDenied):
        action_complete(user=officer, action=teams, note="Done")  # not his team
    with pytest.raises(QualityError, match="note: say what was done"):
        action_complete(user=officer, action=named, note=" ")
    done = action_complete(user=school_user, action=teams, note="The DSL rang the officer")
    assert (done.status, done.closed_by, done.closing_note) == (
        ActionStatus.DONE,
        school_user,
        "The DSL rang the officer",
    )
    assert done.closed_at is not None
    with pytest.raises(QualityError, match="note: this action is already done"):
        action_complete(user=lead, action=teams, note="Again")
    action_complete(user=lead, action=named, note="Checked with him")
    assert AuditEvent.objects.filter(action="quality.action_done").count() == 2


def test_a_manager_cancels_an_action_with_a_reason_and_it_stays_cancelled(
    finding: Finding, lead: User, officer: User
) -> None:
    action = add(finding, lead, owner=officer)
    with pytest.raises(PermissionDenied):
        action_cancel(user=officer, action=action, reason="Not mine")
    with pytest.raises(QualityError, match="reason: say why"):
        action_cancel(user=lead, action=action, reason="")
    gone = action_cancel(user=lead, action=action, reason="Replaced by the training action")
    assert (gone.status, gone.closing_note) == (
        ActionStatus.CANCELLED,
        "Replaced by the training action",
    )
    with pytest.raises(QualityError, match="already cancelled"):
        action_complete(user=officer, action=action, note="Done anyway")
    event = AuditEvent.objects.get(action="quality.action_cancel")
    assert event.actor == lead


def test_a_change_from_a_page_older_than_the_action_is_refused(
    finding: Finding, lead: User, officer: User
) -> None:
    action = add(finding, lead, owner=officer)
    with pytest.raises(EditConflict):
        action_complete(user=officer, action=action, note="Done", seen_version=2)
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    action_complete(user=officer, action=action, note="Done", seen_version=1)
    action.refresh_from_db()
    assert action.version == 2


def test_reminders_go_to_the_owner_or_the_teams_managers_once_a_day(
    finding: Finding,
    lead: User,
    officer: User,
    agencies: dict,
    django_capture_on_commit_callbacks,
) -> None:
    head = StaffFactory(
        user__username="head.teacher", agency=agencies["school"], role=Role.MANAGER
    ).user
    StaffFactory(user__username="school.teacher", agency=agencies["school"])
    today = timezone.localdate()
    soon = add(finding, lead, owner=officer, due_on=today + timedelta(days=2))
    teams = add(finding, lead, team=agencies["school"], due_on=today + timedelta(days=1))
    add(finding, lead, owner=officer, due_on=today + timedelta(days=3))
    done = add(finding, lead, owner=officer, due_on=today)
    action_complete(user=officer, action=done, note="Done")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert action_reminders_send(today=today) == [teams, soon]
    assert sorted(m.to[0] for m in mail.outbox) == [head.email, officer.email]
    assert AuditEvent.objects.get(action="quality.remind").details["actions"] == [
        teams.pk,
        soon.pk,
    ]
    assert action_reminders_send(today=today) == []
    later = today + timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        reminded = action_reminders_send(today=later)
    assert len(reminded) == 3
    overdue = next(m for m in mail.outbox[2:] if m.to == [officer.email])
    assert "is overdue" in overdue.body


def test_the_owners_home_page_and_list_show_what_is_overdue_and_due_soon(
    client: Client, finding: Finding, lead: User, officer: User, agencies: dict
) -> None:
    today = timezone.localdate()
    late = add(finding, lead, owner=officer, today=today - timedelta(days=40))
    add(finding, lead, team=agencies["police"], due_on=today + timedelta(days=1))
    add(finding, lead, owner=officer, due_on=today + timedelta(days=10))
    add(finding, lead, team=agencies["school"], due_on=today)
    assert late.due_on < today
    assert actions_due_mine(user=officer, today=today) == ActionsDue(overdue=1, due_soon=1)
    client.force_login(officer)
    home = client.get("/").content.decode()
    assert "1 overdue" in home
    assert "1 due soon" in home
    page = client.get("/quality/actions/").content.decode()
    assert page.count('href="/quality/actions/') == 3  # the school's is not his
    assert "Overdue" in page
    assert "Due soon" in page


def test_the_pages_add_an_action_mark_it_done_and_refuse_an_old_page(
    client: Client, finding: Finding, lead: User, officer: User, school_user: User
) -> None:
    client.force_login(lead)
    url = f"/quality/audits/findings/{finding.pk}/actions/new/"
    page = client.get(url).content.decode()
    default = action_due_default(timezone.localdate())
    assert f'name="due_on_day" id="id_due_on_0" value="{default.day}"' in page
    page = client.post(url, {"description": "Tell the school"}).content.decode()
    assert "Select a named owner or an owning team" in page
    assert "Enter the date the action is due by" in page
    day = timezone.localdate() + timedelta(days=7)
    client.post(
        url,
        {
            "description": "Tell the school",
            "owner": officer.pk,
            "due_on_day": day.day,
            "due_on_month": day.month,
            "due_on_year": day.year,
        },
    )
    action = AuditAction.objects.get()
    assert (action.owner, action.team, action.due_on) == (officer, None, day)
    assert "Tell the school" in client.get(f"/quality/audits/{finding.audit_id}/").content.decode()

    client.force_login(officer)
    page = client.get(f"/quality/actions/{action.pk}/").content.decode()
    assert "Cancel the action" not in page
    AuditAction.objects.filter(pk=action.pk).update(version=2)  # someone else changed it
    stale = {"done-version": 1, "done-note": "Rang the school"}
    page = client.post(f"/quality/actions/{action.pk}/", stale).content.decode()
    assert "Someone else changed this" in page
    assert "Rang the school" in page
    page = client.post(
        f"/quality/actions/{action.pk}/", {**stale, "done-version": 2}, follow=True
    ).content.decode()
    assert "Action marked done" in page
    assert AuditAction.objects.get().status == ActionStatus.DONE
    client.force_login(school_user)
    assert client.get(f"/quality/actions/{action.pk}/").status_code == 404


def test_a_manager_cancels_from_the_page(
    client: Client, finding: Finding, lead: User, officer: User
) -> None:
    action = add(finding, lead, owner=officer)
    client.force_login(lead)
    page = client.post(f"/quality/actions/{action.pk}/", {"cancel-version": 1}).content.decode()
    assert "Enter why the action is cancelled" in page
    client.post(
        f"/quality/actions/{action.pk}/", {"cancel-version": 1, "cancel-reason": "Duplicate"}
    )
    assert AuditAction.objects.get().status == ActionStatus.CANCELLED


def _closed(action: AuditAction, on: date) -> None:
    moment = datetime(on.year, on.month, on.day, 23, 30, tzinfo=LONDON)
    AuditAction.objects.filter(pk=action.pk).update(closed_at=moment)


def test_actions_completed_on_time_are_measured_by_team(
    finding: Finding, lead: User, officer: User, agencies: dict
) -> None:
    today = timezone.localdate()
    due = today + timedelta(days=5)
    on_time = add(finding, lead, owner=officer, due_on=due)
    late = add(finding, lead, owner=officer, due_on=due)
    overdue = add(finding, lead, team=agencies["school"], due_on=due)
    add(finding, lead, team=agencies["school"], due_on=due + timedelta(days=30))  # not yet due
    cancelled = add(finding, lead, owner=officer, team=agencies["school"], due_on=due)
    for action in (on_time, late):
        action_complete(user=officer, action=action, note="Done")
    _closed(on_time, due)  # on the due day, late in the evening: on time
    _closed(late, due + timedelta(days=1))
    action_cancel(user=lead, action=cancelled, reason="Duplicate")
    assert overdue.status == ActionStatus.OPEN
    every, police, school = action_measures(today=due + timedelta(days=1))
    assert (every.agreed, every.done, every.on_time, every.late) == (4, 2, 1, 1)
    assert (every.overdue, every.cancelled, every.come_due) == (1, 1, 3)
    assert every.share_on_time == pytest.approx(1 / 3)
    assert (police.team, police.on_time, police.share_on_time) == ("Borough Police", 1, 0.5)
    assert (school.team, school.overdue, school.cancelled, school.share_on_time) == (
        "Hope Primary",
        1,
        1,
        0.0,
    )
    [before] = action_measures(today=today)[:1]
    assert before.overdue == 0


def test_the_command_lists_closes_reminds_and_measures_actions(
    finding: Finding, lead: User, officer: User, agencies: dict
) -> None:
    today = timezone.localdate()
    late = add(finding, lead, owner=officer, today=today - timedelta(days=40))
    later = add(finding, lead, team=agencies["school"], due_on=today + timedelta(days=9))
    out = StringIO()
    call_command("dipsample", "actions", "--overdue", "--json", stdout=out)
    assert [row["id"] for row in json.loads(out.getvalue())] == [late.pk]
    out = StringIO()
    call_command("dipsample", "actions", stdout=out)
    assert len(out.getvalue().splitlines()) == 3
    out = StringIO()
    call_command("dipsample", "remind", stdout=out)
    assert out.getvalue().splitlines() == [f"{late.due_on}\tpc.gray\t\tTell the school"]
    call_command("dipsample", "action-done", str(late.pk), "--note", "Done at last", stdout=out)
    late.refresh_from_db()
    assert (late.status, late.closed_by) == (ActionStatus.DONE, None)
    assert "operator" in AuditEvent.objects.get(action="quality.action_done").details
    call_command("dipsample", "action-cancel", str(later.pk), "--reason", "Moot", stdout=out)
    with pytest.raises(CommandError, match="id: no case audit action 999999"):
        call_command("dipsample", "action-done", "999999", "--note", "x")
    with pytest.raises(CommandError, match="note: this action is already done"):
        call_command("dipsample", "action-done", str(late.pk), "--note", "x")
    out = StringIO()
    call_command("dipsample", "dissemination", "--json", stdout=out)
    every = json.loads(out.getvalue())["actions"][0]
    assert (every["team"], every["done"], every["cancelled"], every["come_due"]) == (
        "All teams",
        1,
        1,
        1,
    )
    assert every["share_on_time"] == 0.0
    out = StringIO()
    call_command("dipsample", "dissemination", stdout=out)
    assert "completed on time" in out.getvalue()
    assert "All teams\t1\t1\t0\t1\t0\t1\t0%" in out.getvalue()


def test_the_dissemination_page_defines_and_shows_actions_on_time(
    client: Client, finding: Finding, lead: User, officer: User
) -> None:
    today = timezone.localdate()
    add(finding, lead, owner=officer, today=today - timedelta(days=40))
    client.force_login(lead)
    page = client.get("/quality/dissemination/").content.decode()
    assert "Case audit actions completed on time" in page
    assert "as a share of the actions that have come due" in page
    assert "0% (0 of 1)" in page
    assert "Tell the school" in page  # in the overdue list
