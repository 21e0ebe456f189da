"""Re-linking the whole index in one pass, e.g. after loading ten years of history.

Splink scores every pair the blocking rules make (on DuckDB here; on Spark for a national index:
see docs/linkage.md), with the current weights. Pairs are then joined best first, as long as
no constraint holds any two records of the two groups apart: Splink's own clustering joins
whatever is connected, so one wrong pair could chain twins, or a child and an adult, together.

Batch re-linking only ever joins people. It never splits one: a person's records were put together
by a score or a data manager when they arrived, and only a data manager takes them apart. A
record a data manager has decided on is never moved. Pairs in the grey zone go to the review
queue. Two groups some message names a record of each of are two people, and are never joined
nor offered to a data manager (ADR 29).
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

import pyarrow
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count

from frontdoor.audit.services import audit_record
from frontdoor.chronology.models import Participant
from frontdoor.intake.services import processing_lock_take
from frontdoor.people.models import LinkDecision, LinkMethod, Person, SourceRecord
from frontdoor.people.services import person_details_refresh

from .comparisons import Features, born_when_due, short_form, transposed
from .constraints import is_child, never_the_same
from .models import LinkReview, ReviewStatus
from .services import relations_rederive, reviews_follow_joined_people
from .training import (
    BLOCKING_RULES,
    TrainingRecord,
    current_weights,
    records_database,
    records_for_training,
    splink_settings,
)
from .weights import MatchWeights, pair_score

RELINKED = "Joined when the whole index was re-linked."
BESIDE_THE_SAME_PERSON = (
    "Joined when the whole index was re-linked: two agencies recorded this person beside the same "
    "person, with the same given name and date of birth (or one record without a date of birth "
    "and a surname in common, or a child born when an unborn child's record said it was due)."
)


@dataclass(frozen=True)
class Pair:
    left: int
    right: int
    weight: float
    probability: float


# The batch job reads every record once, so it can afford passes the real-time lookup, one
# record's handful of index probes, does not make (ADR 22): names entered the other way round,
# and the given name with the postcode (a surname mistyped or changed); each only where the
# dates of birth do not disagree, as the pairs these passes find otherwise share too little for
# a score to weigh a different date of birth against.
DATES_OF_BIRTH_AGREE = (
    '(l."date_of_birth" IS NULL OR r."date_of_birth" IS NULL '
    'OR levenshtein(l."dob_text", r."dob_text") <= 1 OR l."date_of_birth" = r."dob_swapped")'
)
BATCH_BLOCKING_RULES = (
    *BLOCKING_RULES,
    f'l."given_key" = r."family_key" AND l."family_key" = r."given_key" AND {DATES_OF_BIRTH_AGREE}',
    f'l."given_key" = r."given_key" AND l."postcode" = r."postcode" AND {DATES_OF_BIRTH_AGREE}',
)


def splink_model_of(weights: MatchWeights) -> dict[str, Any]:
    """Splink settings carrying these weights' m and u, so Splink scores as the hub does, with
    the batch job's blocking."""
    model = splink_settings()
    model["blocking_rules_to_generate_predictions"] = list(BATCH_BLOCKING_RULES)
    model["probability_two_random_records_match"] = weights.prior
    for comparison in model["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for level, (m, u) in zip(
            levels, weights.m_u[comparison["output_column_name"]], strict=True
        ):
            level["m_probability"], level["u_probability"] = m, u
            if not weights.frequencies.get(level.get("tf_adjustment_column", "")):
                # Untrained weights know no name frequencies: adjust for none, as the hub does.
                level.pop("tf_adjustment_column", None)
                level.pop("tf_adjustment_weight", None)
    return model


