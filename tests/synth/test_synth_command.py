"""The `synth` management command writes the three files and says what it wrote."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_command_writes_the_three_files(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "synth", "--households", "25", "--years", "1", "--seed", "5", "--out", str(tmp_path),
        "--end", "2025-03-31", "--invalid-rate", "0.01", stdout=out,
    )  # fmt: skip
    line = out.getvalue().strip()
    assert line.startswith("25 households, ")
    for word in ("people", "messages", "source records", "invalid messages"):
        assert word in line
    assert "\n" not in line
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert truth["end"] == "2025-03-31"
    assert truth["seed"] == 5
    assert json.loads((tmp_path / "agencies.json").read_text())
    assert (tmp_path / "messages.jsonl").read_text().count("\n") > 25


def test_command_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("synth", "--households", "0", "--out", str(tmp_path))
    with pytest.raises(CommandError):
        call_command("synth", "--end", "2025-02-31", "--out", str(tmp_path))
