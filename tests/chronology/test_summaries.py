"""The chronology's one line for an event: a DASH says its count and its level, as dash.py
scores it; every code of the exchange format reads as a practitioner would say it."""

import pytest

from frontdoor.chronology.summaries import assumptions_text, summarise

HIGH = {str(n): "yes" if n <= 14 else "no" for n in range(1, 28)}
MEDIUM = {str(n): "yes" if n <= 13 else "no" for n in range(1, 28)}


@pytest.mark.parametrize(
    ("facts", "line"),
    [
        (
            {"type": "dash", "answers": HIGH},
            "DASH risk assessment: 14 of 27 answered yes: high risk; "
            "meets the MARAC referral threshold",
        ),
        (
            {"type": "dash", "answers": MEDIUM},
            "DASH risk assessment: 13 of 27 answered yes: medium risk",
        ),
        (
            {"type": "dash", "professional_judgement": "high"},
            "DASH risk assessment: high risk by professional judgement; "
            "meets the MARAC referral threshold",
        ),
        ({"type": "dash"}, "DASH risk assessment"),
        ({"type": "child_impact", "answers": HIGH}, "Child impact assessment"),
    ],
)
def test_an_assessment_says_its_level(facts: dict, line: str) -> None:
    assert summarise("assessment", facts) == line


def test_an_incident_with_a_dash_says_its_level() -> None:
    line = summarise("incident", {"officer_risk": "medium", "dash": {"answers": MEDIUM}})
    assert line == (
        "Domestic abuse incident; officer risk medium; DASH 13 of 27 answered yes: medium risk"
    )


@pytest.mark.parametrize(
    ("kind", "facts", "line"),
    [
        ("plan", {"type": "safety_plan", "status": "started"}, "Safety plan started"),
        ("plan", {"type": "child_protection", "status": "ended"}, "Child protection plan ended"),
        (
            "involvement",
            {"service": "csc_allocation", "status": "open"},
            "Children's social care allocation opened",
        ),
        ("involvement", {"service": "new_service", "status": "closed"}, "new service closed"),
        (
            "attendance",
            {"setting": "emergency_department", "injury": True},
            "Attended the emergency department with an injury",
        ),
        ("court_order", {"type": "dvpo"}, "Court order: domestic violence protection order"),
    ],
)
def test_a_code_reads_as_words(kind: str, facts: dict, line: str) -> None:
    assert summarise(kind, facts) == line


def test_what_a_plan_relies_on_reads_as_words() -> None:
    assert assumptions_text(["no_contact", "perpetrator_left_home"]) == (
        "no contact with the alleged perpetrator; the alleged perpetrator having left the home"
    )
