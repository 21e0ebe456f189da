"""MARAC referrals from the inbox, repeat detection, agendas, returns, actions and reminders."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.audit.dated_settings import SettingError
from frontdoor.audit.models import AccessLog, AuditEvent
from frontdoor.intake.services import inbox_rebuild
from frontdoor.marac.models import Criterion, MaracReferral, MaracSetting, Meeting
from frontdoor.marac.selectors import actions_open, agenda_read
from frontdoor.marac.services import (
    AgendaChanged,
    MaracError,
    action_add,
    action_complete,
    action_reminders_send,
    marac_setting_set,
    meeting_hold,
    meeting_next_date,
    meeting_schedule,
    research_return_complete,
)

from .conftest import incident, refer, send, stranger


def test_a_referred_message_puts_the_case_on_the_list_with_its_criterion(agencies, idva) -> None:
    refer("2026-01-10T10:00:00", criterion="potential_escalation")
    refer("2026-02-10T10:00:00", criterion=None, subjects=stranger())
    first, second = MaracReferral.objects.order_by("referred_at")
    assert first.criterion == Criterion.POTENTIAL_ESCALATION
    assert first.reference.startswith("MR-")
    assert second.criterion == Criterion.NOT_RECORDED
    assert not first.repeat


@pytest.mark.parametrize(("days", "repeat"), [(365, True), (366, False)])
def test_a_referral_is_a_repeat_after_abuse_within_12_months_of_the_last(
    agencies, idva, days: int, repeat: bool
) -> None:
    first = timezone.datetime(2025, 1, 10, 10, 0)
    refer(first.isoformat())
    again = first + timedelta(days=days)
    incident(again.isoformat())
    refer((again + timedelta(days=2)).isoformat())
    latest = MaracReferral.objects.order_by("referred_at").last()
    assert latest is not None
    assert latest.repeat is repeat


def test_abuse_by_someone_else_does_not_make_a_repeat(agencies, idva) -> None:
    refer("2026-01-10T10:00:00")
    send(
        "incident",
        "2026-02-01T10:00:00",
        {"category": "domestic_abuse"},
        subjects=[
            {
                "ref": "v",
                "role": "victim",
                "source_person_id": "V1",
                "given_name": "Jade",
                "family_name": "Marsh",
                "date_of_birth": "1994-02-03",
            },
            {
                "ref": "o",
                "role": "alleged_perpetrator",
                "source_person_id": "O9",
                "given_name": "Oscar",
                "family_name": "Penn",
                "date_of_birth": "1985-01-01",
            },
        ],
    )
    refer("2026-03-01T10:00:00")
    assert not MaracReferral.objects.order_by("referred_at").last().repeat


def test_a_rebuild_derives_the_referrals_again(agencies, idva) -> None:
    refer("2025-01-10T10:00:00")
    incident("2025-06-01T10:00:00")
    refer("2025-06-03T10:00:00")
    before = list(MaracReferral.objects.values_list("reference", "repeat").order_by("pk"))
    inbox_rebuild()
    assert list(MaracReferral.objects.values_list("reference", "repeat").order_by("pk")) == before


def test_the_next_meeting_is_on_the_partnership_day(coordinator: User) -> None:
    monday = date(2026, 11, 30)
    assert meeting_next_date(monday) == date(2026, 12, 3)  # Thursday, weekly, by default
    change("meeting.weekday", "tue", date(2020, 1, 1))
    assert meeting_next_date(monday) == date(2026, 12, 1)
    Meeting.objects.create(date=date(2026, 12, 1), scheduled_by=coordinator)
    assert meeting_next_date(monday) == date(2026, 12, 8)
    change("meeting.every_weeks", 2, date(2020, 1, 1))
    assert meeting_next_date(monday) == date(2026, 12, 15)


def test_a_meeting_day_is_one_by_the_settings_in_force_on_it(coordinator: User) -> None:
    """Weekly on Thursdays until the new year, then fortnightly on Tuesdays."""
    change("meeting.weekday", "tue", date(2027, 1, 1))
    change("meeting.every_weeks", 2, date(2027, 1, 1))
    assert meeting_next_date(date(2026, 12, 28)) == date(2026, 12, 31)
    Meeting.objects.create(date=date(2026, 12, 31), scheduled_by=coordinator)
    assert meeting_next_date(date(2027, 1, 1)) == date(2027, 1, 19)
    assert AuditEvent.objects.filter(action="marac.setting").count() == 2


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("meeting.weekday", "thursday", r"^value: meeting.weekday takes a day from .*'thursday'"),
        ("meeting.every_weeks", 0, r"^value: meeting.every_weeks takes a whole number .* 0$"),
        ("meeting.month", 1, r"^key: no MARAC setting 'meeting.month'; known: meeting.weekday"),
    ],
)
def test_a_meeting_day_setting_is_refused_naming_the_key_and_value(
    db: None, key: str, value: object, error: str
) -> None:
    with pytest.raises(SettingError, match=error):
        change(key, value, date(2027, 1, 1))
    assert not MaracSetting.objects.exists()


def test_the_meeting_day_is_set_and_listed_at_the_console(db: None) -> None:
    out = StringIO()
    call_command(
        "marac", "setting", "meeting.weekday", "mon", "--from", "2020-01-06",
        "--reason", "Steering group, December 2019", stdout=out,
    )  # fmt: skip
    assert out.getvalue() == 'meeting.weekday = "mon" from 2020-01-06\n'
    out = StringIO()
    call_command("marac", "settings", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("in force today: meetings on mon, every 1 week(s); the next from")
    assert lines[1] == (
        '2020-01-06\tmeeting.weekday = "mon"\tconsole: Steering group, December 2019'
    )
    with pytest.raises(CommandError, match=r"^value: meeting.weekday takes a day .*'monday'"):
        call_command(
            "marac", "setting", "meeting.weekday", "monday", "--from", "2020-01-06",
            "--reason", "Typo",
        )  # fmt: skip


def change(key: str, value: object, effective_from: date) -> None:
    marac_setting_set(
        key=key, value=value, effective_from=effective_from, reason="Steering group", user=None
    )


def test_only_a_coordinator_schedules_and_not_in_the_past(coordinator, police_user) -> None:
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        meeting_schedule(user=police_user, day=today)
    with pytest.raises(MaracError, match=r"^date: .* is in the past"):
        meeting_schedule(user=coordinator, day=today - timedelta(days=1))
    meeting = meeting_schedule(user=coordinator, day=today)
    assert AuditEvent.objects.filter(action="marac.meeting_schedule", object_id=str(meeting.pk))
    with pytest.raises(MaracError, match=r"^date: there is already"):
        meeting_schedule(user=coordinator, day=today)


@pytest.fixture
def meeting(agencies, idva, coordinator) -> Meeting:
    refer("2026-01-10T10:00:00")
    send(
        "marac",
        "2026-01-05T10:00:00",
        {"event": "heard", "meeting_date": "2026-01-08"},
        subjects=stranger(),
    )
    return meeting_schedule(user=coordinator, day=timezone.localdate())


def test_the_agenda_is_the_cases_not_yet_heard(meeting, coordinator, police_user) -> None:
    send("marac", "2026-01-20T10:00:00", {"event": "heard", "meeting_date": "2026-01-20"})
    refer("2026-02-01T10:00:00")
    agenda = agenda_read(user=coordinator, meeting_id=meeting.pk)
    assert [c.referral.referred_at.month for c in agenda.cases] == [2]
    case = agenda.cases[0]
    assert [v.given_name for v in case.victims] == ["Jade"]
    assert [p.given_name for p in case.perpetrators] == ["Liam"]
    assert [(c.person.given_name, c.age) for c in case.children] == [("Ava", 6)]
    assert {a.code for a in case.asked} >= {"police", "csc", "idva", "probation"}
    assert "school-105899" not in {a.code for a in case.asked}
    assert AccessLog.objects.filter(user=coordinator, route="marac_coordinator").count() == 3


def test_an_agency_sees_the_cases_it_is_asked_about_and_others_are_refused(
    meeting, agencies, police_user, school_user
) -> None:
    assert len(agenda_read(user=police_user, meeting_id=meeting.pk).cases) == 1
    with pytest.raises(PermissionDenied):
        agenda_read(user=school_user, meeting_id=meeting.pk)


def test_the_childs_needs_are_listed(meeting, coordinator) -> None:
    send("plan", "2026-01-12T10:00:00", {"type": "child_protection", "status": "started"})
    case = agenda_read(user=coordinator, meeting_id=meeting.pk).cases[0]
    assert case.children[0].needs == ["Child protection plan"]


def test_returns_show_who_has_and_has_not_returned(
    meeting, coordinator, police_user, school_user
) -> None:
    case = agenda_read(user=coordinator, meeting_id=meeting.pk).cases[0]
    asked = [a.pk for a in case.asked]
    with pytest.raises(MaracError, match=r"^victim: say what"):
        research_return_complete(
            user=police_user,
            meeting=meeting,
            referral=case.referral,
            asked=asked,
            holds=True,
            victim=" ",
            perpetrator="",
            children="",
        )
    research_return_complete(
        user=police_user,
        meeting=meeting,
        referral=case.referral,
        asked=asked,
        holds=True,
        victim="Three call-outs",
        perpetrator="",
        children="",
    )
    with pytest.raises(MaracError, match=r"^holds: Borough Police has already returned"):
        research_return_complete(
            user=police_user,
            meeting=meeting,
            referral=case.referral,
            asked=asked,
            holds=False,
            victim="",
            perpetrator="",
            children="",
        )
    with pytest.raises(PermissionDenied):
        research_return_complete(
            user=school_user,
            meeting=meeting,
            referral=case.referral,
            asked=asked,
            holds=False,
            victim="",
            perpetrator="",
            children="",
        )
    case = agenda_read(user=coordinator, meeting_id=meeting.pk).cases[0]
    assert [a.code for a in case.returned] == ["police"]
    assert "police" not in {a.code for a in case.not_returned}
    assert "csc" in {a.code for a in case.not_returned}


def test_holding_the_meeting_fixes_its_cases(meeting, coordinator, police_user) -> None:
    reference = MaracReferral.objects.get().reference
    meeting_hold(user=coordinator, meeting=meeting, references=[reference])
    refer("2026-02-01T10:00:00")
    assert [
        c.referral.reference for c in agenda_read(user=coordinator, meeting_id=meeting.pk).cases
    ] == [reference]
    with pytest.raises(MaracError, match=r"^meeting: this meeting has already been held"):
        meeting_hold(user=coordinator, meeting=meeting, references=[reference])


def test_holding_records_exactly_the_cases_the_coordinator_saw(meeting, coordinator) -> None:
    seen = [MaracReferral.objects.get().reference]
    refer("2026-02-01T10:00:00", subjects=stranger())
    added = MaracReferral.objects.order_by("pk").last()
    assert added is not None
    with pytest.raises(AgendaChanged, match=rf"^cases: .*\(added since: {added.reference}\)"):
        meeting_hold(user=coordinator, meeting=meeting, references=seen)
    meeting.refresh_from_db()
    assert meeting.held_at is None
    assert not meeting.hearings.exists()
    meeting_hold(user=coordinator, meeting=meeting, references=[*seen, added.reference])
    assert sorted(meeting.hearings.values_list("referral_id", flat=True)) == sorted(
        [*seen, added.reference]
    )


def test_a_case_heard_elsewhere_since_the_coordinator_looked_is_not_recorded(
    meeting, coordinator
) -> None:
    seen = [MaracReferral.objects.get().reference]
    send("marac", "2026-01-20T10:00:00", {"event": "heard", "meeting_date": "2026-01-20"})
    with pytest.raises(AgendaChanged, match=rf"no longer on it: {seen[0]}\)") as changed:
        meeting_hold(user=coordinator, meeting=meeting, references=seen)
    assert (changed.value.added, changed.value.gone) == ([], seen)
    with pytest.raises(MaracError, match=r"^meeting: there are no cases on the agenda"):
        meeting_hold(user=coordinator, meeting=meeting, references=[])


def test_actions_are_tracked_and_overdue_ones_listed(
    meeting, coordinator, police_user, agencies: dict[str, Agency]
) -> None:
    referral = MaracReferral.objects.get()
    with pytest.raises(MaracError, match=r"^due_on: "):
        action_add(
            user=coordinator,
            meeting=meeting,
            referral=referral,
            description="Visit",
            owner=police_user,
            due_on=meeting.date - timedelta(days=1),
        )
    action = action_add(
        user=coordinator,
        meeting=meeting,
        referral=referral,
        description="Flag the address",
        owner=police_user,
        due_on=meeting.date,
    )
    assert action.owner_agency == agencies["police"]
    assert actions_open(user=police_user, overdue_only=True) == []
    type(action).objects.filter(pk=action.pk).update(due_on=meeting.date - timedelta(days=3))
    assert actions_open(user=coordinator, overdue_only=True) == [action]
    assert actions_open(user=police_user) == [action]
    action_complete(user=police_user, action=action, note="Address flagged")
    assert actions_open(user=coordinator) == []
    routes = dict(AuditEvent.objects.values_list("action", "route"))
    assert (routes["marac.action_add"], routes["marac.action_complete"]) == (
        "marac_coordinator",
        "marac_agency",
    )
    with pytest.raises(MaracError, match=r"^note: this action has already been completed"):
        action_complete(user=police_user, action=action, note="Again")


def test_reminders_are_emailed_once_a_day(
    meeting, coordinator, police_user, django_capture_on_commit_callbacks
) -> None:
    referral = MaracReferral.objects.get()
    today = timezone.localdate()
    due_soon = action_add(
        user=coordinator,
        meeting=meeting,
        referral=referral,
        description="Safety plan",
        owner=police_user,
        due_on=today + timedelta(days=2),
    )
    action_add(
        user=coordinator,
        meeting=meeting,
        referral=referral,
        description="Later",
        owner=police_user,
        due_on=today + timedelta(days=10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert action_reminders_send(today=today) == [due_soon]
    assert [m.to for m in mail.outbox] == [[police_user.email]]
    assert "Safety plan" in mail.outbox[0].body
    assert action_reminders_send(today=today) == []


def test_the_remind_command_prints_what_it_sent(meeting, coordinator, police_user, capsys) -> None:
    referral = MaracReferral.objects.get()
    action_add(
        user=coordinator,
        meeting=meeting,
        referral=referral,
        description="Call the victim",
        owner=police_user,
        due_on=meeting.date,
    )
    call_command("marac", "remind")
    assert "Call the victim" in capsys.readouterr().out
