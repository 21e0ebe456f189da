"""The quarterly MARAC dataset's figures on a small fixture, and its command."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from frontdoor.marac.models import MaracReferral, Meeting
from frontdoor.marac.selectors import age_band, dataset_figures, quarter_dates

from .conftest import incident, refer, send, stranger


def test_quarters() -> None:
    assert quarter_dates("2026Q3") == (date(2026, 7, 1), date(2026, 9, 30))
    assert quarter_dates("2026q4") == (date(2026, 10, 1), date(2026, 12, 31))
    with pytest.raises(ValueError, match="quarter: not a quarter like 2026Q3: '2026Q5'"):
        quarter_dates("2026Q5")


@pytest.mark.parametrize(
    ("age", "band"), [(None, "Not known"), (17, "16 to 17"), (18, "18 to 24"), (65, "65 and over")]
)
def test_age_bands(age: int | None, band: str) -> None:
    assert age_band(age) == band


@pytest.fixture
def quarter(agencies, idva, coordinator) -> None:
    """Jade's case heard twice in Q3 2026 (the second a repeat), a stranger's case heard in Q2
    and another referred in Q3 but not yet heard."""
    refer("2026-04-02T10:00:00", subjects=stranger())
    send(
        "marac",
        "2026-04-20T10:00:00",
        {"event": "heard", "meeting_date": "2026-04-20"},
        subjects=stranger(),
    )
    refer("2026-07-01T10:00:00")
    send("marac", "2026-07-09T10:00:00", {"event": "heard", "meeting_date": "2026-07-09"})
    incident("2026-08-01T22:00:00")
    refer("2026-08-03T10:00:00")
    held = Meeting.objects.create(
        date=date(2026, 8, 13), scheduled_by=coordinator, held_at=timezone.now()
    )
    held.hearings.create(referral=MaracReferral.objects.order_by("pk").last())
    refer("2026-09-01T10:00:00", subjects=[*stranger()])


def test_the_figures_of_a_quarter(quarter) -> None:
    figures = {(f.measure, f.category): f.value for f in dataset_figures(*quarter_dates("2026Q3"))}
    assert figures == {
        ("cases_discussed", "all"): 2,
        ("repeat_cases", "all"): 1,
        ("children_in_households", "all"): 2,
        ("referrals_by_agency", "Borough Police"): 3,
        ("victims_by_sex", "Female"): 2,
        ("victims_by_age_band", "25 to 34"): 2,
    }


def test_the_command_writes_the_same_figures_as_csv(quarter, capsys) -> None:
    call_command("marac", "dataset", "--quarter", "2026Q3")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "quarter,measure,category,value"
    assert "2026Q3,repeat_cases,all,1" in out
    with pytest.raises(CommandError, match="quarter: not a quarter"):
        call_command("marac", "dataset", "--quarter", "Q3")
