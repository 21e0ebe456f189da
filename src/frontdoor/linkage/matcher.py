"""The hub's resolver: each incoming record scored against the person index, field by field.

For a batch of candidates the index is searched once, by blocking keys that a record of the same
person almost always shares: a valid NHS number; the surname's or given name's sound with the
date of birth, either way round; both names' sounds; the surname's sound, or the date of birth,
with the postcode. Each candidate is compared with every record found for it, and a person's
score is their best record's. The best person is linked when the chance they are the same is at
least FRONTDOOR_LINKAGE_LINK_AT; between that and FRONTDOOR_LINKAGE_REVIEW_AT the record becomes
a new person and a data manager is asked; below, it is a new person. No score overrides the
constraints of `constraints.py`. The subjects of one message are resolved together, the
strongest claim of a subject on a person first, and never two of them to one person (ADR 29).
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min, Q

from frontdoor.people.models import LinkMethod, Person, SourceRecord

from .comparisons import Features
from .constraints import CHILD_AND_ADULT, NAMED_TOGETHER, Stage, child_and_adult, never_the_same
from .index import COLUMNS, BlockKey, Indexed, block_keys, indexed
from .resolvers import Candidate, Match
from .training import current_weights
from .weights import MatchWeights, PairScore, pair_score

TERMS_PER_QUERY = 300
VALUES_PER_QUERY = 2400


# Each blocking rule's columns in the index: a key's two values are looked up as a pair.
RULE_COLUMNS = {
    "family_postcode": ("family_key", "postcode"),
    "born_postcode": ("date_of_birth", "postcode"),
    "family_born": ("family_key", "date_of_birth"),
    "given_born": ("given_key", "date_of_birth"),
    "names": ("given_key", "family_key"),
}


PERSON_FIELDS = [field.attname for field in Person._meta.concrete_fields]
BORN = PERSON_FIELDS.index("date_of_birth")
# What a person's records without a date of birth say of their stage of life (`Stage`), read
# with the person: the records blocking found may not be the ones that say it.
UNDATED = Q(records__date_of_birth__isnull=True)
PERSON_STAGE = {
    "stage_child_on": Max("records__child_on", filter=UNDATED),
    "stage_adult_on": Min("records__adult_on", filter=UNDATED),
}
TABLE = SourceRecord._meta.db_table


def _blocked_sql(rule: str, count: int) -> str:
    """The query for `count` keys of one rule: the keys joined to the index, a lookup each.

    Keys are a VALUES list joined to the table, not `IN` over pairs, which SQLite answers by
    reading the whole table.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(f"r.{quote(c)}" for c in COLUMNS)
    if rule == "nhs":
        places = ", ".join(["%s"] * count)
        return (
            f"SELECT {columns} FROM {quote(TABLE)} r "  # noqa: S608  # nosec B608
            f"WHERE r.{quote('nhs_number')} IN ({places}) AND r.{quote('nhs_number_valid')}"
        )
    first, second = (quote(c) for c in RULE_COLUMNS[rule])
    keys = ", ".join(["(%s, %s)"] * count)
    return (
        f"SELECT {columns} FROM (VALUES {keys}) AS k JOIN {quote(TABLE)} r "  # noqa: S608  # nosec B608
        f"ON r.{first} = k.column1 AND r.{second} = k.column2"
    )


