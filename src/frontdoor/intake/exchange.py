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
        "agency_check",
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
        "station": TEXT,
    },
    "referral": {"reason": TEXT, "concerns": CODES, "urgent": BOOL, "referrer": OBJECT},
    "agency_check": {"referral": TEXT, "question": TEXT, "holds": BOOL, "answer": TEXT},
    "assessment": {
        "type": frozenset({"dash", "child_impact", "single_assessment"}),
        "answers": OBJECT,
        "professional_judgement": frozenset({"high"}),
        "judgement_reason": TEXT,
        "victim_account": OBJECT,
        "practitioner_notes": TEXT,
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
    "marac": {
        "event": frozenset({"referred", "heard"}),
        "meeting_date": DATE,
        "criterion": frozenset(
            {"dash_high", "potential_escalation", "professional_judgement", "repeat"}
        ),
        "reason": TEXT,
    },
}
# An incident's `dash` says what an assessment of type dash says, with these facts as typed there.
INCIDENT_DASH_FACTS = ("professional_judgement", "judgement_reason", "practitioner_notes")
DASH_ANSWERS = frozenset({"yes", "no", "not_known"})
DASH_QUESTIONS = frozenset(str(n) for n in range(1, 28))
CLOCK_SKEW = timedelta(minutes=5)
_NHS_DIGITS = re.compile(r"\d{10}", re.ASCII)
OLDEST_BIRTH_YEAR = 1900

# The longest value the hub keeps for each text field; longer is an error, not a truncation.
MAX_LENGTH = {
    "message_id": 200,
    "source": 64,
    "ref": 64,
    "source_person_id": 100,
    "given_name": 100,
    "family_name": 100,
    "other_names": 100,
    "line1": 200,
    "line2": 200,
    "town": 100,
    "postcode": 16,
    "school_urn": 16,
    "gp_practice": 16,
    "nhs_number": 10,
    "voice": 10000,
    "station": 200,
    "text": 20000,
}