def pairs_scored(
    records: Sequence[TrainingRecord], weights: MatchWeights, floor: float
) -> list[Pair]:
    """Every blocked pair whose chance of being one person is at least `floor`, best first."""
    from splink import DuckDBAPI, Linker

    api = DuckDBAPI(records_database(records))
    linker = Linker(api.register("records"), splink_model_of(weights), log_level=logging.WARNING)
    for column, frequencies in weights.frequencies.items():
        # The frequencies the weights were trained with, not this table's: scored as the hub does.
        lookup = pyarrow.table(
            {column: list(frequencies), f"tf_{column}": list(frequencies.values())}
        )
        linker.table_management.register_term_frequency_lookup(api.register(lookup), column)
    predictions = linker.inference.predict(threshold_match_probability=floor)
    rows = (
        predictions.as_duckdbpyrelation()
        .select("unique_id_l, unique_id_r, match_weight, match_probability")
        .fetchall()
    )
    pairs = [Pair(int(left), int(right), float(w), float(p)) for left, right, w, p in rows]
    return sorted(pairs, key=lambda pair: (-pair.weight, pair.left, pair.right))


class Groups:
    """Records joined into groups, with each group's members for checking constraints, and the
    messages that name two or more records, a member among them."""

    def __init__(self, people: dict[int, int], named: Iterable[tuple[int, int]] = ()) -> None:
        # Records already of one person start in one group.
        self.leader: dict[int, int] = {}
        first_of: dict[int, int] = {}
        for record_id, person_id in sorted(people.items()):
            self.leader[record_id] = first_of.setdefault(person_id, record_id)
        self.members: dict[int, list[int]] = {}
        for record_id, leader in self.leader.items():
            self.members.setdefault(leader, []).append(record_id)
        self.messages: dict[int, set[int]] = defaultdict(set)
        for record_id, event_id in named:
            if record_id in self.leader:
                self.messages[self.leader[record_id]].add(event_id)

    def find(self, record_id: int) -> int:
        return self.leader[record_id]

    def named_together(self, left: int, right: int) -> bool:
        """One message names a record of each group (by their leaders): two people."""
        return not self.messages.get(left, set()).isdisjoint(self.messages.get(right, set()))

    def join(self, left: int, right: int) -> None:
        keep, gone = sorted((self.find(left), self.find(right)))
        for record_id in self.members.pop(gone):
            self.leader[record_id] = keep
            self.members[keep].append(record_id)
        self.messages[keep] |= self.messages.pop(gone, set())


@dataclass
class RelinkSummary:
    records: int
    pairs: int
    joined: int
    held_apart: int
    reviews: int
    model_version: int
    joined_beside_the_same_person: int = 0


def index_relink(*, user: User | None) -> RelinkSummary:
    """Score the whole index in one pass and join the people it finds are one."""
    weights = current_weights()
    link_at = float(settings.FRONTDOOR_LINKAGE_LINK_AT)
    review_at = float(settings.FRONTDOOR_LINKAGE_REVIEW_AT)
    records = records_for_training()
    if not records:
        return RelinkSummary(0, 0, 0, 0, 0, weights.version)
    features = {record.unique_id: record.features for record in records}
    pairs = pairs_scored(records, weights, review_at)
    people = dict(SourceRecord.objects.values_list("pk", "person_id"))
    fixed = set(
        LinkDecision.objects.filter(method=LinkMethod.HUMAN).values_list("record_id", flat=True)
    )
    groups = Groups(people, _records_named_together())
    today = date.today()
    held_apart = 0
    grey: list[Pair] = []
    for pair in pairs:
        left, right = groups.find(pair.left), groups.find(pair.right)
        if left == right:
            continue
        if pair.probability < link_at or {pair.left, pair.right} & fixed:
            grey.append(pair)
            continue
        if groups.named_together(left, right) or any(
            never_the_same(features[a], features[b], on=today)
            for a in groups.members[left]
            for b in groups.members[right]
        ):
            held_apart += 1
            continue
        groups.join(left, right)
    reasons: dict[int, str] = {}
    beside_the_same_person = 0
    for left_id, right_id in _alike_beside_the_same_person(features, people, fixed, on=today):
        left, right = groups.find(left_id), groups.find(right_id)
        if (
            left == right
            or groups.named_together(left, right)
            or any(
                never_the_same(features[a], features[b], on=today)
                for a in groups.members[left]
                for b in groups.members[right]
            )
        ):
            continue
        groups.join(left, right)
        reasons[left_id] = reasons[right_id] = BESIDE_THE_SAME_PERSON
        beside_the_same_person += 1
    summary = RelinkSummary(
        records=len(records),
        pairs=len(pairs),
        joined=0,
        held_apart=held_apart,
        reviews=0,
        model_version=weights.version,
        joined_beside_the_same_person=beside_the_same_person,
    )
    return _groups_apply(
        groups, people, grey, weights, features, reasons, user=user, summary=summary
    )


