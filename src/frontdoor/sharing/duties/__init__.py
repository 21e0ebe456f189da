"""The duties to share: one module a code, each registered here by `@duty` and found by `DUTIES`.

A duty is a pure function of a `Situation` (what the hub knew when an event arrived, with the
household's schools, practices and the alerts raised at it) returning `Notice`s: which agency must
be told about which person, and the minimised payload that agency may see. Its docstring says who
must be told and why. The lawful basis of every duty is `LAWFUL_BASIS`.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from frontdoor.sharing.situation import Notice, Situation

__all__ = ["DUTIES", "Duty", "Notice", "Situation", "duty"]

Due = Literal["school_morning", "working_day"]


Find = Callable[[Situation], Iterable[Notice]]


@dataclass(frozen=True)
class Duty:
    code: str
    title: str
    """What the duty is, in a few words a recipient knows it by."""
    kinds: frozenset[str]
    """The event kinds that can call for it."""
    due: Due
    find: Find = field(repr=False)

    @property
    def description(self) -> str:
        """Who must be told and why: the first paragraph of the duty's docstring."""
        text = (self.find.__doc__ or self.code).strip()
        return " ".join(text.split("\n\n")[0].split())


DUTIES: dict[str, Duty] = {}


def duty_title(code: str) -> str:
    """A duty by the words its recipients know it by ('Operation Encompass: the school'), not
    its code; a code no duty has any more, as it is."""
    found = DUTIES.get(code)
    return found.title if found else code


def duty(
    code: str, *, title: str, kinds: Iterable[str], due: Due = "working_day"
) -> Callable[[Find], Find]:
    """Register a duty under its code."""

    def register(find: Find) -> Find:
        if code in DUTIES:
            raise ValueError(f"code: duty {code!r} is registered twice")
        DUTIES[code] = Duty(code, title, frozenset(kinds), due, find)
        return find

    return register


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
