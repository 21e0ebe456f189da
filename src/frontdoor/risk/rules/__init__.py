"""The rules: one module a code, each registered here by `@rule` and found by `RULES`.

A rule is a pure function of a `History` (what the hub knew when an event arrived) returning
`Finding`s: who it is about, what it found (dates, counts, the events) and the action. Its
docstring's first paragraph is the message users see. A rule may also say which later event
satisfies what it asked for (`resolves`), so the alert it raised is resolved, saying why.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from frontdoor.risk.history import Happening, History


@dataclass(frozen=True)
class Finding:
    """What a rule found about one person: `key` names it, so it is raised once."""

    person_id: int
    key: str
    detail: str
    evidence: Mapping[str, Any]
    events: Sequence[Happening]
    action: str


@dataclass(frozen=True)
class Raised:
    """An alert that is still open, as a rule's `resolves` sees it."""

    person_id: int
    key: str
    raised_at: datetime
    evidence: Mapping[str, Any]


Check = Callable[[History], Iterable[Finding]]
Resolves = Callable[[Raised, History], str | None]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    """What the rule finds, in a few words a practitioner knows it by."""
    version: int
    deadline: str | None
    """The setting holding its deadline in working days, if it has one."""
    check: Check
    resolves: Resolves | None = None
    kinds: frozenset[str] = field(default_factory=frozenset)
    """The event kinds that can trigger it: others are not looked at."""
    resolved_by: frozenset[str] = field(default_factory=frozenset)
    """The event kinds that can satisfy its alerts."""

    @property
    def message(self) -> str:
        """The user-facing message: the first paragraph of the rule's docstring."""
        text = (self.check.__doc__ or self.code).strip()
        return " ".join(text.split("\n\n")[0].split())


RULES: dict[str, Rule] = {}


def rule_title(code: str) -> str:
    """A rule by the words a practitioner knows it by ('Child not seen'), not its code; a code no
    rule has any more, as it is."""
    found = RULES.get(code)
    return found.title if found else code


def rule(
    code: str, *, title: str, version: int, kinds: Iterable[str], deadline: str | None = None
) -> Callable[[Check], Check]:
    """Register a rule under its code; its version goes with every alert it raises."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"code: rule {code!r} is registered twice")
        RULES[code] = Rule(code, title, version, deadline, check, kinds=frozenset(kinds))
        return check

    return register


def resolver(code: str, *, kinds: Iterable[str]) -> Callable[[Resolves], Resolves]:
    """Register what satisfies a rule's alert (a referral arriving, a plan reviewed), and the
    kinds of event that can."""

    def register(resolves: Resolves) -> Resolves:
        RULES[code] = replace(RULES[code], resolves=resolves, resolved_by=frozenset(kinds))
        return resolves

    return register


def evidence_of(events: Iterable[Happening]) -> dict[str, Any]:
    """The dates and count of the events a rule relied on."""
    ordered = sorted(events, key=lambda e: (e.occurred_at, e.event_id))
    return {"count": len(ordered), "dates": [e.day.isoformat() for e in ordered]}


def dates(events: Iterable[Happening]) -> str:
    return ", ".join(f"{e.day:%-d %b %Y}" for e in events)


def words(code: object) -> str:
    """A code as words: `child_protection` as "child protection"."""
    return str(code).replace("_", " ")


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
