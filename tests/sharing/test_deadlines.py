"""A school must know before its next school morning: weekends, bank holidays and the
partnership's school holidays skipped."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from frontdoor.sharing.deadlines import is_school_day, next_school_morning

LONDON = ZoneInfo("Europe/London")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("reported", "due"),
    [
        ("2025-03-11T21:30", "2025-03-12T09:00"),  # a Tuesday evening: Wednesday morning
        ("2025-03-11T07:30", "2025-03-11T09:00"),  # before school: that morning
        ("2025-03-11T09:00", "2025-03-12T09:00"),  # school has started: the next morning
        ("2025-03-07T21:00", "2025-03-10T09:00"),  # a Friday night: Monday
        ("2025-03-08T10:00", "2025-03-10T09:00"),  # a Saturday: Monday
        ("2025-04-17T22:00", "2025-04-22T09:00"),  # before Good Friday and Easter Monday
        ("2025-08-22T18:00", "2025-08-26T09:00"),  # the August bank holiday weekend
    ],
)
def test_due_before_the_next_school_morning(reported: str, due: str) -> None:
    assert next_school_morning(at(reported), zone=LONDON) == at(due)


@override_settings(FRONTDOOR_SCHOOL_CLOSURES=["2025-03-10/2025-03-14", "2025-03-17"])
def test_term_dates_are_configurable() -> None:
    assert not is_school_day(at("2025-03-12T00:00").date())
    assert next_school_morning(at("2025-03-07T21:00"), zone=LONDON) == at("2025-03-18T09:00")


@override_settings(FRONTDOOR_SCHOOL_CLOSURES=["2025-13-01/2025-13-02"])
def test_a_closure_that_is_not_a_date_is_named() -> None:
    with pytest.raises(ValueError, match="2025-13-01/2025-13-02"):
        is_school_day(at("2025-03-12T00:00").date())