def _records_named_together() -> Iterator[tuple[int, int]]:
    """Each record a message names beside another record, and the message's event (one a
    message): the rows of the events naming two or more records, read once."""
    shared = (
        Participant.objects.values("event_id")
        .annotate(records=Count("record_id", distinct=True))
        .filter(records__gte=2)
        .values("event_id")
    )
    rows = Participant.objects.filter(event_id__in=shared).values_list("record_id", "event_id")
    return rows.iterator(chunk_size=10_000)


def _records_beside(people: dict[int, int]) -> dict[int, set[int]]:
    """The records made beside each person in any event, other than the person's own: their
    household as each agency saw it. One pass over the participants, event by event."""
    beside: dict[int, set[int]] = defaultdict(set)
    rows = Participant.objects.order_by("event_id").values_list(
        "event_id", "record_id", "person_id"
    )
    for _, participants in groupby(rows.iterator(chunk_size=10_000), key=itemgetter(0)):
        here = [(record_id, person_id) for _, record_id, person_id in participants]
        for _, companion in here:
            beside[companion].update(r for r, p in here if p != companion and r in people)
    return beside


def _alike_beside_the_same_person(
    features: dict[int, Features], people: dict[int, int], fixed: set[int], *, on: date
) -> list[tuple[int, int]]:
    """Pairs of records of two people that household context settles as one: each made by its
    agency beside the same third person (a parent, say), and alike as `_alike_in_a_household`
    says. A record alike in this way to records of two or more other people is left alone, since
    twins, or a parent's two children, would be (ADR 21)."""
    pairs: set[tuple[int, int]] = set()
    for records in _records_beside(people).values():
        ordered = sorted(records - fixed)
        for i, left in enumerate(ordered):
            for right in ordered[i + 1 :]:
                if people[left] != people[right] and _alike_in_a_household(
                    features[left], features[right], on=on
                ):
                    pairs.add((left, right))
    partners: dict[int, set[int]] = defaultdict(set)
    for left, right in pairs:
        partners[left].add(people[right])
        partners[right].add(people[left])
    return sorted(
        (left, right)
        for left, right in pairs
        if len(partners[left]) == 1 and len(partners[right]) == 1
    )


def _alike_in_a_household(left: Features, right: Features, *, on: date) -> bool:
    """Alike enough to be one person when both were recorded beside the same third person,
    which two different people so alike almost never are; children carry either parent's
    surname and move, so their names and homes alone often leave them unlinked. The same given
    name (or a short form) and date of birth (or day and month swapped), whatever the surname;
    where one record has no date of birth, the same given name, not a short form (sisters
    recorded as Isabella and Izzy), a surname in common, and both known to be children or both
    adults (not a father and his son of the same name, nor a record that does not say); or a
    record of a child not yet born, and a child born within four weeks of the date it was due."""
    if not (left.given and right.given):
        return born_when_due(left, right)
    if left.date_of_birth and right.date_of_birth:
        return (left.given == right.given or short_form(left, right)) and (
            left.date_of_birth == right.date_of_birth
            or transposed(left.date_of_birth, right.date_of_birth)
        )
    return (
        left.given == right.given
        and not left.family_parts.isdisjoint(right.family_parts)
        and (stage := _recorded_as_child(left, on)) is not None
        and stage == _recorded_as_child(right, on)
    )


