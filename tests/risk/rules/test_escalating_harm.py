"""ESCALATING_HARM: more harm than before, or incidents coming faster."""

import pytest

from frontdoor.risk.models import RuleSetting
from tests.risk.family import alerts, incident, send

pytestmark = pytest.mark.django_db


def test_an_injury_after_incidents_without_one_raises_it(agencies) -> None:
    send(incident("2026-01-10T20:00:00"))
    assert alerts("ESCALATING_HARM") == []
    send(incident("2026-04-10T20:00:00", injury=True, strangulation=True))
    [alert] = alerts("ESCALATING_HARM")
    assert alert.evidence["harm_markers"] == ["injury", "strangulation"]


def test_the_same_harm_again_is_not_escalation(agencies) -> None:
    send(incident("2026-01-10T20:00:00", injury=True), incident("2026-02-10T20:00:00", injury=True))
    assert alerts("ESCALATING_HARM") == []


def test_lower_harm_more_than_the_window_before_does_not_count(agencies) -> None:
    send(incident("2025-01-10T20:00:00"), incident("2026-01-11T20:00:00", weapon=True))
    assert alerts("ESCALATING_HARM") == []


def test_a_gap_at_most_95_percent_of_the_one_before_is_more_frequent(agencies) -> None:
    # Gaps of 100 then 95 days: 95 is 95% of 100.
    send(
        incident("2026-01-01T20:00:00"),
        incident("2026-04-11T20:00:00"),
        incident("2026-07-15T20:00:00"),
    )
    [alert] = alerts("ESCALATING_HARM")
    assert alert.evidence["gaps_days"] == [100, 95]


def test_a_gap_of_96_percent_is_not(agencies) -> None:
    send(
        incident("2026-01-01T20:00:00"),
        incident("2026-04-11T20:00:00"),
        incident("2026-07-16T20:00:00"),
    )
    assert alerts("ESCALATING_HARM") == []


def test_the_ratio_is_partnership_configuration(agencies) -> None:
    RuleSetting.objects.create(
        key="escalating_harm.faster_ratio", value=0.5, effective_from="2026-01-01", reason="test"
    )
    send(
        incident("2026-01-01T20:00:00"),
        incident("2026-04-11T20:00:00"),
        incident("2026-07-15T20:00:00"),
    )
    assert alerts("ESCALATING_HARM") == []
