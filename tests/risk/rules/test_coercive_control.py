"""COERCIVE_CONTROL: indicators recorded, asked about once for a victim and perpetrator."""

from io import StringIO

import pytest
from django.core.management import call_command

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


@pytest.mark.parametrize("order", ["as reported", "the later one first"])
def test_raised_once_whatever_order_the_messages_arrive_in(agencies, order) -> None:
    """Dean is named by his part in the first message to arrive, whichever it is; a replay
    (in the order the messages were reported) names him the same."""
    earlier = incident("2026-03-01T20:00:00", coercive_control=True)
    later = incident("2026-03-10T20:00:00", stalking=True)
    for sent in (earlier, later) if order == "as reported" else (later, earlier):
        send(sent)
    [live] = alerts("COERCIVE_CONTROL")
    call_command("rules", "replay", stdout=StringIO())
    assert [a.key for a in alerts("COERCIVE_CONTROL")] == [live.key]


def test_an_earlier_incident_arriving_late_does_not_rename_the_perpetrator(agencies) -> None:
    send(incident("2026-03-10T20:00:00", coercive_control=True))
    send(incident("2026-03-01T20:00:00"))
    send(incident("2026-03-20T20:00:00", coercive_control=True))
    assert len(alerts("COERCIVE_CONTROL")) == 1
