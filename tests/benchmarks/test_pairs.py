"""A pair: two loads at once on copies of one hub, each with its own settings, both reported."""

from pathlib import Path

import pytest
from benchmarks.borough import Borough
from benchmarks.config import PROJECT_DIR
from benchmarks.pairs import Side, hub_for, pair_run

from frontdoor.synth.generator import write_borough


def test_each_side_loads_its_own_copy_of_the_hub_and_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = write_borough(tmp_path / "borough", households=20, years=1, seed=3)
    borough = Borough(tmp_path / "borough", summary.messages, summary.line())
    hub = hub_for(borough, 60, tmp_path)
    a = Side("A", PROJECT_DIR, {"FRONTDOOR_INGEST_BATCH_SIZE": "10"})
    b = Side("B", PROJECT_DIR, {"FRONTDOOR_INGEST_BATCH_SIZE": "50"})

    pair_run((a, b), hub, borough, 60, 40)

    report = capsys.readouterr().out
    assert hub.is_file()
    assert "| A |" in report
    assert "FRONTDOOR_INGEST_BATCH_SIZE=50" in report
    assert "B / A:" in report
