"""The chronology's one line for a DASH says its count and its level, as dash.py scores it."""

import pytest

from frontdoor.chronology.summaries import summarise

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
