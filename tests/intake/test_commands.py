"""The intake commands: agencies, ingest, process, rebuild and the JSON views."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from frontdoor.access.models import Agency
from frontdoor.people.models import Person
from tests.factories import message, raw, subject


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_loading_agencies_is_idempotent(db: None, tmp_path: Path) -> None:
    register = tmp_path / "agencies.json"
    register.write_text(
        json.dumps(
            [
                {"code": "police", "name": "Borough Police", "type": "police"},
                {
                    "code": "school-105899",
                    "name": "Hope Primary",
                    "type": "school",
                    "urn": "105899",
                },
            ]
        )
    )
    assert run("agencies", "load", str(register)) == "agencies: 2 created, 0 updated, 0 unchanged\n"
    assert run("agencies", "load", str(register)) == "agencies: 0 created, 0 updated, 2 unchanged\n"
    assert Agency.objects.get(code="school-105899").urn == "105899"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ('[{"code": "x", "name": "X", "type": "bank"}]', "[0].type: not one of police"),
        ('[{"code": "x", "type": "police"}]', "[0].name: required, got None"),
        ("{", "not valid JSON"),
    ],
)
def test_a_bad_register_names_the_entry_and_field(
    db: None, tmp_path: Path, content: str, error: str
) -> None:
    register = tmp_path / "agencies.json"
    register.write_text(content)
    with pytest.raises(CommandError, match=error.replace("[", r"\[")):
        run("agencies", "load", str(register))
    assert not Agency.objects.exists()


def test_ingest_reports_counts_and_never_stops_at_a_bad_line(agencies, tmp_path: Path) -> None:
    lines = [raw(message(message_id=f"m{n}")) for n in range(5)]
    lines.insert(2, "not json")
    lines.insert(4, raw(message(message_id="bad", subjects=[subject(date_of_birth="2099-01-01")])))
    lines.append(lines[0])
    path = tmp_path / "messages.jsonl"
    path.write_text("\n".join(lines) + "\n\n")
    out = run("ingest", str(path), "--quiet")
    assert out == "accepted 5, duplicate 1, rejected 2 (in quarantine)\n"
    quarantine = json.loads(run("quarantine", "--json"))
    assert [q["message_id"] for q in quarantine] == [None, "bad"]
    assert quarantine[1]["errors"] == [
        "subjects[0].date_of_birth: '2099-01-01' is after occurred_at (2026-03-01)"
    ]


def test_ingest_refuses_a_missing_file(db: None) -> None:
    with pytest.raises(CommandError, match=r"no such file: nowhere\.jsonl"):
        run("ingest", "nowhere.jsonl")


def test_the_json_views(agencies, tmp_path: Path) -> None:
    path = tmp_path / "messages.jsonl"
    child = subject(
        "c",
        "child",
        source_person_id="S1",
        given_name="Poppy",
        family_name="Whitfield",
        date_of_birth="2019-09-09",
        seen=True,
        voice="I was scared",
        address={"line1": "1 Elm Road", "postcode": "ZZ1 1AA"},
    )
    path.write_text(
        "\n".join(
            [
                raw(message(message_id="i1", subjects=[child])),
                raw(
                    message(
                        message_id="r1",
                        source="school-105899",
                        kind="referral",
                        occurred_at="2026-03-02",
                        subjects=[child],
                        facts={"reason": "worried"},
                    )
                ),
            ]
        )
    )
    run("ingest", str(path), "--quiet")
    persons = json.loads(run("persons", "--json"))
    assert persons == [
        {
            "id": Person.objects.get().pk,
            "given_name": "Poppy",
            "family_name": "Whitfield",
            "date_of_birth": "2019-09-09",
            "records": [
                {"source": "police", "source_person_id": "S1"},
                {"source": "school-105899", "source_person_id": "S1"},
            ],
        }
    ]
    chronology = json.loads(run("chronology", str(persons[0]["id"]), "--json"))
    assert [e["message_id"] for e in chronology] == ["i1", "r1"]
    assert chronology[0]["voice"] == "I was scared"
    assert chronology[0]["seen"] is True
    referrals = json.loads(run("referrals", "--json"))
    assert [(r["source"], r["message_id"], r["status"]) for r in referrals] == [
        ("school-105899", "r1", "received")
    ]
    assert referrals[0]["reference"].startswith("FD-")


def test_chronology_of_an_unknown_person_says_so(db: None) -> None:
    with pytest.raises(CommandError, match="person_id: no person with id 99"):
        run("chronology", "99", "--json")


def test_process_and_rebuild(agencies, tmp_path: Path) -> None:
    path = tmp_path / "messages.jsonl"
    path.write_text(raw(message(message_id="i1")))
    run("ingest", str(path), "--quiet")
    assert run("process") == "processed 0 pending messages\n"
    assert run("rebuild") == "rebuilt from 1 inbox messages\n"
    assert Person.objects.count() == 1
