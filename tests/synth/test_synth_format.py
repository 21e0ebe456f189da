"""Every message follows EXCHANGE.md, except the deliberately invalid ones, which truth lists."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema

from frontdoor.access.models import AgencyType
from frontdoor.intake.exchange import check_message
from frontdoor.intake.openapi import exchange_schema
from frontdoor.synth.data import POLICE_STATIONS
from frontdoor.synth.household import INVALID_REASONS

from .borough_files import Loaded

LONDON = ZoneInfo("Europe/London")
DATE_FACTS = ("start_date", "end_date", "meeting_date", "separation_date", "sentence_end")


def parse_moment(text: str) -> datetime:
    """A date or date-time as the exchange format allows (a date is local midnight)."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time())
    return datetime.fromisoformat(text)


def parse_day(text: str) -> date:
    return date.fromisoformat(text)


def problems(message: dict[str, Any], agency_codes: set[str], end: date) -> list[str]:
    """What the hub's own intake check says is wrong, with the period's end as "now"."""
    now = datetime.combine(end, time(23, 59), tzinfo=LONDON)
    return check_message(message, agencies=agency_codes, now=now, local=LONDON).errors


def _period(borough: Loaded) -> tuple[date, date]:
    truth = borough.truth
    return date.fromisoformat(truth["start"]), date.fromisoformat(truth["end"])


def test_agencies_cover_the_borough(borough: Loaded) -> None:
    codes = [a["code"] for a in borough.agencies]
    assert len(codes) == len(set(codes))
    assert {a["type"] for a in borough.agencies} <= set(AgencyType.values)
    for code in ("police", "csc", "early-help", "midwifery", "health-visiting", "ed", "amh",
                 "substance-misuse", "probation", "yos", "cafcass", "housing", "idva"):  # fmt: skip
        assert code in codes
    schools = [a for a in borough.agencies if a["type"] == "school"]
    assert 20 <= len(schools) <= 40
    for school in schools:
        assert re.fullmatch(r"\d{6}", school["urn"])
        assert school["code"] == f"school-{school['urn']}"
    gps = [a for a in borough.agencies if a["type"] == "gp"]
    assert len(gps) >= 3
    assert all(re.fullmatch(r"gp-[A-Z]\d{5}", g["code"]) for g in gps)
    prisons = [a for a in borough.agencies if a["type"] == "prison"]
    assert 1 <= len(prisons) <= 2
    assert all(p["code"].startswith("prison-") for p in prisons)


