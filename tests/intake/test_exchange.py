"""The exchange format's checks: each error names the field and the value."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import jsonschema
import pytest

from frontdoor.intake.exchange import check_message, nhs_number_is_valid
from frontdoor.intake.openapi import exchange_schema
from tests.factories import message, subject

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
AGENCIES = {"police", "csc"}


def errors_of(payload: object) -> list[str]:
    return check_message(payload, agencies=AGENCIES, now=NOW, local=LONDON).errors


def test_a_valid_message_becomes_an_envelope_in_local_time() -> None:
    checked = check_message(
        message(occurred_at="2026-07-01T21:30:00"), agencies=AGENCIES, now=NOW, local=LONDON
    )
    assert checked.errors == []
    assert checked.envelope is not None
    assert checked.envelope.occurred_at.utcoffset().total_seconds() == 3600  # BST
    assert checked.envelope.reported_at == checked.envelope.occurred_at


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"source": "nope"}, "source: unknown agency code: 'nope'"),
        ({"kind": "gossip"}, "kind: not one of agency_check, assessment, attendance"),
        ({"subjects": []}, "subjects: at least one subject is required, got []"),
        ({"occurred_at": "2026-02-31"}, "occurred_at: not a date or date-time: '2026-02-31'"),
        ({"occurred_at": "2027-01-01"}, "occurred_at: '2027-01-01' is in the future"),
        ({"reported_at": "2026-02-01"}, "reported_at: '2026-02-01' is before occurred_at"),
        ({"message_id": ""}, "message_id: required"),
        (
            {"subjects": [subject(date_of_birth="31/02/2016")]},
            "subjects[0].date_of_birth: not a date: '31/02/2016' (expected YYYY-MM-DD)",
        ),
        (
            {"subjects": [subject(), subject("c1", "child", date_of_birth="2099-01-01")]},
            "subjects[1].date_of_birth: '2099-01-01' is after occurred_at (2026-03-01)",
        ),
        ({"subjects": [subject(role="boss")]}, "subjects[0].role: not one of"),
        ({"subjects": [subject(), subject()]}, "subjects[1].ref: used twice in this message: 'p1'"),
        (
            {"relationships": [{"from": "p1", "to": "p9", "type": "partner"}]},
            "relationships[0].to: names no subject ref in this message: 'p9'",
        ),
        (
            {"relationships": [{"from": "p1", "to": "p1", "type": "cousin"}]},
            "relationships[0].type: not one of",
        ),
        ({"facts": {"officer_risk": "extreme"}}, "facts.officer_risk: not one of high, medium,"),
        ({"facts": {"injury": "yes"}}, "facts.injury: expected true or false, got 'yes'"),
        (
            {"facts": {"separation_date": "2026-04-01"}},
            "facts.separation_date: '2026-04-01' is after occurred_at",
        ),
        ({"facts": {"dash": {"answers": {"28": "yes"}}}}, "facts.dash.answers.28: not a DASH"),
    ],
)
def test_each_error_names_the_field_and_the_value(change: dict, expected: str) -> None:
    payload = {**message(), **change}
    assert any(error.startswith(expected) for error in errors_of(payload)), errors_of(payload)


def test_every_error_is_reported_not_just_the_first() -> None:
    payload = message(source="nope", kind="gossip", occurred_at="2099-01-01", subjects=[])
    assert len(errors_of(payload)) == 4


def test_plan_children_must_name_subjects() -> None:
    payload = message(kind="plan", facts={"type": "child_protection", "children": ["c9"]})
    assert errors_of(payload) == ["facts.children[0]: names no subject ref in this message: 'c9'"]


def test_a_malformed_nhs_number_is_kept_with_a_warning_not_rejected() -> None:
    checked = check_message(
        message(subjects=[subject(nhs_number="1234567890")]),
        agencies=AGENCIES,
        now=NOW,
        local=LONDON,
    )
    assert checked.envelope is not None
    assert checked.envelope.subjects[0].nhs_number == "1234567890"
    assert not checked.envelope.subjects[0].nhs_number_valid
    assert "is not a valid NHS number; kept, not used to link" in checked.envelope.warnings[0]


@pytest.mark.parametrize(
    ("number", "valid"),
    [("9434765919", True), ("9434765918", False), ("943476591", False), ("94347659AB", False)],
)
def test_nhs_modulus_11(number: str, valid: bool) -> None:
    assert nhs_number_is_valid(number) is valid


def test_something_that_is_not_an_object_is_rejected() -> None:
    assert errors_of(["a list"]) == ["(message): expected a JSON object, got ['a list']"]


def test_the_published_json_schema_accepts_what_the_hub_accepts() -> None:
    validator = jsonschema.Draft202012Validator(
        exchange_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    payload = message(
        subjects=[
            subject(date_of_birth="2016-02-28", nhs_number="943 476 5919", present=True),
            subject("p2", "alleged_perpetrator", nhs_number="12345", sex=None),
        ],
        relationships=[{"from": "p2", "to": "p1", "type": "partner"}],
        reported_at=None,
        facts={"officer_risk": "high", "dash": {"answers": {"1": "yes", "27": "not_known"}}},
    )
    assert errors_of(payload) == []
    assert list(validator.iter_errors(payload)) == []
    assert list(validator.iter_errors({**payload, "kind": "gossip"}))
    dash = message(
        kind="assessment",
        facts={
            "type": "dash",
            "answers": {"3": "yes"},
            "professional_judgement": "high",
            "judgement_reason": "Threats to kill since the separation",
            "victim_account": {"3": "That he will find us"},
            "practitioner_notes": None,
        },
    )
    assert errors_of(dash) == []
    assert list(validator.iter_errors(dash)) == []
    not_a_question = {**dash, "facts": {**dash["facts"], "victim_account": {"28": "x"}}}
    assert errors_of(not_a_question)
    assert list(validator.iter_errors(not_a_question))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kind": ["incident"]}, "kind: not one of"),
        ({"subjects": [subject(role=["victim"])]}, "subjects[0].role: not one of"),
        ({"subjects": [subject(sex={"a": 1})]}, "subjects[0].sex: not one of F, M, U, X: {'a': 1}"),
        ({"facts": {"officer_risk": ["high"]}}, "facts.officer_risk: not one of"),
        ({"facts": {"shared_with": [["csc"]]}}, "facts.shared_with: expected a list of text"),
        ({"facts": {"dash": {"answers": {"1": ["yes"]}}}}, "facts.dash.answers.1: not one of"),
        (
            {"facts": {"dash": {"professional_judgement": "medium"}}},
            "facts.dash.professional_judgement: not one of high: 'medium'",
        ),
        (
            {"kind": "assessment", "facts": {"type": "dash", "victim_account": {"28": "x"}}},
            "facts.victim_account.28: not a DASH question number from 1 to 27",
        ),
        (
            {"kind": "assessment", "facts": {"type": "dash", "victim_account": {"3": 5.5}}},
            "facts.victim_account.3: expected text, got 5.5",
        ),
        (
            {"kind": "assessment", "facts": {"type": "dash", "victim_account": ["scared"]}},
            "facts.victim_account: expected an object of question numbers, got ['scared']",
        ),
        (
            {"kind": "assessment", "facts": {"type": "dash", "judgement_reason": ["a"]}},
            "facts.judgement_reason: expected text, got ['a']",
        ),
        ({"facts": []}, "facts: expected an object, got []"),
        ({"message_id": 7}, "message_id: expected text, got 7"),
        ({"message_id": "x" * 201}, "message_id: longer than 200 characters"),
        ({"subjects": [subject(given_name="A" * 101)]}, "subjects[0].given_name: longer than 100"),
        ({"subjects": [subject(other_names="Al")]}, "subjects[0].other_names: expected a list"),
        (
            {"subjects": [subject(date_of_birth="0001-01-01")]},
            "subjects[0].date_of_birth: '0001-01-01' is before 1900",
        ),
        (
            {"subjects": [subject(role="victim", due_date="2026-05-01")]},
            "subjects[0].due_date: only an unborn child",
        ),
        (
            {"relationships": [{"from": "p1", "to": "p1", "type": "partner"}]},
            "relationships[0].to: a subject cannot be related to itself",
        ),
        (
            {"facts": {"referrer": {"name": {"first": "A"}}}, "kind": "referral"},
            "facts.referrer.name: expected text",
        ),
    ],
)
def test_values_of_the_wrong_type_or_size_are_named_not_crashed_on(
    change: dict, expected: str
) -> None:
    payload = {**message(), **change}
    assert any(error.startswith(expected) for error in errors_of(payload)), errors_of(payload)


def test_a_date_only_report_on_the_day_of_the_event_is_not_early() -> None:
    assert errors_of(message(occurred_at="2026-03-01T10:00", reported_at="2026-03-01")) == []


def test_a_birth_is_compared_with_the_local_date_of_the_event() -> None:
    just_after_midnight_in_london = "2025-06-30T23:30:00+00:00"
    payload = message(
        occurred_at=just_after_midnight_in_london,
        subjects=[subject(role="child", date_of_birth="2025-07-01")],
    )
    assert errors_of(payload) == []


@pytest.mark.parametrize("number", ["0000000000", "1111111111", "\u0669" * 10])
def test_placeholder_and_non_ascii_nhs_numbers_never_link(number: str) -> None:
    assert not nhs_number_is_valid(number)


def test_an_incident_may_name_its_police_station_and_need_not() -> None:
    validator = jsonschema.Draft202012Validator(exchange_schema())
    with_station = message(facts={"officer_risk": "standard", "station": "Northgate"})
    without = message(facts={"officer_risk": "standard"})
    for payload in (with_station, without):
        assert errors_of(payload) == []
        assert list(validator.iter_errors(payload)) == []
    listed = message(facts={"station": ["Northgate"]})
    assert errors_of(listed) == ["facts.station: expected text, got ['Northgate']"]
    assert list(validator.iter_errors(listed))
    long = message(facts={"station": "N" * 201})
    assert [error.split(":")[:2] for error in errors_of(long)] == [
        ["facts.station", " longer than 200 characters"]
    ]
    assert list(validator.iter_errors(long))