def nhs_number_is_valid(number: str) -> bool:
    """Ten digits passing the NHS modulus-11 check, and not a placeholder of one repeated digit.

    Every number of ten equal digits passes the check, and systems use them for "not known".
    """
    if not _NHS_DIGITS.fullmatch(number) or len(set(number)) == 1:
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(number[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(number[9])


def message_key(payload: object) -> tuple[str | None, str | None]:
    """The (source, message_id) a message claims, read exactly as the check reads them.

    A part that is missing, not text, blank or too long is None: such a message is still kept,
    without a key, and the check says what is wrong with it.
    """
    if not isinstance(payload, dict):
        return None, None
    parts = []
    for name in ("source", "message_id"):
        value = payload.get(name)
        text = value.strip() if isinstance(value, str) else ""
        parts.append(text if text and len(text) <= MAX_LENGTH[name] else None)
    return parts[0], parts[1]


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


def _choice(value: object, allowed: frozenset[str], path: str, problems: _Problems) -> str:
    """One of a fixed set of codes; anything else, whatever its type, is named as an error."""
    if isinstance(value, str) and value in allowed:
        return value
    problems.add(path, f"not one of {', '.join(sorted(allowed))}: {_show(value)}")
    return ""


def _text(value: object, path: str, problems: _Problems, limit: int | None = None) -> str:
    """Text, stripped; a number is read as text. None is blank."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        problems.add(path, f"expected text, got {_show(value)}")
        return ""
    text = str(value).strip()
    limit = limit or MAX_LENGTH.get(path.rsplit(".", 1)[-1], MAX_LENGTH["text"])
    if len(text) > limit:
        problems.add(path, f"longer than {limit} characters: {_show(text)}")
        return ""
    return text


def _key_text(value: object, path: str, problems: _Problems) -> str:
    """A key (message_id, source, ref): required text, never a number or a flag."""
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.add(path, "required")
        return ""
    if not isinstance(value, str):
        problems.add(path, f"expected text, got {_show(value)}")
        return ""
    return _text(value, path, problems, MAX_LENGTH[path.rsplit(".", 1)[-1]])


def _flag(value: object, path: str, problems: _Problems) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    problems.add(path, f"expected true or false, got {_show(value)}")
    return None


def _parse_date(value: object, path: str, problems: _Problems) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(path, f"not a date: {_show(value)} (expected YYYY-MM-DD)")
    return None


@dataclass(frozen=True)
class _Moment:
    """A point in time as a message gave it: a date alone, or a date and time."""

    at: datetime
    date_only: bool

    def local_date(self, local: tzinfo) -> date:
        return self.at.astimezone(local).date()


def _parse_moment(value: object, path: str, local: tzinfo, problems: _Problems) -> _Moment | None:
    """An ISO 8601 date or date-time; without an offset it is the partnership's local time."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            date_only = len(value.strip()) == len("YYYY-MM-DD")
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=local)
            return _Moment(moment, date_only)
    problems.add(path, f"not a date or date-time: {_show(value)}")
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


def _check_names(value: object, path: str, problems: _Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(path, f"expected a list of names, got {_show(value)}")
        return ()
    names = (_text(name, f"{path}[{index}]", problems, 100) for index, name in enumerate(value))
    return tuple(name for name in names if name)


def _check_subject(
    value: object, path: str, occurred_on: date | None, problems: _Problems
) -> Subject | None:
    if not isinstance(value, dict):
        problems.add(path, f"expected an object, got {_show(value)}")
        return None
    ref = _key_text(value.get("ref"), f"{path}.ref", problems)
    role = _choice(value.get("role"), ROLES, f"{path}.role", problems)
    dob = None
    if value.get("date_of_birth") is not None:
        dob = _parse_date(value["date_of_birth"], f"{path}.date_of_birth", problems)
        if dob and occurred_on and dob > occurred_on:
            problems.add(
                f"{path}.date_of_birth",
                f"{_show(value['date_of_birth'])} is after occurred_at ({occurred_on})",
            )
        elif dob and dob.year < OLDEST_BIRTH_YEAR:
            problems.add(f"{path}.date_of_birth", f"{_show(value['date_of_birth'])} is before 1900")
    due = None
    if value.get("due_date") is not None:
        due = _parse_date(value["due_date"], f"{path}.due_date", problems)
        if role and role != "child":
            problems.add(f"{path}.due_date", f"only an unborn child has a due date, not a {role}")
    sex = "" if value.get("sex") is None else _choice(value["sex"], SEXES, f"{path}.sex", problems)
    nhs = _text(value.get("nhs_number"), f"{path}.nhs_number", problems, 13).replace(" ", "")
    nhs_valid = nhs_number_is_valid(nhs) if nhs else False
    if nhs and not nhs_valid:
        problems.warnings.append(
            f"{path}.nhs_number: {_show(nhs)} is not a valid NHS number; kept, not used to link"
        )

    def text(name: str) -> str:
        return _text(value.get(name), f"{path}.{name}", problems)

    def flag(name: str) -> bool | None:
        return _flag(value.get(name), f"{path}.{name}", problems)

    return Subject(
        ref=ref,
        role=role,
        date_of_birth=dob,
        due_date=due,
        sex=sex,
        nhs_number=nhs[: MAX_LENGTH["nhs_number"]],
        nhs_number_valid=nhs_valid,
        other_names=_check_names(value.get("other_names"), f"{path}.other_names", problems),
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
        ends = []
        for end in ("from", "to"):
            ref = item.get(end)
            if not isinstance(ref, str) or ref not in refs:
                problems.add(f"{path}.{end}", f"names no subject ref in this message: {_show(ref)}")
            ends.append(str(ref))
        if ends[0] == ends[1]:
            problems.add(f"{path}.to", f"a subject cannot be related to itself: {_show(ends[1])}")
        kind = _choice(item.get("type"), RELATIONSHIP_TYPES, f"{path}.type", problems)
        found.append(Relationship(ends[0], ends[1], kind))
    return found


def _check_object_of_text(value: dict[str, object], path: str, problems: _Problems) -> None:
    """A small object such as a referrer or worker: each of its values is text."""
    for name, item in value.items():
        _text(item, f"{path}.{name}", problems)


def _check_fact(
    kind: str,
    name: str,
    value: object,
    refs: Collection[str],
    problems: _Problems,
    within: str = "facts",
) -> None:
    expected = FACT_TYPES[kind].get(name)
    path = f"{within}.{name}"
    if expected is None or value is None:
        return
    if isinstance(expected, frozenset):
        _choice(value, expected, path, problems)
    elif expected == BOOL:
        _flag(value, path, problems)
    elif expected == TEXT:
        _text(value, path, problems)
    elif expected == DATE:
        _parse_date(value, path, problems)
    elif expected == OBJECT:
        if not isinstance(value, dict):
            problems.add(path, f"expected an object, got {_show(value)}")
        elif name in ("referrer", "worker"):
            _check_object_of_text(value, path, problems)
    elif not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(path, f"expected a list of text, got {_show(value)}")
    elif expected == REFS:
        for index, ref in enumerate(value):
            if ref not in refs:
                problems.add(
                    f"{path}[{index}]", f"names no subject ref in this message: {_show(ref)}"
                )


def _check_by_question(value: object, path: str, problems: _Problems) -> dict[str, object]:
    """An object keyed by DASH question number; a key that is not one is named as an error."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(path, f"expected an object of question numbers, got {_show(value)}")
        return {}
    for question in value:
        if question not in DASH_QUESTIONS:
            problems.add(f"{path}.{question}", "not a DASH question number from 1 to 27")
    return {question: item for question, item in value.items() if question in DASH_QUESTIONS}


def _check_dash(dash: Mapping[str, object], path: str, problems: _Problems) -> None:
    """A DASH's answers, and the victim's own account of any question, as text."""
    answers = _check_by_question(dash.get("answers"), f"{path}answers", problems)
    for question, answer in answers.items():
        _choice(answer, DASH_ANSWERS, f"{path}answers.{question}", problems)
    accounts = _check_by_question(dash.get("victim_account"), f"{path}victim_account", problems)
    for question, account in accounts.items():
        _text(account, f"{path}victim_account.{question}", problems)


def _check_times(
    payload: dict[str, Any], now: datetime, local: tzinfo, problems: _Problems
) -> tuple[_Moment | None, _Moment | None]:
    """occurred_at and reported_at: real, not in the future, and reported no earlier."""
    occurred = None
    if payload.get("occurred_at") is None:
        problems.add("occurred_at", "required")
    else:
        occurred = _parse_moment(payload["occurred_at"], "occurred_at", local, problems)
    reported = occurred
    if payload.get("reported_at") is not None:
        reported = _parse_moment(payload["reported_at"], "reported_at", local, problems)
    for name, moment in (("occurred_at", occurred), ("reported_at", reported)):
        if moment and name in payload and moment.at > now + CLOCK_SKEW:
            problems.add(name, f"{_show(payload[name])} is in the future")
    if occurred and reported and payload.get("reported_at") is not None:
        either_date_only = occurred.date_only or reported.date_only
        earlier = (
            reported.local_date(local) < occurred.local_date(local)
            if either_date_only
            else reported.at < occurred.at
        )
        if earlier:
            problems.add("reported_at", f"{_show(payload['reported_at'])} is before occurred_at")
    return occurred, reported


def _check_facts(
    kind: str, facts: dict[str, Any], refs: list[str], agencies: Collection[str],
    occurred_on: date | None, problems: _Problems,
) -> None:  # fmt: skip
    for name, value in facts.items():
        _check_fact(kind, name, value, refs, problems)
    if kind == "assessment" and facts.get("type") == "dash":
        _check_dash(facts, "facts.", problems)
    if kind == "incident" and isinstance(facts.get("dash"), dict):
        dash = facts["dash"]
        _check_dash(dash, "facts.dash.", problems)
        for name in INCIDENT_DASH_FACTS:
            _check_fact("assessment", name, dash.get(name), refs, problems, within="facts.dash")
    shared_with = facts.get("shared_with")
    if kind == "incident" and isinstance(shared_with, list):
        for index, code in enumerate(shared_with):
            if isinstance(code, str) and code not in agencies:
                problems.warnings.append(
                    f"facts.shared_with[{index}]: unknown agency code {_show(code)}; ignored"
                )
    separation = facts.get("separation_date")
    if occurred_on and isinstance(separation, str):
        separated_on = _parse_date(separation, "facts.separation_date", _Problems())
        if separated_on and separated_on > occurred_on:
            problems.add("facts.separation_date", f"{_show(separation)} is after occurred_at")


def check_message(
    payload: object, *, agencies: Collection[str], now: datetime, local: tzinfo
) -> Checked:
    """Check one parsed message against the exchange format and the hub's register of agencies.

    `now` is when the hub received the message, so checking it again later gives the same answer.
    """
    problems = _Problems()
    if not isinstance(payload, dict):
        problems.add("(message)", f"expected a JSON object, got {_show(payload)}")
        return Checked(None, problems.errors)
    message_id = _key_text(payload.get("message_id"), "message_id", problems)
    source = _key_text(payload.get("source"), "source", problems)
    if source and source not in agencies:
        problems.add("source", f"unknown agency code: {_show(source)}")
    kind = _choice(payload.get("kind"), KINDS, "kind", problems)
    occurred, reported = _check_times(payload, now, local, problems)
    occurred_on = occurred.local_date(local) if occurred else None

    raw_subjects = payload.get("subjects")
    subjects: list[Subject] = []
    if not isinstance(raw_subjects, list) or not raw_subjects:
        problems.add("subjects", f"at least one subject is required, got {_show(raw_subjects)}")
    else:
        for index, raw in enumerate(raw_subjects):
            subject = _check_subject(raw, f"subjects[{index}]", occurred_on, problems)
            if subject:
                subjects.append(subject)
    refs = [subject.ref for subject in subjects]
    for index, ref in enumerate(refs):
        if ref and ref in refs[:index]:
            problems.add(f"subjects[{index}].ref", f"used twice in this message: {_show(ref)}")
    relationships = _check_relationships(payload.get("relationships"), refs, problems)

    facts = payload.get("facts")
    if facts is None:
        facts = {}
    elif not isinstance(facts, dict):
        problems.add("facts", f"expected an object, got {_show(facts)}")
        facts = {}
    if kind:
        _check_facts(kind, facts, refs, agencies, occurred_on, problems)

    if problems.errors or occurred is None or reported is None:
        return Checked(None, problems.errors)
    envelope = Envelope(
        message_id=message_id,
        source=source,
        kind=kind,
        occurred_at=occurred.at,
        reported_at=reported.at,
        subjects=tuple(subjects),
        relationships=tuple(relationships),
        facts=facts,
        warnings=tuple(problems.warnings),
    )
    return Checked(envelope, [])
