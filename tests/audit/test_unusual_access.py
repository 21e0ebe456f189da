"""The data protection lead's report of unusual access: volume against each user's usual day,
reads out of the partnership's hours, and break-glass reads; on a page and as a command."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from frontdoor.audit.models import AuditEvent
from frontdoor.audit.selectors import unusual_access
from frontdoor.audit.services import SettingError, audit_setting_set

from .conftest import MONDAY_MORNING as MONDAY
from .conftest import read_at


def setting(key: str, value: object, day: date = date(2026, 1, 1)) -> None:
    audit_setting_set(key=key, value=value, effective_from=day, reason="Agreed", user=None)


def test_a_user_is_reported_only_above_their_threshold(front_door_user, data_manager) -> None:
    setting("unusual.volume.minimum", 20)
    setting("unusual.volume.multiple", 3)
    for days_before in range(1, 6):
        read_at(MONDAY - timedelta(days=days_before), front_door_user, range(10))
    read_at(MONDAY, front_door_user, range(100, 131))  # 31 people: usual 10, threshold 30
    read_at(MONDAY, data_manager, range(200, 220))  # 20 people, no history: threshold 20
    read_at(MONDAY + timedelta(days=1), front_door_user, range(300, 330))  # 30: not above
    report = unusual_access(since=MONDAY.date(), until=MONDAY.date() + timedelta(days=1))
    assert [(f.username, f.day, f.people, f.usual, f.threshold) for f in report.volume] == [
        ("fd.practitioner", MONDAY.date(), 31, 10.0, 30)
    ]


def test_refused_reads_are_not_counted_as_people_read(front_door_user) -> None:
    setting("unusual.volume.minimum", 5)
    read_at(MONDAY, front_door_user, range(10), route="denied")
    assert unusual_access(since=MONDAY.date(), until=MONDAY.date()).volume == []


def test_reads_out_of_hours_by_the_hours_in_force_that_day(front_door_user, data_manager) -> None:
    day = MONDAY.date()
    read_at(MONDAY.replace(hour=6, minute=59), front_door_user, [1])
    read_at(MONDAY.replace(hour=7), front_door_user, [2])
    read_at(MONDAY.replace(hour=18, minute=59), front_door_user, [3])
    read_at(MONDAY.replace(hour=19), front_door_user, [4, 5])
    read_at(MONDAY + timedelta(days=5), data_manager, [6])  # a Saturday
    report = unusual_access(since=day, until=day + timedelta(days=6))
    assert [(f.username, f.day, f.reads, f.people) for f in report.out_of_hours] == [
        ("fd.practitioner", day, 3, 3),
        ("fd.data", day + timedelta(days=5), 1, 1),
    ]
    setting("unusual.hours.ends", "20:00", day)
    setting("unusual.hours.days", ["mon", "tue", "wed", "thu", "fri", "sat"], day)
    report = unusual_access(since=day, until=day + timedelta(days=6))
    assert [(f.day, f.reads) for f in report.out_of_hours] == [(day, 1)]
    # The days before the change keep the hours then in force.
    earlier = MONDAY - timedelta(days=7)
    read_at(earlier.replace(hour=19, minute=30), front_door_user, [7])
    report = unusual_access(since=earlier.date(), until=day)
    assert [(f.day, f.reads) for f in report.out_of_hours] == [(earlier.date(), 1), (day, 1)]


def test_break_glass_reads_are_listed(front_door_user, school_user) -> None:
    read_at(MONDAY, school_user, [42], route="break_glass")
    read_at(MONDAY, front_door_user, [42])
    report = unusual_access(since=MONDAY.date(), until=MONDAY.date())
    assert [(b.username, b.agency, b.person_id) for b in report.break_glass] == [
        ("school.dsl", "school-105899", 42)
    ]


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("unusual.volume.minimum", 0, "takes a whole number of at least 1, not 0"),
        ("unusual.hours.starts", "7pm", "takes a time as HH:MM, not '7pm'"),
        ("unusual.hours.days", ["monday"], "takes a list of days from"),
        ("unusual.hours.ends", "06:00", "working hours would start at 07:00"),
        ("unusual.nothing", 1, "no audit setting 'unusual.nothing'"),
    ],
)
def test_a_setting_that_cannot_be_used_is_refused_naming_it(db, key, value, error) -> None:
    with pytest.raises(SettingError, match=error):
        setting(key, value)
    assert not AuditEvent.objects.filter(action="audit.setting").exists()


def test_the_command_prints_the_report_as_json_and_is_audited(front_door_user) -> None:
    read_at(MONDAY.replace(hour=23), front_door_user, [9], route="break_glass")
    out = StringIO()
    call_command(
        "audit", "unusual", "--since", "2026-11-02", "--until", "2026-11-02", "--json", stdout=out
    )
    report = json.loads(out.getvalue())
    assert report["since"] == "2026-11-02"
    assert [r["person_id"] for r in report["break_glass"]] == [9]
    assert [r["reads"] for r in report["out_of_hours"]] == [1]
    assert AuditEvent.objects.filter(action="console.audit.unusual").exists()
    with pytest.raises(CommandError, match="before --since"):
        call_command("audit", "unusual", "--since", "2026-11-02", "--until", "2026-11-01")


def test_the_command_changes_a_setting_from_a_date(db) -> None:
    out = StringIO()
    call_command(
        "audit",
        "setting",
        "unusual.hours.starts",
        "08:00",
        "--from",
        "2026-12-01",
        "--reason",
        "Board agreed",
        stdout=out,
    )
    call_command("audit", "settings", stdout=out)
    assert '2026-12-01\tunusual.hours.starts = "08:00"\tconsole: Board agreed' in out.getvalue()
    with pytest.raises(CommandError, match="takes a time as HH:MM"):
        call_command(
            "audit",
            "setting",
            "unusual.hours.starts",
            "soon",
            "--from",
            "2026-12-01",
            "--reason",
            "x",
        )


def test_the_page_is_the_data_protection_lead_s_and_their_review_is_recorded(
    client: Client, data_protection_lead, front_door_manager, front_door_user
) -> None:
    read_at(MONDAY, front_door_user, [5], route="break_glass")
    client.force_login(front_door_manager)
    assert client.get("/audit/unusual/").status_code == 403
    client.force_login(data_protection_lead)
    assert "Unusual access" in client.get("/").content.decode()
    page = client.get(
        "/audit/unusual/",
        {
            "since_day": 2,
            "since_month": 11,
            "since_year": 2026,
            "until_day": 8,
            "until_month": 11,
            "until_year": 2026,
        },
    ).content.decode()
    assert "Person 5" in page
    assert AuditEvent.objects.get(action="audit.unusual_access").details == {
        "since": "2026-11-02",
        "until": "2026-11-08",
    }


def test_the_page_names_a_period_it_cannot_use(client: Client, data_protection_lead) -> None:
    client.force_login(data_protection_lead)
    page = client.get(
        "/audit/unusual/",
        {
            "since_day": 9,
            "since_month": 11,
            "since_year": 2026,
            "until_day": 2,
            "until_month": 11,
            "until_year": 2026,
        },
    ).content.decode()
    assert "To must be on or after From (9 November 2026)" in page
    assert not AuditEvent.objects.filter(action="audit.unusual_access").exists()
