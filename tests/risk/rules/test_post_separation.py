"""POST_SEPARATION: abuse after a recorded separation."""

import pytest

from tests.risk.family import alerts, incident, named, send

pytestmark = pytest.mark.django_db


def test_abuse_after_the_separation_date(agencies) -> None:
    send(incident("2026-03-01T20:00:00", separated=True, separation_date="2026-03-01"))
    [alert] = alerts("POST_SEPARATION")
    assert alert.person == named("Katherine")
    assert alert.evidence["separated_on"] == "2026-03-01"


def test_abuse_with_no_separation_recorded_is_not(agencies) -> None:
    send(incident("2026-02-28T20:00:00", separated=False))
    assert alerts("POST_SEPARATION") == []


def test_a_separation_recorded_earlier_counts_for_later_abuse(agencies) -> None:
    send(incident("2026-01-01T20:00:00", separated=True))
    send(incident("2026-05-01T20:00:00", stalking=True))
    [alert] = alerts("POST_SEPARATION")  # one alert for the separation
    assert alert.evidence["separated_on"] == "2026-01-01"
