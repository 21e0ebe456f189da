"""Person linkage on the synthetic borough, against the generator's truth.json.

After ingest (the live matcher, record by record, with the untrained weights), the step trains
the weights on the borough's own records, re-links the whole index, and measures again. Precision
and recall are pairwise: of the pairs of records the hub put in one person, how many are truly one
person; of the pairs truly one person, how many the hub put together. Children and adults are
reported apart, and a person holding the records of a child and of an adult is counted: two
people of whom, on some day of the borough's years, one was a child and the other an adult.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from math import comb

from frontdoor.access.models import Agency
from frontdoor.chronology.models import Event
from frontdoor.linkage.batch import index_relink
from frontdoor.linkage.constraints import ADULT_AGE
from frontdoor.linkage.models import LinkReview, ReviewStatus
from frontdoor.linkage.training import model_train
from frontdoor.people.models import SourceRecord

from .borough import Borough
from .config import LINK_PRECISION_TARGET, LINK_RECALL_TARGET, Scale
from .results import Result, load_average

GROUPS = ("all", "children", "adults")


@dataclass(frozen=True)
class Scores:
    records: int
    precision: float
    recall: float


def _pair_scores(predicted: dict[str, int], truth: dict[str, str], keys: list[str]) -> Scores:
    together = Counter((predicted[k], truth[k]) for k in keys)
    true_positive = sum(comb(n, 2) for n in together.values())
    predicted_pairs = sum(comb(n, 2) for n in Counter(predicted[k] for k in keys).values())
    true_pairs = sum(comb(n, 2) for n in Counter(truth[k] for k in keys).values())
    return Scores(
        len(keys),
        true_positive / predicted_pairs if predicted_pairs else 1.0,
        true_positive / true_pairs if true_pairs else 1.0,
    )


def linkage_scores(borough: Borough) -> tuple[dict[str, Scores], int]:
    """Pairwise precision and recall by group, and how many people mix a child and an adult."""
    facts = json.loads((borough.folder / "truth.json").read_text(encoding="utf-8"))
    truth: dict[str, str] = facts["records"]
    is_child = {person: bool(p["is_child"]) for person, p in facts["people"].items()}
    codes = dict(Agency.objects.values_list("pk", "code"))
    first_seen = dict(Event.objects.values_list("message_id", "occurred_at"))
    predicted: dict[str, int] = {}
    held: dict[int, list[tuple[str, date, date]]] = {}
    rows = SourceRecord.objects.values_list(
        "agency_id", "source_person_id", "person_id", "first_message_id", "last_seen_at"
    )
    for agency_id, source_id, person_id, first_message, last_seen in rows:
        if (key := f"{codes[agency_id]}|{source_id}") in truth:
            predicted[key] = person_id
            span = (first_seen[first_message].date(), last_seen.date())
            held.setdefault(person_id, []).append((truth[key], *span))
    keys = sorted(predicted)
    groups = {
        "all": keys,
        "children": [k for k in keys if is_child[truth[k]]],
        "adults": [k for k in keys if not is_child[truth[k]]],
    }
    born = {person: date.fromisoformat(p["date_of_birth"]) for person, p in facts["people"].items()}
    mixed = sum(1 for records in held.values() if child_beside_adult(records, born))
    return {name: _pair_scores(predicted, truth, group) for name, group in groups.items()}, mixed


def child_beside_adult(records: list[tuple[str, date, date]], born: dict[str, date]) -> bool:
    """Whether one person's records are of two people, one a child and the other an adult on
    a day one of the records covers (the first message to the last). Two people born the same
    day are children together and adults together: joining them is a false link, counted in
    precision, but it does not put a child's record on an adult."""
    people = {person for person, _, _ in records}
    for one, other in combinations(sorted(people), 2):
        first, last = sorted(_eighteenth_birthday(born[p]) for p in (one, other))
        if first < last and any(begins < last and ends >= first for _, begins, ends in records):
            return True
    return False


def _eighteenth_birthday(born: date) -> date:
    try:
        return born.replace(year=born.year + ADULT_AGE)
    except ValueError:  # born on 29 February
        return date(born.year + ADULT_AGE, 3, 1)


def run(borough: Borough, scale: Scale, backend: str) -> Result:
    load_before = load_average()
    rows = [
        ["stage", "group", "records", "precision", "recall", "children with adults", "open reviews"]
    ]
    stages = []
    for stage in ("as ingested (untrained)", "trained and re-linked"):
        if stage.startswith("trained"):
            began = time.perf_counter()
            model = model_train(trained_by="benchmark")
            trained = time.perf_counter() - began
            summary = index_relink(user=None)
            relinked = time.perf_counter() - began - trained
        scores, mixed = linkage_scores(borough)
        reviews = LinkReview.objects.filter(status=ReviewStatus.OPEN).count()
        for group in GROUPS:
            s = scores[group]
            rows.append(
                [
                    stage,
                    group,
                    f"{s.records:,}",
                    f"{s.precision:.5f}",
                    f"{s.recall:.5f}",
                    str(mixed) if group == "all" else "",
                    f"{reviews:,}" if group == "all" else "",
                ]
            )
        stages.append((scores, mixed))
    final, mixed = stages[-1]
    passed = (
        final["all"].precision >= LINK_PRECISION_TARGET
        and final["all"].recall >= LINK_RECALL_TARGET
        and mixed == 0
    )
    return Result(
        benchmark="linkage",
        backend=backend,
        scale=scale.name,
        figure=(
            f"precision {final['all'].precision:.5f}, recall {final['all'].recall:.5f} "
            f"(children {final['children'].precision:.5f} / {final['children'].recall:.5f}); "
            f"{mixed} people with a child's and an adult's records"
        ),
        target=(
            f"pairwise precision >= {LINK_PRECISION_TARGET}, recall >= {LINK_RECALL_TARGET}, "
            "no child with an adult"
        ),
        passed=passed,
        table=rows,
        notes=[
            f"borough: {borough.summary}",
            f"training (model {model.version}, {model.records:,} records): {trained:.1f} s; "
            f"re-link: {relinked:.1f} s, {summary.pairs:,} pairs scored, {summary.joined:,} "
            f"records joined ({summary.joined_beside_the_same_person:,} joins settled by "
            f"household context), {summary.held_apart:,} joins held apart by a constraint",
            "thresholds: link at FRONTDOOR_LINKAGE_LINK_AT, review from "
            "FRONTDOOR_LINKAGE_REVIEW_AT (docs/linkage.md)",
        ],
        load_before=load_before,
        load_after=load_average(),
    )
