"""`frontdoor rules` and `frontdoor alerts` at the console."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from frontdoor.risk.models import RuleSetting
from tests.risk.family import incident, send

pytestmark = pytest.mark.django_db


def test_alerts_json_lists_each_alert(agencies) -> None:
    send(incident("2026-03-02T20:00:00", coercive_control=True))
    out = StringIO()
    call_command("alerts", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert row["rule"] == "COERCIVE_CONTROL"
    assert row["raised_at"] == "2026-03-02T20:00:00+00:00"
    assert row["due_by"] == "2026-03-09"
    assert row["status"] == "open"
    assert len(row["messages"]) == 1


def test_rules_set_records_a_change_and_list_shows_it(db) -> None:
    call_command(
        "rules",
        "set",
        "escalation.window_days",
        "300",
        "--from",
        "2020-01-01",
        "--reason",
        "board decision",
        stdout=StringIO(),
    )
    assert RuleSetting.objects.get().value == 300
    out = StringIO()
    call_command("rules", "list", stdout=out)
    assert "escalation.window_days = 300" in out.getvalue()
    assert "ESCALATION_3_IN_12M v1: Three or more domestic-abuse incidents" in out.getvalue()
    assert "2020-01-01\tescalation.window_days = 300\tconsole: board decision" in out.getvalue()


def test_rules_set_takes_words_as_the_page_does(db) -> None:
    out = StringIO()
    call_command(
        "rules",
        "set",
        "referral.officer_risks",
        "high",
        "--from",
        "2026-01-01",
        "--reason",
        "Board decision",
        stdout=out,
    )
    assert out.getvalue().strip() == 'referral.officer_risks = ["high"] from 2026-01-01'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["replay", "--from", "1/3/2026"], "--from: not a date (YYYY-MM-DD): '1/3/2026'"),
        (["replay", "--from", "2026-03-02", "--to", "2026-03-01"], "--to: 2026-03-01 is before"),
        (["set", "nope", "1", "--from", "2026-01-01", "--reason", "x"], "key: no rule setting"),
        (
            ["set", "escalation.incidents", "abc", "--from", "2026-01-01", "--reason", "x"],
            "value: 'abc' is not a whole number",
        ),
        (
            ["set", "escalation.incidents", "40", "--from", "2026-01-01", "--reason", "x"],
            "value: 40 is not between 2 and 10",
        ),
        (
            ["set", "escalation.incidents", "4", "--from", "2026-01-01", "--reason", " "],
            "reason: say why the partnership changed it",
        ),
    ],
)
def test_bad_arguments_are_named(db, args, message) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("rules", *args, stdout=StringIO())
