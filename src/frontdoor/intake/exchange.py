"""The exchange format, version 1: parse a message into typed parts, or say exactly what is wrong.

Every error names the field by its path in the message (zero-based list indexes) and the value
that was wrong, e.g. ``subjects[1].date_of_birth: not a date: '31/02/2016'``.
"""

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

KINDS = frozenset(
    {
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
)
ROLES = frozenset(
    {"victim", "alleged_perpetrator", "child", "adult", "parent", "witness", "subject"}
)
RELATIONSHIP_TYPES = frozenset(
    {"partner", "ex_partner", "parent", "step_parent", "sibling", "household_member", "carer"}
)
SEXES = frozenset({"F", "M", "X", "U"})
CHILD_FLAGS = ("present", "seen", "spoken_to", "seen_alone")
ADDRESS_FIELDS = ("line1", "line2", "town", "postcode")

# Facts whose values the hub reads, by kind: the type each must have when present.
BOOL, TEXT, DATE, REFS, CODES, OBJECT = "bool", "text", "date", "refs", "codes", "object"
FACT_TYPES: dict[str, dict[str, str | frozenset[str]]] = {
    "incident": {
        "category": frozenset({"domestic_abuse"}),
        "crime": BOOL,
        "officer_risk": frozenset({"standard", "medium", "high"}),
        "dash": OBJECT,
        "injury": BOOL,
        "weapon": BOOL,
        "strangulation": BOOL,
        "threats_to_kill": BOOL,
        "sexual_violence": BOOL,
        "stalking": BOOL,
        "coercive_control": BOOL,
        "separated": BOOL,
        "separation_date": DATE,
        "pregnant": BOOL,
        "arrest": BOOL,
        "narrative": TEXT,
        "shared_with": CODES,
        "breach_of": TEXT,
    },
    "referral": {"reason": TEXT, "concerns": CODES, "urgent": BOOL, "referrer": OBJECT},
    "assessment": {
        "type": frozenset({"dash", "child_impact", "single_assessment"}),
        "answers": OBJECT,
        "professional_judgement": frozenset({"high"}),
        "outcome": TEXT,
    },
    "plan": {
        "type": frozenset(
            {"child_protection", "child_in_need", "early_help", "written_agreement", "safety_plan"}
        ),
        "status": frozenset({"started", "reviewed", "ended"}),
        "start_date": DATE,
        "end_date": DATE,
        "relies_on": CODES,
        "children": REFS,
    },
    "involvement": {
        "service": frozenset(
            {
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
            }
        ),
        "status": frozenset({"open", "closed"}),
        "start_date": DATE,
        "end_date": DATE,
        "worker": OBJECT,
        "licence_conditions": TEXT,
    },
    "attendance": {
        "setting": frozenset({"emergency_department", "urgent_care", "gp", "maternity"}),
        "injury": BOOL,
        "presenting_complaint": TEXT,
    },
    "custody": {
        "event": frozenset({"received", "released"}),
        "licence": BOOL,
        "sentence_end": DATE,
    },
    "court_order": {
        "type": frozenset(
            {"non_molestation", "restraining", "dvpo", "bail_conditions", "child_arrangements"}
        ),
        "start_date": DATE,
        "end_date": DATE,
        "protected": REFS,
    },
    "contact": {"notes": TEXT},
    "marac": {"event": frozenset({"referred", "heard"}), "meeting_date": DATE},
}
DASH_ANSWERS = frozenset({"yes", "no", "not_known"})
DASH_QUESTIONS = frozenset(str(n) for n in range(1, 28))
CLOCK_SKEW = timedelta(minutes=5)
_NHS_DIGITS = re.compile(r"^\d{10}$")


def nhs_number_is_valid(number: str) -> bool:
    """The NHS modulus-11 check: ten digits whose weighted sum gives the tenth as check digit."""
    if not _NHS_DIGITS.match(number):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(number[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(number[9])


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str = ""
    town: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class Subject:
    ref: str
    role: str
    source_person_id: str = ""
    given_name: str = ""
    family_name: str = ""
    other_names: tuple[str, ...] = ()
    date_of_birth: date | None = None
    sex: str = ""
    nhs_number: str = ""
    nhs_number_valid: bool = False
    address: Address = field(default_factory=Address)
    school_urn: str = ""
    gp_practice: str = ""
    due_date: date | None = None
    present: bool | None = None
    seen: bool | None = None
    spoken_to: bool | None = None
    seen_alone: bool | None = None
    voice: str = ""


@dataclass(frozen=True)
class Relationship:
    from_ref: str
    to_ref: str
    type: str


@dataclass(frozen=True)
class Envelope:
    """A message that passed validation, in the types the rest of the hub works with."""

    message_id: str
    source: str
    kind: str
    occurred_at: datetime
    reported_at: datetime
    subjects: tuple[Subject, ...]
    relationships: tuple[Relationship, ...]
    facts: Mapping[str, Any]
    warnings: tuple[str, ...] = ()


@dataclass
class Checked:
    """The outcome of checking one message: an envelope when it is valid, else every error."""

    envelope: Envelope | None
    errors: list[str]


class _Problems:
    """Collects errors, each naming a field path and the offending value."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def add(self, path: str, reason: str) -> None:
        self.errors.append(f"{path}: {reason}")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _parse_date(value: object, path: str, problems: _Problems) -> date | None:
    if not isinstance(value, str):
        problems.add(path, f"not a date: {_show(value)} (expected YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.add(path, f"not a date: {_show(value)} (expected YYYY-MM-DD)")
        return None


def _parse_moment(value: object, path: str, local: tzinfo, problems: _Problems) -> datetime | None:
    """An ISO 8601 date or date-time; without an offset it is the partnership's local time."""
    if not isinstance(value, str):
        problems.add(path, f"not a date or date-time: {_show(value)}")
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        problems.add(path, f"not a date or date-time: {_show(value)}")
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local)
    return moment


def _text(value: object, path: str, problems: _Problems) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        problems.add(path, f"expected text, got {_show(value)}")
        return ""
    return str(value).strip()


def _flag(value: object, path: str, problems: _Problems) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    problems.add(path, f"expected true or false, got {_show(value)}")
    return None


def _check_address(value: object, path: str, problems: _Problems) -> Address:
    if value is None:
        return Address()
    if not isinstance(value, dict):
        problems.add(
            path, f"expected an object with line1, line2, town, postcode, got {_show(value)}"
        )
        return Address()
    return Address(
        **{name: _text(value.get(name), f"{path}.{name}", problems) for name in ADDRESS_FIELDS}
    )


def _check_subject(
    value: object, path: str, occurred_at: datetime | None, problems: _Problems
) -> Subject | None:
    if not isinstance(value, dict):
        problems.add(path, f"expected an object, got {_show(value)}")
        return None
    ref = _text(value.get("ref"), f"{path}.ref", problems)
    if not ref:
        problems.add(f"{path}.ref", "required")
    role = value.get("role")
    if role not in ROLES:
        problems.add(f"{path}.role", f"not one of {', '.join(sorted(ROLES))}: {_show(role)}")
    dob = None
    if value.get("date_of_birth") is not None:
        dob = _parse_date(value["date_of_birth"], f"{path}.date_of_birth", problems)
        if dob and occurred_at and dob > occurred_at.date():
            problems.add(
                f"{path}.date_of_birth",
                f"{_show(value['date_of_birth'])} is after occurred_at ({occurred_at.date()})",
            )
    due = None
    if value.get("due_date") is not None:
        due = _parse_date(value["due_date"], f"{path}.due_date", problems)
    sex = value.get("sex")
    if sex is not None and sex not in SEXES:
        problems.add(f"{path}.sex", f"not one of F, M, X, U: {_show(sex)}")
    nhs = _text(value.get("nhs_number"), f"{path}.nhs_number", problems).replace(" ", "")
    nhs_valid = nhs_number_is_valid(nhs) if nhs else False
    if nhs and not nhs_valid:
        problems.warnings.append(
            f"{path}.nhs_number: {_show(nhs)} fails the NHS number check; kept, not used to link"
        )
    other_names = value.get("other_names") or []
    if not isinstance(other_names, list) or not all(isinstance(n, str) for n in other_names):
        problems.add(f"{path}.other_names", f"expected a list of names, got {_show(other_names)}")
        other_names = []

    def text(name: str) -> str:
        return _text(value.get(name), f"{path}.{name}", problems)

    def flag(name: str) -> bool | None:
        return _flag(value.get(name), f"{path}.{name}", problems)

    return Subject(
        ref=ref,
        role=str(role),
        date_of_birth=dob,
        due_date=due,
        sex=sex or "",
        nhs_number=nhs,
        nhs_number_valid=nhs_valid,
        other_names=tuple(n.strip() for n in other_names if n.strip()),
        address=_check_address(value.get("address"), f"{path}.address", problems),
        source_person_id=text("source_person_id"),
        given_name=text("given_name"),
        family_name=text("family_name"),
        school_urn=text("school_urn"),
        gp_practice=text("gp_practice"),
        voice=text("voice"),
        present=flag("present"),
        seen=flag("seen"),
        spoken_to=flag("spoken_to"),
        seen_alone=flag("seen_alone"),
    )


def _check_relationships(
    value: object, refs: Collection[str], problems: _Problems
) -> list[Relationship]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add("relationships", f"expected a list, got {_show(value)}")
        return []
    found = []
    for index, item in enumerate(value):
        path = f"relationships[{index}]"
        if not isinstance(item, dict):
            problems.add(path, f"expected an object, got {_show(item)}")
            continue
        for end in ("from", "to"):
            if item.get(end) not in refs:
                problems.add(
                    f"{path}.{end}", f"names no subject ref in this message: {_show(item.get(end))}"
                )
        if item.get("type") not in RELATIONSHIP_TYPES:
            problems.add(
                f"{path}.type",
                f"not one of {', '.join(sorted(RELATIONSHIP_TYPES))}: {_show(item.get('type'))}",
            )
        found.append(
            Relationship(str(item.get("from")), str(item.get("to")), str(item.get("type")))
        )
    return found


def _check_fact(
    kind: str, name: str, value: object, refs: Collection[str], problems: _Problems
) -> None:
    expected = FACT_TYPES[kind].get(name)
    path = f"facts.{name}"
    if expected is None or value is None:
        return
    if isinstance(expected, frozenset):
        if value not in expected:
            problems.add(path, f"not one of {', '.join(sorted(expected))}: {_show(value)}")
    elif expected == BOOL:
        _flag(value, path, problems)
    elif expected == TEXT:
        _text(value, path, problems)
    elif expected == DATE:
        _parse_date(value, path, problems)
    elif expected == OBJECT and not isinstance(value, dict):
        problems.add(path, f"expected an object, got {_show(value)}")
    elif expected in (REFS, CODES):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.add(path, f"expected a list of text, got {_show(value)}")
        elif expected == REFS:
            for index, ref in enumerate(value):
                if ref not in refs:
                    problems.add(
                        f"{path}[{index}]", f"names no subject ref in this message: {_show(ref)}"
                    )


def _check_dash_answers(answers: object, path: str, problems: _Problems) -> None:
    if not isinstance(answers, dict):
        return
    for question, answer in answers.items():
        if question not in DASH_QUESTIONS:
            problems.add(f"{path}.{question}", "not a DASH question number from 1 to 27")
        elif answer not in DASH_ANSWERS:
            problems.add(f"{path}.{question}", f"not one of yes, no, not_known: {_show(answer)}")


def check_message(
    payload: object, *, agencies: Collection[str], now: datetime, local: tzinfo
) -> Checked:
    """Check one parsed message against the exchange format and the hub's register of agencies."""
    problems = _Problems()
    if not isinstance(payload, dict):
        problems.add("(message)", f"expected a JSON object, got {_show(payload)}")
        return Checked(None, problems.errors)
    message_id = _text(payload.get("message_id"), "message_id", problems)
    if not message_id:
        problems.add("message_id", "required")
    source = _text(payload.get("source"), "source", problems)
    if not source:
        problems.add("source", "required")
    elif source not in agencies:
        problems.add("source", f"unknown agency code: {_show(source)}")
    kind = payload.get("kind")
    if kind not in KINDS:
        problems.add("kind", f"not one of {', '.join(sorted(KINDS))}: {_show(kind)}")
    occurred_at = None
    if payload.get("occurred_at") is None:
        problems.add("occurred_at", "required")
    else:
        occurred_at = _parse_moment(payload["occurred_at"], "occurred_at", local, problems)
    reported_at = occurred_at
    if payload.get("reported_at") is not None:
        reported_at = _parse_moment(payload["reported_at"], "reported_at", local, problems)
    for name, moment in (("occurred_at", occurred_at), ("reported_at", reported_at)):
        if moment and moment > now + CLOCK_SKEW and name in payload:
            problems.add(name, f"{_show(payload[name])} is in the future")
    if occurred_at and reported_at and reported_at < occurred_at and "reported_at" in payload:
        problems.add("reported_at", f"{_show(payload['reported_at'])} is before occurred_at")

    raw_subjects = payload.get("subjects")
    subjects: list[Subject] = []
    if not isinstance(raw_subjects, list) or not raw_subjects:
        problems.add("subjects", f"at least one subject is required, got {_show(raw_subjects)}")
    else:
        for index, raw in enumerate(raw_subjects):
            subject = _check_subject(raw, f"subjects[{index}]", occurred_at, problems)
            if subject:
                subjects.append(subject)
    refs = [subject.ref for subject in subjects]
    for index, ref in enumerate(refs):
        if ref and ref in refs[:index]:
            problems.add(f"subjects[{index}].ref", f"used twice in this message: {_show(ref)}")
    relationships = _check_relationships(payload.get("relationships"), refs, problems)

    facts = payload.get("facts") or {}
    if not isinstance(facts, dict):
        problems.add("facts", f"expected an object, got {_show(facts)}")
        facts = {}
    if kind in KINDS:
        for name, value in facts.items():
            _check_fact(str(kind), name, value, refs, problems)
        if kind == "assessment" and facts.get("type") == "dash":
            _check_dash_answers(facts.get("answers"), "facts.answers", problems)
        if kind == "incident" and isinstance(facts.get("shared_with"), list):
            for index, code in enumerate(facts["shared_with"]):
                if code not in agencies:
                    problems.warnings.append(
                        f"facts.shared_with[{index}]: unknown agency code {_show(code)}; ignored"
                    )
        if kind == "incident" and isinstance(facts.get("dash"), dict):
            _check_dash_answers(facts["dash"].get("answers"), "facts.dash.answers", problems)
    separation = facts.get("separation_date")
    if occurred_at and isinstance(separation, str):
        try:
            if date.fromisoformat(separation) > occurred_at.date():
                problems.add("facts.separation_date", f"{_show(separation)} is after occurred_at")
        except ValueError:
            pass

    if problems.errors or occurred_at is None or reported_at is None:
        return Checked(None, problems.errors)
    envelope = Envelope(
        message_id=message_id,
        source=source,
        kind=str(kind),
        occurred_at=occurred_at,
        reported_at=reported_at,
        subjects=tuple(subjects),
        relationships=tuple(relationships),
        facts=facts,
        warnings=tuple(problems.warnings),
    )
    return Checked(envelope, [])
