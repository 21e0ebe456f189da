"""Same arguments, same bytes; another seed, another borough."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontdoor.synth.generator import DEFAULT_END, generate, period_start, write_borough

from .borough_files import Loaded, load

FILES = ("agencies.json", "messages.jsonl", "truth.json")


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    first = write_borough(tmp_path / "a", households=120, years=2, seed=42)
    second = write_borough(tmp_path / "b", households=120, years=2, seed=42)
    assert first.messages == second.messages > 0
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    write_borough(tmp_path / "c", households=120, years=2, seed=43)
    for name in ("messages.jsonl", "truth.json"):
        assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "c" / name).read_bytes()


def test_households_do_not_depend_on_how_many_there_are(tmp_path: Path) -> None:
    small = load_dir(tmp_path / "s", 30)
    large = load_dir(tmp_path / "l", 60)
    assert small.truth["people"].items() <= large.truth["people"].items()
    large_keys = {(m["source"], m["message_id"]) for m in large.messages}
    assert all((m["source"], m["message_id"]) in large_keys for m in small.messages)


def load_dir(path: Path, households: int) -> Loaded:
    write_borough(path, households=households, years=3, seed=9)
    return load(path)


def test_generate_yields_the_file_in_the_same_order(tmp_path: Path) -> None:
    write_borough(tmp_path, households=40, years=1, seed=3)
    from_file = load(tmp_path).messages
    assert list(generate(40, 1, 3)) == from_file


def test_no_invalid_messages_at_rate_zero(tmp_path: Path) -> None:
    summary = write_borough(tmp_path, households=80, years=2, seed=1, invalid_rate=0.0)
    assert summary.invalid_messages == 0
    assert load(tmp_path).truth["invalid_messages"] == []


def test_period_start_and_bad_arguments(tmp_path: Path) -> None:
    assert period_start(DEFAULT_END, 10) == date(2016, 10, 31)
    assert period_start(date(2024, 2, 29), 1) == date(2023, 2, 28)
    with pytest.raises(ValueError, match="households"):
        write_borough(tmp_path, households=0, years=1, seed=1)
    with pytest.raises(ValueError, match="years"):
        write_borough(tmp_path, households=1, years=0, seed=1)
    with pytest.raises(ValueError, match="invalid_rate"):
        write_borough(tmp_path, households=1, years=1, seed=1, invalid_rate=2.0)


def test_a_leap_day_end_keeps_every_date_in_range(tmp_path: Path) -> None:
    end = date(2024, 2, 29)
    write_borough(tmp_path, households=60, years=1, seed=8, end=end, invalid_rate=0.0)
    loaded = load(tmp_path)
    assert loaded.truth["start"] == "2023-02-28"
    for message in loaded.messages:
        assert "2023-02-28" <= message["occurred_at"][:10] <= "2024-02-29"
        assert message.get("reported_at", "2024-02-29")[:10] <= "2024-02-29"
