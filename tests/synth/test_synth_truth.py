"""The ground truth matches the messages, the noise is there, and the stories behave."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from statistics import mean

from frontdoor.synth import data, nhs

from .borough_files import Loaded

HARM = ("injury", "weapon", "strangulation", "threats_to_kill")
POSTCODE = re.compile(r"FD\d{1,2} \d[A-Z]{2}")


def _person_of(borough: Loaded, source: str, subject: dict) -> dict:
    pid = borough.truth["records"][f"{source}|{subject['source_person_id']}"]
    return borough.truth["people"][pid]


def test_truth_covers_every_record(borough: Loaded) -> None:
    records = borough.truth["records"]
    people = borough.truth["people"]
    named = set()
    for message in borough.messages:
        for subject in message["subjects"]:
            key = f"{message['source']}|{subject['source_person_id']}"
            assert key in records, key
            assert records[key] in people
            named.add(key)
    assert named == set(records)
    households = {h["id"]: h for h in borough.truth["households"]}
    assert len(households) == borough.truth["household_count"] == 600
    for pid, person in people.items():
        assert pid in households[person["household"]]["members"]


def test_records_describe_their_true_person(borough: Loaded) -> None:
    """Recorded dates of birth are the true one, or one of the modelled errors of it."""
    exact = errors = 0
    for message in borough.valid_messages():
        for subject in message["subjects"]:
            person = _person_of(borough, message["source"], subject)
            if "date_of_birth" not in subject:
                continue
            recorded = date.fromisoformat(subject["date_of_birth"])
            true = date.fromisoformat(person["date_of_birth"])
            if recorded == true:
                exact += 1
                continue
            errors += 1
            swapped = (recorded.year, recorded.month, recorded.day) == (
                true.year,
                true.day,
                true.month,
            )
            assert swapped or abs(recorded - true) == timedelta(days=1), (recorded, true)
            assert subject["sex"] in (person["sex"], "U")
    assert errors > 0
    assert errors / (exact + errors) < 0.03


def test_nhs_numbers_are_true_or_a_listed_mistype(borough: Loaded) -> None:
    valid = mistyped = 0
    for message in borough.valid_messages():
        for subject in message["subjects"]:
            if "nhs_number" not in subject:
                continue
            true = _person_of(borough, message["source"], subject)["nhs_number"]
            recorded = subject["nhs_number"]
            if recorded == true:
                assert nhs.is_valid(recorded)
                valid += 1
            else:
                assert not nhs.is_valid(recorded)
                assert sum(a != b for a, b in zip(recorded, true, strict=True)) == 1
                mistyped += 1
    assert valid > 0
    assert 0 < mistyped < 0.05 * valid
    assert all(nhs.is_valid(p["nhs_number"]) for p in borough.truth["people"].values())


def test_source_ids_are_stable_per_person_and_never_shared(borough: Loaded) -> None:
    by_source: dict[str, dict[str, str]] = defaultdict(dict)
    for key, pid in borough.truth["records"].items():
        source, spid = key.split("|", 1)
        assert spid not in by_source[source]
        by_source[source][spid] = pid
    police = list(by_source["police"])
    assert all(re.fullmatch(r"PNC-\d{7,}[A-Z]", spid) for spid in police)
    # Health visitors and GPs key their records by NHS number.
    hv = by_source["health-visiting"]
    assert any(nhs.is_valid(spid) for spid in hv)
    # A few people have two records in one agency (an unmatched duplicate).
    per_person = Counter((source, pid) for source, ids in by_source.items() for pid in ids.values())
    assert any(count > 1 for count in per_person.values())


def test_noise_of_real_records_is_present(borough: Loaded) -> None:
    nicknames = typos_or_other = missing_dob = odd_postcodes = good_postcodes = 0
    barrelled = maiden_used = 0
    addresses: dict[str, set[str]] = defaultdict(set)
    for message in borough.valid_messages():
        for subject in message["subjects"]:
            person = _person_of(borough, message["source"], subject)
            given = subject.get("given_name")
            if given and given != person["given_name"]:
                if given in data.NICKNAMES.get(person["given_name"], ()):
                    nicknames += 1
                elif given not in ("Unborn", "Baby"):
                    typos_or_other += 1
            if "date_of_birth" not in subject and "due_date" not in subject:
                missing_dob += 1
            if "-" in subject["family_name"]:
                barrelled += 1
            if subject["family_name"] in person.get("other_family_names", []):
                maiden_used += 1
            address = subject.get("address")
            if address:
                if POSTCODE.fullmatch(address["postcode"]):
                    good_postcodes += 1
                else:
                    odd_postcodes += 1
                key = f"{message['source']}|{subject['source_person_id']}"
                addresses[key].add(address["line1"])
    assert nicknames > 0
    assert typos_or_other > 0
    assert missing_dob > 0
    assert barrelled > 0
    assert maiden_used > 0
    assert 0 < odd_postcodes < 0.15 * good_postcodes
    assert any(len(lines) > 1 for lines in addresses.values())


def test_unborn_children_are_later_born(borough: Loaded) -> None:
    unborn = 0
    for message in borough.valid_messages():
        for subject in message["subjects"]:
            if "due_date" in subject:
                unborn += 1
                person = _person_of(borough, message["source"], subject)
                assert person["is_child"]
                assert person["due_date"] == subject["due_date"]
                assert person["date_of_birth"] > message["occurred_at"][:10]
    assert unborn > 0


def _incidents(borough: Loaded) -> dict[str, dict]:
    return {f"police|{m['message_id']}": m for m in borough.messages if m["kind"] == "incident"}


def test_escalating_households_get_worse_and_more_frequent(big_borough: Loaded) -> None:
    incidents = _incidents(big_borough)
    escalating = [h for h in big_borough.truth["households"] if h["escalating"]]
    assert escalating
    risk_rank = {"standard": 0, "medium": 1, "high": 2}
    early_gaps: list[float] = []
    late_gaps: list[float] = []
    checked = 0
    for household in escalating:
        messages = [incidents[key] for key in household["incident_message_ids"]]
        if len(messages) < 4:
            continue
        checked += 1
        harm = [sum(m["facts"][k] for k in HARM) for m in messages]
        risk = [risk_rank[m["facts"]["officer_risk"]] for m in messages]
        assert harm == sorted(harm), harm
        assert risk == sorted(risk), risk
        assert harm[-1] > harm[0]
        moments = [datetime.fromisoformat(m["occurred_at"]) for m in messages]
        gaps = [(b - a).total_seconds() / 86400 for a, b in itertools.pairwise(moments)]
        half = len(gaps) // 2
        early_gaps.append(mean(gaps[:half]))
        late_gaps.append(mean(gaps[-half:]))
        assert mean(gaps[-half:]) <= mean(gaps[:half]) * 1.2
    assert checked >= 0.8 * len(escalating)
    assert mean(late_gaps) < 0.6 * mean(early_gaps)


def test_proportions_are_as_designed(big_borough: Loaded) -> None:
    truth = big_borough.truth
    households = truth["households"]
    n = len(households)
    arche = Counter(h["archetype"] for h in households)
    assert abs(arche["single"] / n - 0.68) < 0.04
    assert abs(arche["escalating"] / n - 0.05) < 0.02
    counts = Counter(len(h["incident_message_ids"]) for h in households)
    one_or_two = (counts[1] + counts[2]) / n
    assert one_or_two > 0.7
    assert 0.1 < sum(h["separated"] for h in households) / n < 0.35
    subjects = sum(len(m["subjects"]) for m in big_borough.messages)
    assert 10 < subjects / n < 25
    invalid = len(truth["invalid_messages"]) / len(big_borough.messages)
    assert 0.0005 < invalid < 0.005
    incidents = [m for m in big_borough.valid_messages() if m["kind"] == "incident"]
    risk = Counter(m["facts"]["officer_risk"] for m in incidents)
    assert 0.5 < risk["standard"] / len(incidents) < 0.8
    assert 0.03 < risk["high"] / len(incidents) < 0.2
    with_children = [m for m in incidents if any(s["role"] == "child" for s in m["subjects"])]
    assert 0.4 < len(with_children) / len(incidents) < 0.8
    flags = Counter(k for m in incidents for k in ("coercive_control", "stalking", "pregnant")
                    if m["facts"][k])  # fmt: skip
    assert all(flags[k] > 0 for k in ("coercive_control", "stalking", "pregnant"))
    years = Counter(m["occurred_at"][:4] for m in incidents)
    assert len(years) == 11  # ten years from 31 October span eleven calendar years
    after_separation = [m for m in incidents if m["facts"]["separated"]]
    assert 0.05 < len(after_separation) / len(incidents) < 0.4


def test_a_record_is_one_person_with_one_date_of_birth(borough: Loaded) -> None:
    recorded: dict[str, str | None] = {}
    for message in borough.valid_messages():
        pids = [
            borough.truth["records"][f"{message['source']}|{s['source_person_id']}"]
            for s in message["subjects"]
        ]
        assert len(pids) == len(set(pids)), message["message_id"]
        for subject in message["subjects"]:
            key = f"{message['source']}|{subject['source_person_id']}"
            dob = subject.get("date_of_birth")
            assert recorded.setdefault(key, dob) == dob, key
