"""The rules' thresholds on their pages: who may see and change them, each rule's value today and
those scheduled, a threshold's history, and a new value set through the same service as
`frontdoor rules set`, refused naming the field and the value."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.access.models import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.risk.models import RuleSetting
from frontdoor.risk.rules import RULES
from frontdoor.risk.services import rule_setting_set
from frontdoor.risk.threshold_selectors import rule_of
from frontdoor.risk.thresholds import DEFAULTS, Timeline
from tests.factories import StaffFactory
from tests.risk.family import alerts, incident, send

pytestmark = pytest.mark.django_db

LIST = "/rules/thresholds/"
INCIDENTS = "/rules/thresholds/escalation.incidents/"


def _form(value: str, day: date, reason: str = "Partnership board decision") -> dict[str, object]:
    return {
        "value": value,
        "effective_from_day": day.day,
        "effective_from_month": day.month,
        "effective_from_year": day.year,
        "reason": reason,
    }


@pytest.mark.parametrize(
    ("front_door", "role", "status"),
    [
        (True, Role.MANAGER, 200),
        (True, Role.ADMINISTRATOR, 200),
        (True, Role.PRACTITIONER, 403),
        (True, Role.DATA_MANAGER, 403),
        (False, Role.MANAGER, 403),
        (False, Role.ADMINISTRATOR, 403),
    ],
)
def test_only_the_front_doors_managers_and_administrators_may_open_or_post(
    client: Client, agencies, front_door, role, status
) -> None:
    user = StaffFactory(agency=agencies["csc"], front_door=front_door, role=role).user
    client.force_login(user)
    assert client.get(LIST).status_code == status
    assert client.get(INCIDENTS).status_code == status
    posted = client.post(INCIDENTS, _form("4", timezone.localdate()))
    assert posted.status_code == (302 if status == 200 else 403)
    assert RuleSetting.objects.exists() == (status == 200)


def test_an_unknown_threshold_is_not_found(client: Client, front_door_manager) -> None:
    client.force_login(front_door_manager)
    assert client.get("/rules/thresholds/escalation.nope/").status_code == 404


def test_every_threshold_belongs_to_one_rule() -> None:
    assert {rule_of(key) for key in DEFAULTS} <= set(RULES)


def test_the_list_shows_each_rules_thresholds_today_since_when_and_scheduled(
    client: Client, front_door_manager
) -> None:
    today = timezone.localdate()
    for value, day in ((4, today - timedelta(days=30)), (5, today + timedelta(days=10))):
        rule_setting_set(
            key="escalation.incidents",
            value=value,
            effective_from=day,
            reason="Agreed",
            user=None,
        )
    client.force_login(front_door_manager)
    page = client.get(LIST).content.decode()
    for code in RULES:
        assert f'id="{code}"' in page
    for key, default in DEFAULTS.items():
        assert f"<code>{key}</code>" in page
        assert default.meaning.replace("'", "&#x27;") in page
    row = page[page.index("<code>escalation.incidents</code>") :].split("</tr>")[0]
    assert '<td class="govuk-table__cell">4</td>' in row
    assert f"{today - timedelta(days=30):%-d %B %Y}" in row
    assert f"5 from {today + timedelta(days=10):%-d %B %Y}" in row
    officer = page[page.index("<code>referral.officer_risks</code>") :].split("</tr>")[0]
    assert "medium, high" in officer
    assert "The default" in officer


def test_a_value_set_on_the_page_is_audited_and_shown_in_the_history(
    client: Client, front_door_manager
) -> None:
    client.force_login(front_door_manager)
    today = timezone.localdate()
    answer = client.post(INCIDENTS, _form(" 4 ", today, reason="Board, 30 November"))
    assert answer["Location"] == INCIDENTS
    setting = RuleSetting.objects.get()
    assert (setting.value, setting.effective_from, setting.changed_by) == (
        4,
        today,
        front_door_manager,
    )
    event = AuditEvent.objects.get(action="rules.setting")
    assert event.actor == front_door_manager
    assert event.details["value"] == 4
    assert event.details["reason"] == "Board, 30 November"
    page = client.get(INCIDENTS).content.decode()
    assert f"escalation.incidents is 4 from {today:%-d %B %Y}" in page
    assert "Board, 30 November" in page
    assert front_door_manager.username in page or front_door_manager.get_full_name() in page
    assert "In force</strong>" in page


@pytest.mark.parametrize(
    ("key", "form", "error"),
    [
        ("escalation.incidents", {"value": "abc"}, "Value: &#x27;abc&#x27; is not a whole number"),
        ("escalation.incidents", {"value": "2.5"}, "Value: &#x27;2.5&#x27; is not a whole number"),
        ("escalation.incidents", {"value": "11"}, "Value: 11 is not between 2 and 10"),
        ("escalation.incidents", {"value": "-1"}, "Value: -1 is not between 2 and 10"),
        ("escalating_harm.faster_ratio", {"value": "2"}, "Value: 2.0 is not between 0.1 and 1.0"),
        ("referral.officer_risks", {"value": "severe"}, "Value: &#x27;severe&#x27; is not one"),
        ("escalation.incidents", {"reason": "  "}, "Reason: say why the partnership changed it"),
        (
            "escalation.incidents",
            {"effective_from_day": ""},
            "In force from must include a day",
        ),
    ],
)
def test_a_refused_value_is_named_on_its_field_and_nothing_is_lost(
    client: Client, front_door_manager, key, form, error
) -> None:
    client.force_login(front_door_manager)
    posted = _form("4", timezone.localdate(), reason="Board decision") | form
    page = client.post(f"/rules/thresholds/{key}/", posted)
    assert page.status_code == 200
    text = page.content.decode()
    assert error in text
    assert text.count(error) == 2  # in the summary and on the field
    assert "<title>Error: " in text
    assert f'value="{posted["value"]}"' in text
    assert not RuleSetting.objects.exists()


def test_a_day_before_today_is_refused_on_the_page(client: Client, front_door_manager) -> None:
    client.force_login(front_door_manager)
    page = client.post(INCIDENTS, _form("4", timezone.localdate() - timedelta(days=1)))
    assert "In force from must be today or in the future" in page.content.decode()
    assert not RuleSetting.objects.exists()


def test_a_future_value_is_scheduled_and_not_in_force_until_its_day(
    client: Client, front_door_manager
) -> None:
    client.force_login(front_door_manager)
    today = timezone.localdate()
    later = today + timedelta(days=7)
    client.post(INCIDENTS, _form("4", later))
    timeline = Timeline.load()
    assert timeline.on(later - timedelta(days=1)).number("escalation.incidents") == 3
    assert timeline.on(later).number("escalation.incidents") == 4
    page = client.get(INCIDENTS).content.decode()
    value_today = page[page.index("Value today") :].split("</div>")[0]
    assert ">3<" in value_today
    assert f"4 from {later:%-d %B %Y}" in page
    assert "Scheduled</strong>" in page
    assert "Always: it is the rules' default" in page


@pytest.mark.parametrize(
    ("first", "second", "raised"),
    [
        ("2026-02-01T20:00:00", "2026-02-20T20:00:00", 0),  # before the new value: 3 needed
        ("2026-03-01T20:00:00", "2026-03-20T20:00:00", 1),  # from its day: 2 are enough
    ],
)
def test_the_rules_use_a_new_value_from_its_effective_date(agencies, first, second, raised) -> None:
    rule_setting_set(
        key="escalation.incidents",
        value=2,
        effective_from=date(2026, 3, 1),
        reason="Board decision",
        user=None,
    )
    send(incident(first), incident(second))
    assert len(alerts("ESCALATION_3_IN_12M")) == raised
