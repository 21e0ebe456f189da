"""An independent reading of EXCHANGE.md, to check the generator against the format itself."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

KINDS = {
    "incident",
    "referral",
    "assessment",
    "plan",
    "involvement",
    "attendance",
    "custody",
    "court_order",
    "contact",
    "marac",
}
ROLES = {"victim", "alleged_perpetrator", "child", "adult", "parent", "witness", "subject"}
RELATIONSHIP_TYPES = {
    "partner",
    "ex_partner",
    "parent",
    "step_parent",
    "sibling",
    "household_member",
    "carer",
}
AGENCY_TYPES = {
    "police",
    "csc",
    "early_help",
    "gp",
    "midwifery",
    "health_visiting",
    "emergency_department",
    "adult_mental_health",
    "substance_misuse",
    "school",
    "probation",
    "youth_offending",
    "cafcass",
    "housing",
    "idva",
    "prison",
    "other",
}
SEXES = {"F", "M", "X", "U"}
CHILD_FLAGS = ("present", "seen", "spoken_to", "seen_alone")
DATE_FACTS = ("start_date", "end_date", "meeting_date", "separation_date", "sentence_end")
REF_FACTS = ("children", "protected")
FACT_VOCAB: dict[tuple[str, str], set[str]] = {
    ("incident", "officer_risk"): {"standard", "medium", "high"},
    ("assessment", "type"): {"dash", "child_impact", "single_assessment"},
    ("plan", "type"): {
        "child_protection",
        "child_in_need",
        "early_help",
        "written_agreement",
        "safety_plan",
    },
    ("plan", "status"): {"started", "reviewed", "ended"},
    ("involvement", "service"): {
        "adult_mental_health",
        "substance_misuse",
        "probation_supervision",
        "licence",
        "youth_offending",
        "family_proceedings",
        "health_visiting",
        "midwifery",
        "school_enrolment",
        "gp_registration",
        "idva",
        "early_help",
        "csc_allocation",
    },
    ("involvement", "status"): {"open", "closed"},
    ("attendance", "setting"): {"emergency_department", "urgent_care", "gp", "maternity"},
    ("custody", "event"): {"received", "released"},
    ("court_order", "type"): {
        "non_molestation",
        "restraining",
        "dvpo",
        "bail_conditions",
        "child_arrangements",
    },
    ("marac", "event"): {"referred", "heard"},
}
DASH_ANSWERS = {"yes", "no", "not_known"}


def parse_moment(text: Any) -> datetime | None:
    """A date or a date-time as EXCHANGE.md allows; None when it is neither."""
    if not isinstance(text, str):
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day)
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_day(text: Any) -> date | None:
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def problems(message: dict[str, Any], agency_codes: set[str], end: date) -> list[str]:
    """Every way the message breaks the format, each naming its field."""
    out: list[str] = []
    if not isinstance(message.get("message_id"), str) or not message["message_id"]:
        out.append("message_id: missing")
    if message.get("source") not in agency_codes:
        out.append("source: unknown agency")
    kind = message.get("kind")
    if kind not in KINDS:
        out.append("kind: unknown")
    occurred = parse_moment(message.get("occurred_at"))
    if occurred is None:
        out.append("occurred_at: not a date")
    elif occurred.date() > end:
        out.append("occurred_at: in the future")
    if "reported_at" in message:
        reported = parse_moment(message["reported_at"])
        if reported is None:
            out.append("reported_at: not a date")
        elif occurred is not None and reported.date() < occurred.date():
            out.append("reported_at: before occurred_at")
    subjects = message.get("subjects")
    if not isinstance(subjects, list) or not subjects:
        out.append("subjects: none")
        subjects = []
    refs: set[str] = set()
    for i, subject in enumerate(subjects):
        where = f"subjects[{i}]"
        ref = subject.get("ref")
        if not isinstance(ref, str) or ref in refs:
            out.append(f"{where}.ref: missing or repeated")
        refs.add(ref)
        if subject.get("role") not in ROLES:
            out.append(f"{where}.role: unknown")
        if not subject.get("source_person_id"):
            out.append(f"{where}.source_person_id: missing")
        if "date_of_birth" in subject:
            born = parse_day(subject["date_of_birth"])
            if born is None:
                out.append(f"{where}.date_of_birth: not a date")
            elif occurred is not None and born > occurred.date():
                out.append(f"{where}.date_of_birth: after occurred_at")
        if "due_date" in subject and parse_day(subject["due_date"]) is None:
            out.append(f"{where}.due_date: not a date")
        if subject.get("sex", "U") not in SEXES:
            out.append(f"{where}.sex: unknown")
        number = subject.get("nhs_number")
        if number is not None and (len(number) != 10 or not number.isdigit()):
            out.append(f"{where}.nhs_number: not ten digits")
        address = subject.get("address")
        if address is not None and not set(address) <= {"line1", "line2", "town", "postcode"}:
            out.append(f"{where}.address: unknown field")
        for flag in CHILD_FLAGS:
            if flag in subject and not isinstance(subject[flag], bool):
                out.append(f"{where}.{flag}: not a boolean")
    for i, rel in enumerate(message.get("relationships", [])):
        if rel.get("from") not in refs:
            out.append(f"relationships[{i}].from: unknown ref")
        if rel.get("to") not in refs:
            out.append(f"relationships[{i}].to: unknown ref")
        if rel.get("type") not in RELATIONSHIP_TYPES:
            out.append(f"relationships[{i}].type: unknown")
    facts = message.get("facts", {})
    for name in REF_FACTS:
        for ref in facts.get(name, []):
            if ref not in refs:
                out.append(f"facts.{name}: unknown ref {ref}")
    for (fact_kind, name), allowed in FACT_VOCAB.items():
        if kind == fact_kind and name in facts and facts[name] not in allowed:
            out.append(f"facts.{name}: unknown value {facts[name]!r}")
    for name in DATE_FACTS:
        if name in facts and parse_day(facts[name]) is None:
            out.append(f"facts.{name}: not a date")
    answers = facts.get("answers") if kind == "assessment" else facts.get("dash")
    if answers is not None:
        if set(answers) - {str(q) for q in range(1, 28)}:
            out.append("facts: DASH question out of range")
        if set(answers.values()) - DASH_ANSWERS:
            out.append("facts: DASH answer out of range")
    return out
