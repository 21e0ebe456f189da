"""DASH_HIGH: 14 yes answers, or professional judgement, whether sent alone or in an incident."""

import pytest

from tests.risk.family import about, alerts, incident, named, perpetrator, send, victim

pytestmark = pytest.mark.django_db


def answers(yes: int) -> dict[str, str]:
    return {str(q): "yes" if q <= yes else "no" for q in range(1, 28)}


def dash(yes: int, judgement: str | None = None) -> dict:
    return about(
        "police",
        "assessment",
        "2026-03-02T10:00:00",
        victim(),
        perpetrator(),
        type="dash",
        answers=answers(yes),
        professional_judgement=judgement,
    )


def test_14_yes_answers_raise_it_for_the_victim(agencies) -> None:
    send(dash(14))
    [alert] = alerts("DASH_HIGH")
    assert alert.person == named("Katherine")
    assert alert.evidence["yes_count"] == 14
    assert alert.action == "Refer to MARAC and to the IDVA service"
    assert alert.due_by.isoformat() == "2026-03-03"


def test_13_yes_answers_do_not(agencies) -> None:
    send(dash(13))
    assert alerts("DASH_HIGH") == []


def test_professional_judgement_raises_a_low_count(agencies) -> None:
    send(dash(3, "high"))
    [alert] = alerts("DASH_HIGH")
    assert alert.evidence["judged_high"] is True


def test_a_dash_inside_an_incident_counts(agencies) -> None:
    send(incident("2026-03-01T20:00:00", dash=answers(14)))
    assert len(alerts("DASH_HIGH")) == 1


def test_a_marac_referral_resolves_it(agencies) -> None:
    send(dash(15))
    send(about("police", "marac", "2026-03-04T10:00:00", victim(), event="referred"))
    [alert] = alerts("DASH_HIGH")
    assert alert.status == "resolved"
    assert alert.status_reason.startswith("Referred to MARAC on 4 Mar 2026")
