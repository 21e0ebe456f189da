"""COERCIVE_CONTROL: indicators recorded, asked about once for a victim and perpetrator."""

import pytest

from tests.risk.family import alerts, incident, named, send

pytestmark = pytest.mark.django_db


def test_coercive_control_recorded(agencies) -> None:
    send(incident("2026-03-01T20:00:00", coercive_control=True))
    [alert] = alerts("COERCIVE_CONTROL")
    assert alert.person == named("Katherine")
    assert alert.evidence["indicators"] == ["controlling behaviour"]


def test_a_dash_yes_to_isolation_counts(agencies) -> None:
    answers = {str(q): "yes" if q == 4 else "no" for q in range(1, 28)}
    send(incident("2026-03-01T20:00:00", dash=answers))
    [alert] = alerts("COERCIVE_CONTROL")
    assert alert.evidence["indicators"] == ["isolation"]


def test_no_indicator_raises_nothing_and_repeats_raise_once(agencies) -> None:
    send(incident("2026-03-01T20:00:00"))
    assert alerts("COERCIVE_CONTROL") == []
    send(
        incident("2026-03-02T20:00:00", stalking=True),
        incident("2026-03-09T20:00:00", stalking=True),
    )
    assert len(alerts("COERCIVE_CONTROL")) == 1