def _recorded_as_child(record: Features, on: date) -> bool | None:
    """Whether the record is of a child: by its date of birth on the day, else by its agency
    having recorded the person as a child, or as an adult; None when the record does not say."""
    if record.date_of_birth is not None:
        return is_child(record.date_of_birth, on)
    if record.adult_on is not None:
        return False
    return True if record.child_on is not None else None


def _emptied_into(people: dict[int, int], moved: dict[int, int]) -> dict[int, int]:
    """Each person the moves left with no records, and the one person their records went to
    (a person whose records went to several is left out: no one of them is the answer)."""
    held = Counter(people.values())
    went: dict[int, set[int]] = defaultdict(set)
    gone: Counter[int] = Counter()
    for record_id, target in moved.items():
        went[people[record_id]].add(target)
        gone[people[record_id]] += 1
    return {
        person_id: next(iter(targets))
        for person_id, targets in went.items()
        if gone[person_id] == held[person_id] and len(targets) == 1
    }


@transaction.atomic
def _groups_apply(
    groups: Groups,
    people: dict[int, int],
    grey: list[Pair],
    weights: MatchWeights,
    features: dict[int, Features],
    reasons: dict[int, str],
    *,
    user: User | None,
    summary: RelinkSummary,
) -> RelinkSummary:
    """Move each group's records to the person who already holds most of them."""
    processing_lock_take()
    moved: dict[int, int] = {}
    for members in groups.members.values():
        holders: dict[int, int] = {}
        for record_id in members:
            holders[people[record_id]] = holders.get(people[record_id], 0) + 1
        target = min(holders, key=lambda person_id: (-holders[person_id], person_id))
        for record_id in members:
            if people[record_id] != target:
                moved[record_id] = target
    for record_id, person_id in moved.items():
        SourceRecord.objects.filter(pk=record_id).update(person_id=person_id)
        Participant.objects.filter(record_id=record_id).update(person_id=person_id)
    LinkDecision.objects.bulk_create(
        LinkDecision(
            record_id=record_id,
            person_id=person_id,
            method=LinkMethod.PROBABILISTIC,
            explanation={"batch": reasons.get(record_id, RELINKED)},
            model_version=weights.version,
        )
        for record_id, person_id in moved.items()
    )
    for person in Person.objects.filter(pk__in={people[r] for r in moved} | set(moved.values())):
        person_details_refresh(person)
    if moved:
        relations_rederive({people[r] for r in moved} | set(moved.values()))
    # A possible match the re-link has now joined is no longer a question for anyone, and one
    # suggesting a person it emptied asks about the person their records joined.
    reviews_follow_joined_people(_emptied_into(people, moved), reason=RELINKED)
    open_pairs = {
        (review.record_id, review.suggested_id)
        for review in LinkReview.objects.filter(status=ReviewStatus.OPEN)
    }
    reviews = []
    for pair in grey:
        left, right = groups.find(pair.left), groups.find(pair.right)
        if left == right or groups.named_together(left, right):
            continue
        person_id = moved.get(pair.left, people[pair.left])
        if (pair.right, person_id) in open_pairs:
            continue
        open_pairs.add((pair.right, person_id))
        explanation = pair_score(weights, features[pair.right], features[pair.left]).explanation()
        reviews.append(
            LinkReview(
                record_id=pair.right,
                suggested_id=person_id,
                score=pair.probability,
                explanation=explanation,
            )
        )
    LinkReview.objects.bulk_create(reviews)
    summary.joined, summary.reviews = len(moved), len(reviews)
    audit_record(actor=user, action="linkage.relink", details=vars(summary))
    return summary
