"""Decision deadlines: one working day of the front door's clock, across weekends, bank holidays
and the time of day, and the partnership's settings with the dates they are in force from."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from frontdoor.audit.models import AuditEvent
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from frontdoor.triage.configuration import SettingError
from frontdoor.triage.deadlines import WorkingHours, time_left, working_deadline
from frontdoor.triage.models import Referral, Risk
from frontdoor.triage.services import triage_setting_set
from frontdoor.workdays import is_working_day
from tests.factories import message, raw, subject

LONDON = ZoneInfo("Europe/London")
NINE_TO_FIVE = WorkingHours(time(9), time(17))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        pytest.param("2026-11-30T12:00", "2026-12-01T12:00", id="Monday noon: Tuesday noon"),
        pytest.param("2026-12-04T16:00", "2026-12-07T16:00", id="Friday afternoon: Monday"),
        pytest.param("2026-12-05T10:00", "2026-12-07T17:00", id="Saturday: end of Monday"),
        pytest.param("2026-12-06T23:59", "2026-12-07T17:00", id="Sunday night: end of Monday"),
        pytest.param("2026-11-30T17:30", "2026-12-01T17:00", id="after hours: end of next day"),
        pytest.param("2026-11-30T17:00", "2026-12-01T17:00", id="at the close: end of next day"),
        pytest.param("2026-11-30T07:00", "2026-11-30T17:00", id="before hours: end of that day"),
        pytest.param("2026-11-30T09:00", "2026-11-30T17:00", id="at the start: end of that day"),
        pytest.param("2026-12-24T15:00", "2026-12-29T15:00", id="Christmas Eve 2026"),
        pytest.param("2026-12-25T10:00", "2026-12-29T17:00", id="Christmas Day: substitute"),
        pytest.param("2027-12-24T10:00", "2027-12-29T10:00", id="Christmas 2027: two substitutes"),
        pytest.param("2026-04-02T14:00", "2026-04-07T14:00", id="Easter: Friday to Monday off"),
        pytest.param("2026-05-22T11:00", "2026-05-26T11:00", id="spring bank holiday"),
        pytest.param("2026-10-23T12:00", "2026-10-26T12:00", id="clocks go back at the weekend"),
    ],
)
def test_one_working_day(received: str, due: str) -> None:
    deadline = working_deadline(at(received), working_days=1, hours=NINE_TO_FIVE, zone=LONDON)
    assert deadline == at(due)
    assert deadline.astimezone(LONDON).isoformat()[:16] == due


def test_the_clock_counts_from_utc_as_local_time() -> None:
    """Stored times are UTC; the working day is London's (here British Summer Time)."""
    received = datetime(2026, 7, 1, 16, 30, tzinfo=ZoneInfo("UTC"))  # 17:30 in London
    deadline = working_deadline(received, working_days=1, hours=NINE_TO_FIVE, zone=LONDON)
    assert deadline == at("2026-07-02T17:00")


def test_more_working_days_and_other_hours() -> None:
    hours = WorkingHours(time(8), time(18))
    assert working_deadline(at("2026-12-23T12:00"), working_days=2, hours=hours, zone=LONDON) == at(
        "2026-12-29T12:00"
    )


def test_bank_holidays_of_england_and_wales() -> None:
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day (substitute day)
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not is_working_day(date(2026, 8, 31))  # not Scotland's August holiday
    assert is_working_day(date(2026, 8, 3))  # Scotland's summer bank holiday, not England's
    assert is_working_day(date(2026, 1, 2))  # Scotland's 2 January, not England's


def test_bad_hours_and_days_are_named() -> None:
    with pytest.raises(
        ValueError, match=re.escape("working_day.ends: 09:00 must be after the start, 17:00")
    ):
        WorkingHours(time(17), time(9))
    with pytest.raises(ValueError, match="working_days: must be at least 1, got 0"):
        working_deadline(at("2026-11-30T12:00"), working_days=0, hours=NINE_TO_FIVE, zone=LONDON)


@pytest.mark.parametrize(
    ("now", "text"),
    [
        ("2026-11-30T12:00", "1 day left"),
        ("2026-12-01T09:15", "2 hours 45 minutes left"),
        ("2026-12-01T11:59:30", "less than a minute left"),
        ("2026-12-01T13:01", "overdue by 1 hour 1 minute"),
        ("2026-12-03T15:00", "overdue by 2 days 3 hours"),
    ],
)
def test_time_left(now: str, text: str) -> None:
    assert time_left(at("2026-12-01T12:00"), at(now)) == text


