"""One line for each event in the chronology, in the words a practitioner would use."""

from collections.abc import Callable, Mapping
from typing import Any

from frontdoor.risk.dash import MARAC_THRESHOLD, dash_score

Facts = Mapping[str, Any]

HARM_MARKERS = {
    "injury": "injury",
    "weapon": "weapon",
    "strangulation": "strangulation",
    "threats_to_kill": "threats to kill",
    "sexual_violence": "sexual violence",
    "stalking": "stalking",
    "coercive_control": "coercive control",
}


PLANS = {
    "child_protection": "Child protection plan",
    "child_in_need": "Child in need plan",
    "early_help": "Early help plan",
    "written_agreement": "Written agreement",
    "safety_plan": "Safety plan",
}
SERVICES = {
    "adult_mental_health": "Adult mental health service",
    "substance_misuse": "Substance misuse service",
    "probation_supervision": "Probation supervision",
    "licence": "Supervision on licence",
    "youth_offending": "Youth offending service",
    "family_proceedings": "Family court proceedings",
    "health_visiting": "Health visiting",
    "midwifery": "Midwifery care",
    "school_enrolment": "School place",
    "gp_registration": "GP registration",
    "idva": "IDVA support",
    "early_help": "Early help",
    "csc_allocation": "Children's social care allocation",
}
SETTINGS = {
    "emergency_department": "the emergency department",
    "urgent_care": "urgent care",
    "gp": "the GP",
    "maternity": "maternity",
}
ORDERS = {
    "non_molestation": "non-molestation order",
    "restraining": "restraining order",
    "dvpo": "domestic violence protection order",
    "bail_conditions": "bail conditions",
    "child_arrangements": "child arrangements order",
}
ASSUMPTIONS = {
    "separation": "the parents staying apart",
    "no_contact": "no contact with the alleged perpetrator",
    "perpetrator_left_home": "the alleged perpetrator having left the home",
    "victim_will_report": "the victim reporting any further abuse",
}


def _words(code: object) -> str:
    return str(code).replace("_", " ")


def _named(names: Mapping[str, str], code: object) -> str:
    """A code of the exchange format by its name; one the format does not list, as words."""
    return names.get(str(code), _words(code))


def assumptions_text(codes: object) -> str:
    """What a plan relies on, in words: 'no contact with the alleged perpetrator; ...'."""
    listed = codes if isinstance(codes, list) else []
    return "; ".join(_named(ASSUMPTIONS, code) for code in listed)


def _dash(facts: Facts) -> str:
    """A DASH's count and level in words, saying so when it meets the MARAC threshold."""
    answers = facts.get("answers")
    answers = answers if isinstance(answers, dict) else {}
    score = dash_score(answers, facts.get("professional_judgement"))
    if answers:
        text = score.summary
    elif score.judged_high:
        text = "high risk by professional judgement"
    else:
        return ""
    return f"{text}; {MARAC_THRESHOLD}" if score.meets_marac_threshold else text


def _incident(facts: Facts) -> str:
    parts = ["Domestic abuse crime" if facts.get("crime") else "Domestic abuse incident"]
    if facts.get("officer_risk"):
        parts.append(f"officer risk {facts['officer_risk']}")
    markers = [label for name, label in HARM_MARKERS.items() if facts.get(name)]
    if facts.get("separated"):
        markers.append("after separation")
    if facts.get("pregnant"):
        markers.append("victim pregnant")
    if facts.get("arrest"):
        markers.append("arrest")
    if facts.get("breach_of"):
        markers.append("breach of an order")
    if markers:
        parts.append(", ".join(markers))
    dash = _dash(facts["dash"]) if isinstance(facts.get("dash"), dict) else ""
    if dash:
        parts.append(f"DASH {dash}")
    return "; ".join(parts)


def _referral(facts: Facts) -> str:
    urgent = "Urgent referral" if facts.get("urgent") else "Referral"
    concerns = ", ".join(_words(c) for c in facts.get("concerns") or [])
    return f"{urgent} to the front door" + (f": {concerns}" if concerns else "")


def _agency_check(facts: Facts) -> str:
    holds = facts.get("holds")
    held = "" if holds is None else "holds information" if holds else "holds nothing relevant"
    text = f"Answered the front door's check on referral {facts.get('referral', '')}".rstrip()
    answer = str(facts.get("answer") or "")
    return f"{text}: {held}" + (f": {answer}" if answer else "") if held else text


def _assessment(facts: Facts) -> str:
    kind = {"dash": "DASH risk assessment", "child_impact": "Child impact assessment"}.get(
        str(facts.get("type")), "Assessment"
    )
    dash = _dash(facts) if facts.get("type") == "dash" else ""
    return f"{kind}: {dash}" if dash else kind


def _plan(facts: Facts) -> str:
    return f"{_named(PLANS, facts.get('type', 'plan'))} {facts.get('status', '')}".strip()


def _involvement(facts: Facts) -> str:
    status = "opened" if facts.get("status") == "open" else "closed"
    return f"{_named(SERVICES, facts.get('service', 'service'))} {status}"


def _attendance(facts: Facts) -> str:
    text = f"Attended {_named(SETTINGS, facts.get('setting', 'a health setting'))}"
    if facts.get("injury"):
        text += " with an injury"
    if facts.get("presenting_complaint"):
        text += f": {facts['presenting_complaint']}"
    return text


def _custody(facts: Facts) -> str:
    if facts.get("event") == "released":
        return "Released from custody" + (" on licence" if facts.get("licence") else "")
    return "Received into custody"


def _court_order(facts: Facts) -> str:
    return f"Court order: {_named(ORDERS, facts.get('type', 'order'))}"


def _contact(facts: Facts) -> str:
    notes = str(facts.get("notes") or "")
    return "Practitioner contact" + (f": {notes}" if notes else "")


def _marac(facts: Facts) -> str:
    return "Referred to MARAC" if facts.get("event") == "referred" else "Heard at MARAC"


SUMMARIES: dict[str, Callable[[Facts], str]] = {
    "incident": _incident,
    "referral": _referral,
    "agency_check": _agency_check,
    "assessment": _assessment,
    "plan": _plan,
    "involvement": _involvement,
    "attendance": _attendance,
    "custody": _custody,
    "court_order": _court_order,
    "contact": _contact,
    "marac": _marac,
}


def summarise(kind: str, facts: Facts) -> str:
    """The chronology's one-line description of an event, cut to fit its column."""
    text = SUMMARIES[kind](facts)
    return text if len(text) <= 500 else text[:497] + "..."