def _chunks(items: Iterable[BlockKey], size: int) -> Iterator[list[BlockKey]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _lookups(keys: Iterable[BlockKey]) -> Iterator[tuple[str, list[Any]]]:
    """The index lookups for the keys: a statement and its values for each rule's chunk."""
    by_rule: dict[str, set[BlockKey]] = defaultdict(set)
    for key in keys:
        by_rule[key[0]].add(key)
    for rule, rule_keys in sorted(by_rule.items()):
        for chunk in _chunks(sorted(rule_keys, key=str), TERMS_PER_QUERY):
            values: list[Any] = (
                [key[1] for key in chunk]
                if rule == "nhs"
                else [value for key in chunk for value in key[1:]]
            )
            yield _blocked_sql(rule, len(chunk)), values


def _united(lookups: Iterable[tuple[str, list[Any]]]) -> Iterator[tuple[str, list[Any]]]:
    """The lookups joined by UNION ALL into as few queries as the values allow: one record's
    lookups are one round trip to the database, not one a rule."""
    statements: list[str] = []
    values: list[Any] = []
    for statement, more in lookups:
        if statements and len(values) + len(more) > VALUES_PER_QUERY:
            yield " UNION ALL ".join(statements), values
            statements, values = [], []
        statements.append(statement)
        values.extend(more)
    if statements:
        yield " UNION ALL ".join(statements), values


def records_blocked(keys: Iterable[BlockKey]) -> list[Indexed]:
    """Every record in the index under any of the keys, once each, in the order stored."""
    found: dict[int, Indexed] = {}
    with connection.cursor() as cursor:
        for statement, values in _united(_lookups(keys)):
            cursor.execute(statement, values)
            for row in cursor.fetchall():
                if row[0] not in found:
                    found[row[0]] = indexed(row)
    return [found[pk] for pk in sorted(found)]


@dataclass(frozen=True)
class Best:
    """The person a candidate is most likely to be, with the score and any held apart."""

    person_id: int | None = None
    score: PairScore | None = None
    held_apart: str = ""


def best_person(
    weights: MatchWeights,
    candidate: Features,
    found: Iterable[Indexed],
    *,
    on: date,
    stage: Callable[[int], Stage],
    apart: Collection[int] = frozenset(),
) -> Best:
    """The person whose best record scores highest, among those no constraint holds apart.

    `stage` gives what all of a person's records say of when they were a child and when an
    adult: the records found may say nothing (no date of birth, no part), while another record
    of the person says adult, and a child's record is never joined to them. `apart` are the
    people the candidate's message names as its other subjects.
    """
    candidate_stage = Stage.of(candidate)
    scores: dict[int, PairScore] = {}
    barred: dict[int, str] = {}
    for record in found:
        if record.person_id in apart:
            reason = NAMED_TOGETHER
        else:
            reason = never_the_same(candidate, record.features, on=on)
        if not reason and child_and_adult(candidate_stage, stage(record.person_id), on=on):
            reason = CHILD_AND_ADULT
        if reason:
            barred.setdefault(record.person_id, reason)
            continue
        score = pair_score(weights, candidate, record.features)
        held = scores.get(record.person_id)
        if held is None or score.weight > held.weight:
            scores[record.person_id] = score
    allowed = {pid: s for pid, s in scores.items() if pid not in barred}
    best_barred = max(
        (s.weight for pid, s in scores.items() if pid in barred), default=float("-inf")
    )
    if not allowed:
        return Best(held_apart=next(iter(barred.values()), ""))
    person_id = min(allowed, key=lambda pid: (-allowed[pid].weight, pid))
    held_apart = next(iter(barred.values())) if best_barred > allowed[person_id].weight else ""
    return Best(person_id, allowed[person_id], held_apart)


class ProbabilisticResolver:
    """Scores each candidate against the index with the current trained weights."""

    def __init__(self, weights: MatchWeights | None = None) -> None:
        self.weights = weights or current_weights()
        self.link_at = float(settings.FRONTDOOR_LINKAGE_LINK_AT)
        self.review_at = float(settings.FRONTDOOR_LINKAGE_REVIEW_AT)
        self._found: dict[BlockKey, list[Indexed]] = defaultdict(list)
        self._people: dict[int, Person] = {}
        self._person_rows: dict[int, tuple[Any, ...]] = {}
        self._stages: dict[int, Stage] = {}

    @staticmethod
    def _keys(candidate: Candidate) -> tuple[BlockKey, ...]:
        return tuple(
            block_keys(
                candidate.nhs_number,
                candidate.given_key,
                candidate.family_key,
                candidate.date_of_birth,
                candidate.postcode,
            )
        )

    def prepare(self, candidates: Sequence[Candidate]) -> None:
        keys = {key for candidate in candidates for key in self._keys(candidate)}
        found = records_blocked(keys)
        for record in found:
            for key in record.keys:
                if key in keys:
                    self._found[key].append(record)
        # Rows, not instances: most people found are not the one a candidate turns out to be.
        rows = (
            Person.objects.filter(pk__in={r.person_id for r in found})
            .annotate(**PERSON_STAGE)
            .values_list(*PERSON_FIELDS, *PERSON_STAGE)
        )
        for row in rows:
            self._person_rows[row[0]] = row[: len(PERSON_FIELDS)]
            self._stages[row[0]] = Stage(child_on=row[-2], adult_on=row[-1])

    def _person(self, person_id: int) -> Person:
        """The person a candidate is matched to, made from the batch's rows when first needed."""
        if person_id not in self._people:
            self._people[person_id] = Person.from_db(
                connection.alias, PERSON_FIELDS, self._person_rows[person_id]
            )
        return self._people[person_id]

    def _stage(self, person_id: int) -> Stage:
        """What a person's records say of their stage of life, as it stands in this batch, which
        may have given them a date of birth or more records."""
        if person_id in self._people:
            born = self._people[person_id].date_of_birth
        else:
            row = self._person_rows.get(person_id)
            born = row[BORN] if row else None
        marks = self._stages.get(person_id, Stage())
        return Stage(born=born, child_on=marks.child_on, adult_on=marks.adult_on)

    def _candidates_for(self, candidate: Candidate) -> list[Indexed]:
        seen: dict[int, Indexed] = {}
        for key in self._keys(candidate):
            for record in self._found.get(key, ()):
                seen.setdefault(id(record), record)
        return list(seen.values())

    def _best_for(self, candidate: Candidate, apart: Collection[int]) -> Best:
        return best_person(
            self.weights,
            candidate.features,
            self._candidates_for(candidate),
            on=candidate.on or date.today(),
            stage=self._stage,
            apart=apart,
        )

    def resolve_message(
        self, candidates: Sequence[Candidate], *, apart_from: Iterable[Person]
    ) -> list[Match]:
        """The subjects of one message, settled strongest claim first: the subject whose best
        person scores highest takes them, and no other subject may be them (an agency names each
        person once in a message); a subject whose best person was taken is scored again among
        the rest. `apart_from` are the people the message's other subjects already are."""
        taken = {_key_of(person) for person in apart_from}
        bests = {
            index: self._best_for(candidate, taken) for index, candidate in enumerate(candidates)
        }
        matches: dict[int, Match] = {}
        while bests:
            index = max(bests, key=lambda i: (_strength(bests[i]), -i))
            best = bests.pop(index)
            matches[index] = self._match(best)
            claimed = matches[index].person or matches[index].suggestion
            if claimed is None:
                continue
            taken.add(_key_of(claimed))
            for other, held in bests.items():
                if held.person_id == _key_of(claimed):
                    bests[other] = self._best_for(candidates[other], taken)
        return [matches[index] for index in range(len(candidates))]

    def _match(self, best: Best) -> Match:
        """What a candidate's best person means: linked, a question for a data manager, or a
        new person."""
        if best.person_id is None or best.score is None:
            explanation = {"match": "no record in the index was close enough to compare"}
            if best.held_apart:
                explanation["held_apart"] = f"a possible match was held apart: {best.held_apart}"
            return Match(
                None,
                LinkMethod.NEW_PERSON,
                explanation=explanation,
                model_version=self.weights.version,
            )
        probability = best.score.probability
        explanation = best.score.explanation()
        if best.held_apart:
            explanation["held_apart"] = f"a closer record was held apart: {best.held_apart}"
        person = self._person(best.person_id)
        version = self.weights.version
        if probability >= self.link_at:
            return Match(person, LinkMethod.PROBABILISTIC, probability, explanation, None, version)
        if probability >= self.review_at:
            return Match(None, LinkMethod.REVIEW, probability, explanation, person, version)
        return Match(None, LinkMethod.NEW_PERSON, probability, explanation, None, version)

    def remember(self, candidate: Candidate, person: Person) -> None:
        person_id = _key_of(person)
        self._people.setdefault(person_id, person)
        self._stages[person_id] = self._stages.get(person_id, Stage()).widened(candidate.features)
        record = Indexed(person_id, candidate.features, self._keys(candidate))
        for key in record.keys:
            self._found[key].append(record)


def _key_of(person: Person) -> int:
    """The person's id in the resolver: their key, or, for a person new in this batch (who gets a
    key only when the batch is written), their identity, negated."""
    return person.pk if person.pk is not None else -id(person)


def _strength(best: Best) -> float:
    """How strongly a subject claims their best person: the score's weight, none without one."""
    return best.score.weight if best.score is not None else float("-inf")