def test_only_the_listed_messages_are_invalid(borough: Loaded) -> None:
    codes = {a["code"] for a in borough.agencies}
    _, end = _period(borough)
    invalid = {(i["source"], i["message_id"]): i for i in borough.truth["invalid_messages"]}
    seen_reasons: Counter[str] = Counter()
    for message in borough.messages:
        found = problems(message, codes, end)
        key = (message["source"], message["message_id"])
        if key in invalid:
            assert found, f"listed as invalid but passes: {key}"
            field = invalid[key]["field"]
            assert any(p.startswith(field) for p in found), (field, found)
            seen_reasons[invalid[key]["reason"]] += 1
        else:
            assert not found, (key, found)
    assert sum(seen_reasons.values()) == len(invalid)
    schema = jsonschema.Draft202012Validator(
        exchange_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    for message in borough.valid_messages()[:1000]:
        assert not list(schema.iter_errors(message)), message
    assert set(seen_reasons) == set(INVALID_REASONS)


def test_every_date_lies_in_the_period(borough: Loaded) -> None:
    start, end = _period(borough)
    for message in borough.valid_messages():
        occurred = parse_moment(message["occurred_at"])
        assert occurred is not None
        assert start <= occurred.date() <= end
        if "reported_at" in message:
            reported = parse_moment(message["reported_at"])
            assert reported is not None
            assert occurred.date() <= reported.date() <= end
        for name in DATE_FACTS:
            if name in message["facts"]:
                day = parse_day(message["facts"][name])
                assert day is not None, (name, message)
                assert start <= day <= end, (name, message)
        for subject in message["subjects"]:
            if "due_date" in subject:
                due = parse_day(subject["due_date"])
                assert due is not None
                assert start <= due <= end
                assert "date_of_birth" not in subject
                assert subject["role"] == "child"
            if "date_of_birth" in subject:
                born = parse_day(subject["date_of_birth"])
                assert born is not None
                assert born <= occurred.date()


def test_messages_are_in_time_order(borough: Loaded) -> None:
    def moment(message: dict) -> datetime:
        parsed = parse_moment(message.get("reported_at", message["occurred_at"]))
        assert parsed is not None
        return parsed

    moments = [moment(m) for m in borough.valid_messages()]
    assert moments == sorted(moments)


def test_message_ids_are_unique_within_each_source(borough: Loaded) -> None:
    keys = Counter((m["source"], m["message_id"]) for m in borough.messages)
    assert max(keys.values()) == 1


def test_subject_refs_are_unique_and_named_facts_point_at_them(borough: Loaded) -> None:
    for message in borough.valid_messages():
        refs = [s["ref"] for s in message["subjects"]]
        assert len(refs) == len(set(refs))
        for name in ("children", "protected"):
            assert set(message["facts"].get(name, [])) <= set(refs)


def test_breaches_name_an_earlier_police_order(borough: Loaded) -> None:
    invalid = borough.invalid_keys
    orders = {
        m["message_id"]: m
        for m in borough.messages
        if (m["kind"] == "court_order" and m["source"] == "police")
        or (m["source"], m["message_id"]) in invalid  # an order can itself be quarantined
    }
    breaches = [m for m in borough.valid_messages() if "breach_of" in m["facts"]]
    assert breaches
    for message in breaches:
        order = orders[message["facts"]["breach_of"]]
        assert order["message_id"].startswith("ORD-")
        assert order["occurred_at"] <= message["occurred_at"]


def test_every_police_incident_names_the_station_covering_the_victims_home(
    borough: Loaded,
) -> None:
    stations: Counter[str] = Counter(
        m["facts"].get("station")
        for m in borough.valid_messages()
        if m["kind"] == "incident" and m["source"] == "police"
    )
    assert set(stations) == set(POLICE_STATIONS.values())
    assert min(stations.values()) > 0


def test_child_flags_and_voice_appear_on_incidents_and_contacts(borough: Loaded) -> None:
    flags: Counter[str] = Counter()
    for message in borough.valid_messages():
        if message["kind"] not in ("incident", "contact"):
            continue
        for subject in message["subjects"]:
            if subject["role"] == "child":
                flags.update(k for k in ("present", "seen", "seen_alone", "spoken_to", "voice")
                             if subject.get(k))  # fmt: skip
    assert all(flags[k] > 0 for k in ("present", "seen", "seen_alone", "spoken_to", "voice"))


def test_a_contacts_notes_never_contradict_what_it_recorded_of_the_children(
    borough: Loaded,
) -> None:
    said: Counter[str] = Counter()
    for message in borough.valid_messages():
        if message["kind"] != "contact":
            continue
        notes = message["facts"]["notes"]
        children = [s for s in message["subjects"] if s["role"] == "child"]
        if "seen alone" in notes:
            said["alone"] += 1
            assert any(c.get("seen_alone") for c in children), notes
        elif "not seen" in notes or "No answer" in notes or "Telephone" in notes:
            said["not seen"] += 1
            assert not any(c.get("seen") for c in children), notes
        elif "seen" in notes:
            said["seen"] += 1
            assert any(c.get("seen") for c in children), notes
            assert not any(c.get("seen_alone") for c in children), notes
    assert set(said) == {"alone", "seen", "not seen"}


def test_every_kind_and_service_appears(borough: Loaded) -> None:
    valid = borough.valid_messages()
    kinds = Counter(m["kind"] for m in valid)
    assert set(kinds) == {
        "incident", "referral", "assessment", "plan", "involvement", "attendance", "custody",
        "court_order", "contact", "marac",
    }  # fmt: skip
    services = {m["facts"]["service"] for m in valid if m["kind"] == "involvement"}
    assert {
        "adult_mental_health", "substance_misuse", "probation_supervision", "health_visiting",
        "midwifery", "school_enrolment", "gp_registration", "idva", "family_proceedings",
        "csc_allocation", "early_help",
    } <= services  # fmt: skip
    referrers = {m["facts"]["referrer"]["email"] for m in valid if m["kind"] == "referral"}
    assert all(e.endswith(".example.org") for e in referrers)
    phones = {m["facts"]["referrer"]["phone"] for m in valid if m["kind"] == "referral"}
    assert all(re.fullmatch(r"01632 960\d{3}", p) for p in phones)