def referral_at(received_by, when: str, **facts) -> Referral:
    payload = message(
        source="school-105899",
        kind="referral",
        occurred_at=when,
        subjects=[subject("c", "child", date_of_birth="2019-09-09")],
        facts=facts,
    )
    messages_receive([raw(payload)], channel=Channel.FORM, received_by=received_by)
    return Referral.objects.get(message__message_id=payload["message_id"])


def test_a_referral_is_due_a_working_day_after_it_arrives(school_user, clock) -> None:
    clock.move_to(at("2026-12-24T15:00"))
    referral = referral_at(school_user, "2026-12-24T14:50")
    assert referral.due_at == at("2026-12-29T15:00")
    assert referral.child_born == date(2019, 9, 9)


def test_a_setting_applies_from_its_date_and_is_audited(
    school_user, front_door_user, clock
) -> None:
    clock.move_to(at("2026-11-30T12:00"))
    before = referral_at(school_user, "2026-11-30T11:00")
    clock.move_to(at("2026-12-02T12:00"))
    since = referral_at(school_user, "2026-12-02T11:00")
    triage_setting_set(
        key="decision.working_days",
        value=2,
        effective_from=date(2026, 12, 1),
        reason="Partnership board, 27 November",
        user=front_door_user,
    )
    before.refresh_from_db()
    since.refresh_from_db()
    assert before.due_at == at("2026-12-01T12:00")
    assert since.due_at == at("2026-12-04T12:00")
    later = referral_at(school_user, "2026-12-02T11:30")
    assert later.due_at == since.due_at
    audit = AuditEvent.objects.get(action="triage.setting")
    assert audit.details["value"] == 2
    assert audit.details["referrals_retimed"] == 1


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("decision.days", 1, "key: no front-door setting 'decision.days'"),
        ("decision.working_days", 0, "value: decision.working_days takes a whole number"),
        ("decision.working_days", "2", "takes a whole number of at least 1, not '2'"),
        ("working_day.starts", "9am", "value: working_day.starts takes a time as HH:MM, not '9am'"),
        ("working_day.starts", "18:00", "the working day would end (17:00) before it starts"),
        ("sign_off.outcomes", ["maybe"], "takes a list of decisions from"),
    ],
)
def test_a_bad_setting_names_the_key_and_value(
    front_door_user, key: str, value: object, error: str
) -> None:
    with pytest.raises(SettingError, match=re.escape(error)):
        triage_setting_set(
            key=key, value=value, effective_from=date(2026, 12, 1), reason="r", user=front_door_user
        )
    assert not AuditEvent.objects.filter(action="triage.setting").exists()


def test_risk_is_what_was_known_about_the_household(school_user, clock) -> None:
    clock.move_to(at("2026-11-30T12:00"))
    mum = subject(
        "v",
        "victim",
        given_name="Katherine",
        family_name="Whitfield",
        date_of_birth="1991-05-06",
        source_person_id="V1",
    )
    messages_receive(
        [
            raw(
                message(
                    subjects=[mum], facts={"officer_risk": "medium"}, occurred_at="2026-11-20T21:00"
                )
            )
        ],
        channel=Channel.FILE,
    )
    payload = message(
        source="school-105899",
        kind="referral",
        occurred_at="2026-11-30T11:00",
        subjects=[
            subject("c", "child", date_of_birth="2019-09-09"),
            subject("b", "child", date_of_birth="2023-01-02"),
            {**mum, "source_person_id": None},
        ],
    )
    messages_receive([raw(payload)], channel=Channel.FORM, received_by=school_user)
    referral = Referral.objects.get()
    assert referral.risk == Risk.MEDIUM
    assert referral.child_born == date(2023, 1, 2)
    urgent = referral_at(school_user, "2026-11-30T11:10", urgent=True)
    assert urgent.risk == Risk.HIGH


def test_the_partnership_changes_a_setting_at_the_console(db: None, capsys) -> None:
    call_command(
        "referrals",
        "setting",
        "sign_off.outcomes",
        '["no_further_action"]',
        "--from",
        "2026-12-01",
        "--reason",
        "Board decision",
    )
    call_command("referrals", "settings")
    out = capsys.readouterr().out
    assert 'sign_off.outcomes = ["no_further_action"]' in out
    assert "console: Board decision" in out
    assert AuditEvent.objects.get(action="triage.setting").details["operator"]
    with pytest.raises(CommandError, match=re.escape("takes a time as HH:MM, not 'noon'")):
        call_command(
            "referrals",
            "setting",
            "working_day.ends",
            "noon",
            "--from",
            "2026-12-01",
            "--reason",
            "r",
        )
