"""`frontdoor dipsample` at the console: draw, list, export, set."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from frontdoor.audit.models import AuditEvent
from frontdoor.quality.models import DipSample, QualitySetting

from .conftest import Family


def run(*args: str) -> str:
    out = StringIO()
    call_command("dipsample", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_draw_then_draw_again_says_it_gives_the_same_incidents(
    agencies: dict, families: list[Family]
) -> None:
    ids = [f.incident("2026-03-04T20:00:00", station="Northgate") for f in families[:3]]
    first = run("draw", "--week", "2026-W10", "--seed", "9")
    assert first.startswith("2026-W10: drawn with seed 9\n")
    assert "3 incidents in 1 strata; 2 drawn from each" in first
    assert sum(message_id in first for message_id in ids) == 2
    again = run("draw", "--week", "2026-W10", "--seed", "9")
    assert "already drawn with seed 9" in again
    assert "drawn again it gives the same incidents" in again
    assert again.splitlines()[1:] == first.splitlines()[1:]
    with pytest.raises(CommandError, match="seed: 2026-W10 was drawn with seed 9"):
        run("draw", "--week", "2026-W10", "--seed", "10")
    assert DipSample.objects.count() == 1
    assert "2026-W10\tseed 9" in run("list")
    assert "Northgate (Borough Police)" in run("list", "--week", "2026-W10")


@pytest.mark.django_db
def test_export_writes_every_review_as_csv_and_is_recorded(
    agencies: dict, families: list[Family]
) -> None:
    families[0].incident("2026-03-04T20:00:00")
    run("draw", "--week", "2026-W10", "--seed", "3")
    rows = list(csv.DictReader(StringIO(run("export", "--csv"))))
    assert len(rows) == 1
    assert rows[0]["week"] == "2026-W10"
    assert rows[0]["seed"] == "3"
    assert rows[0]["stratum"] == "Borough Police, station not recorded"
    assert rows[0]["risk_right"] == ""
    assert rows[0]["reviewer"] == ""
    assert AuditEvent.objects.filter(action="console.dipsample.export").exists()


@pytest.mark.django_db
def test_set_changes_the_sample_size_from_a_date_and_names_bad_values(db: None) -> None:
    assert run("set", "dipsample.per_stratum", "3", "--from", "2026-04-06", "--reason", "More")
    row = QualitySetting.objects.get()
    assert (row.value, str(row.effective_from)) == (3, "2026-04-06")
    with pytest.raises(CommandError, match=r"value: dipsample\.per_stratum takes a whole number"):
        run("set", "dipsample.per_stratum", "0", "--from", "2026-04-06", "--reason", "None")
    with pytest.raises(CommandError, match="key: no quality setting 'nope'"):
        run("set", "nope", "1", "--from", "2026-04-06", "--reason", "x")
    with pytest.raises(CommandError, match="reason: say why"):
        run("set", "dipsample.per_stratum", "2", "--from", "2026-04-06", "--reason", " ")
