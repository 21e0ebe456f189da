"""A child known to ten agencies through 500 events: real synthetic messages, one family.

No household the generator makes reaches 500 events, so the benchmark takes the generator's own
messages about children, fifty from each of the ten agencies that send them soonest, and gives
their subjects one family's identities: the first child in each message becomes our child, any
other child a sibling, every adult a member of the same small set of adults. Each agency knows
each family member by its own id, and every member has a valid NHS number nobody else in the
borough has, so the resolver links all ten agencies' records of the child to one person, as it
would a real child's. What each message says (its kind, facts, the child's voice) is untouched.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import cycle
from typing import Any

from frontdoor.intake.exchange import check_message

ADDRESS = {"line1": "1 Benchmark Row", "town": "Marlbridge", "postcode": "FD99 9ZZ"}
CHILD_ID = "BENCH-CHILD"
ADULTS = (
    ("Sam", "1986-04-12", "F"),
    ("Alex", "1983-09-30", "M"),
    ("Chris", "1961-02-17", "F"),
    ("Jordan", "1979-11-05", "M"),
)
SIBLINGS = (("Jess", "2011-03-08", "F"), ("Kai", "2013-07-21", "M"), ("Lou", "2015-12-02", "F"))
CHILD = ("Robin", "2009-05-14", "M")
FAMILY_SIZE = 1 + len(ADULTS) + len(SIBLINGS)


@dataclass(frozen=True)
class Member:
    """One family member as every agency describes them, but for each agency's own id."""

    source_person_id: str
    given_name: str
    date_of_birth: str
    sex: str
    nhs_number: str

    def describe(self, subject: dict[str, Any]) -> None:
        subject.pop("due_date", None)
        subject.pop("other_names", None)
        subject.update(
            source_person_id=self.source_person_id,
            given_name=self.given_name,
            family_name="Benchmark",
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            nhs_number=self.nhs_number,
            address=dict(ADDRESS),
        )


def family(nhs_numbers: Sequence[str]) -> tuple[Member, list[Member], list[Member]]:
    """The child, the adults and the siblings, given FAMILY_SIZE unused valid NHS numbers."""
    numbers = iter(nhs_numbers)
    child = Member(CHILD_ID, *CHILD, next(numbers))
    adults = [Member(f"BENCH-ADULT-{i}", *a, next(numbers)) for i, a in enumerate(ADULTS)]
    siblings = [Member(f"BENCH-SIBLING-{i}", *s, next(numbers)) for i, s in enumerate(SIBLINGS)]
    return child, adults, siblings


def templates(
    lines: Iterable[str],
    *,
    agencies: Collection[str],
    count: int,
    per_agency: int,
    now: datetime,
    local: tzinfo,
) -> dict[str, list[dict[str, Any]]]:
    """Valid messages naming a child, up to `per_agency` from each of the first `count` agencies.

    Reads only as far as it must. A small borough may have fewer such messages for an agency;
    the builder then uses an agency's messages more than once, each time as a new message.
    """
    found: dict[str, list[dict[str, Any]]] = {}
    filled = 0
    for line in lines:
        if '"role":"child"' not in line:
            continue
        message = json.loads(line)
        if check_message(message, agencies=agencies, now=now, local=local).errors:
            continue
        bucket = found.setdefault(message["source"], [])
        if len(bucket) < per_agency:
            bucket.append(message)
            filled += len(bucket) == per_agency
            if filled == count:
                break
    chosen = sorted(found, key=lambda code: (-len(found[code]), code))[:count]
    if len(chosen) < count:
        raise RuntimeError(f"the borough has messages about children from only {len(chosen)}")
    return {code: found[code] for code in chosen}


def messages(
    chosen: dict[str, list[dict[str, Any]]],
    members: tuple[Member, list[Member], list[Member]],
    per_agency: int,
) -> list[str]:
    """`per_agency` messages from each chosen agency about the family, oldest first."""
    child, adults, siblings = members
    made = []
    for code, bucket in chosen.items():
        for number in range(per_agency):
            message = copy.deepcopy(bucket[number % len(bucket)])
            message["message_id"] = f"BENCH-{code}-{number:03d}"
            adult, sibling, seen_child = cycle(adults), cycle(siblings), False
            for subject in message["subjects"]:
                if subject.get("role") == "child" and not seen_child:
                    child.describe(subject)
                    seen_child = True
                else:
                    member = next(sibling if subject.get("role") == "child" else adult)
                    member.describe(subject)
            made.append(message)
    made.sort(key=lambda m: (str(m["occurred_at"]), m["message_id"]))
    return [json.dumps(m, ensure_ascii=False, separators=(",", ":")) for m in made]
