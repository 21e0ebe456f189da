"""`python -m benchmarks.matching realtime|batch`: linkage speed, the hub beside stock Splink 5.

realtime: one incoming record matched against a person index in the database, the hub's way
(`ProbabilisticResolver.prepare` and `resolve` for a batch of one, as intake calls them) and stock
Splink's (`linker.inference.predict_between` of the index and the one record), the two taking
turns on the same records in one run. Prints p50, p95 and p99 of each.

batch: the same index linked whole, training, prediction and clustering, by the hub
(`splink_model_train`, `pairs_scored`, then joining pairs best first unless a constraint holds the
groups apart, as `index_relink` does) and by stock Splink 5 alone (training, `predict`,
`cluster_pairwise_predictions_at_threshold`), each in its own process so that its peak memory is
its own. Prints wall time and peak resident memory of each.

Records come from `benchmarks.identities` (the synthetic generator's names, streets and noise),
generated once for each size and kept under /tmp/fd-bench. Stock Splink is set up as its
documentation's examples are: names lower-cased, postcodes in their written form, Splink's
library comparisons with term-frequency adjustment of names, trained by random sampling and
expectation maximisation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from math import comb
from pathlib import Path
from typing import Any

import pyarrow
import pyarrow.parquet

from . import identities
from .borough import generator_version
from .config import DEFAULT_CACHE_DIR, PROJECT_DIR
from .databases import fresh_database, postgres_unavailable
from .identities import Recorded
from .results import load_average, ms, percentile, table

SEED = 1
REALTIME_TARGET = 0.050  # seconds, p95, one incoming record against the index
MEMORY_TARGET = 8 * 1024**3  # bytes, peak resident memory of the batch link
WARM_UP = 5  # incoming records matched first by each side, untimed: lazy imports, caches
INSERT_BATCH = 20_000
STOCK_U_PAIRS = 2e6  # the hub's U_PAIRS, so both sample as many pairs for u
STAGES = ("prepare", "train", "predict", "cluster")


# The records, generated once for each size.


def records_folder(records: int, incoming: int, cache: Path) -> Path:
    """The index and the incoming records on disk, generated now unless already there."""
    source = hashlib.sha256(Path(identities.__file__).read_bytes()).hexdigest()[:8]
    name = f"matching-r{records}-i{incoming}-s{SEED}-{generator_version()}-{source}"
    folder = cache / name
    if (folder / "incoming.parquet").is_file():
        return folder
    print(f"generating {records:,} records in {folder} ...", flush=True)
    index, arrivals, people = identities.borough_records(records, incoming, SEED)
    folder.mkdir(parents=True, exist_ok=True)
    _write(index, folder / "index.parquet")
    (folder / "people.json").write_text(json.dumps({"people": people}), encoding="utf-8")
    # Written last: its presence says the folder is complete.
    _write(arrivals, folder / "incoming.parquet")
    return folder


def _write(records: Sequence[Recorded], path: Path) -> None:
    columns = {f.name: [getattr(r, f.name) for r in records] for f in fields(Recorded)}
    pyarrow.parquet.write_table(pyarrow.table(columns), path)


def read_records(path: Path) -> list[Recorded]:
    return [Recorded(**row) for row in pyarrow.parquet.read_table(path).to_pylist()]


def people_in(folder: Path) -> int:
    """How many people the index holds: incoming records of a person from here on are new."""
    return int(json.loads((folder / "people.json").read_text(encoding="utf-8"))["people"])


# The records in the hub's form.


def record_fields(record: Recorded) -> dict[str, Any]:
    """The source record's columns as intake would store them from this record."""
    from frontdoor.people.normalise import display_postcode, phonetic_key
    from frontdoor.synth.nhs import is_valid

    return {
        "given_name": record.given_name,
        "family_name": record.family_name,
        "date_of_birth": record.born,
        "sex": record.sex,
        "nhs_number": record.nhs_number,
        "nhs_number_valid": is_valid(record.nhs_number),
        "line1": record.line1,
        "postcode": display_postcode(record.postcode),
        "given_key": phonetic_key(record.given_name),
        "family_key": phonetic_key(record.family_name),
    }


def hub_candidate(record: Recorded, number: int) -> Any:
    """The incoming record as intake hands it to the resolver."""
    from frontdoor.linkage.resolvers import Candidate

    stored = record_fields(record)
    return Candidate(
        agency_id=1,
        source_person_id=f"incoming-{number}",
        given_name=stored["given_name"],
        family_name=stored["family_name"],
        other_names=(),
        date_of_birth=stored["date_of_birth"],
        sex=stored["sex"],
        postcode=stored["postcode"],
        nhs_number=stored["nhs_number"] if stored["nhs_number_valid"] else "",
        line1=stored["line1"],
        given_key=stored["given_key"],
        family_key=stored["family_key"],
        on=identities.SEEN_ON,
    )


def hub_keys(candidate: Any) -> list[Any]:
    """The blocking keys the resolver looks a candidate up by."""
    from frontdoor.linkage.index import block_keys

    c = candidate
    return list(block_keys(c.nhs_number, c.given_key, c.family_key, c.date_of_birth, c.postcode))


def training_records(records: Sequence[Recorded]) -> list[Any]:
    """The records as the hub's training and batch linking take them (ids from 1)."""
    from frontdoor.linkage.comparisons import features_of
    from frontdoor.linkage.training import TrainingRecord

    made = []
    for number, record in enumerate(records, start=1):
        stored = record_fields(record)
        made.append(
            TrainingRecord(
                unique_id=number,
                given_key=stored["given_key"],
                family_key=stored["family_key"],
                features=features_of(
                    given_name=stored["given_name"],
                    family_name=stored["family_name"],
                    date_of_birth=stored["date_of_birth"],
                    postcode=stored["postcode"],
                    sex=stored["sex"],
                    nhs_number=stored["nhs_number"] if stored["nhs_number_valid"] else "",
                    line1=stored["line1"],
                ),
            )
        )
    return made


# Stock Splink 5, as its documentation sets it up.


def stock_table(records: Sequence[Recorded], first_id: int) -> pyarrow.Table:
    """The records cleaned as Splink's examples clean theirs, with ids from `first_id`."""
    from frontdoor.people.normalise import display_postcode

    return pyarrow.table(
        {
            "unique_id": list(range(first_id, first_id + len(records))),
            "first_name": [r.given_name.lower() or None for r in records],
            "surname": [r.family_name.lower() or None for r in records],
            "dob": pyarrow.array([r.born for r in records], pyarrow.date32()),
            "postcode": [display_postcode(r.postcode) or None for r in records],
            "sex": [r.sex or None for r in records],
            "nhs_number": [r.nhs_number or None for r in records],
        }
    )


def stock_settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("nhs_number"),
            block_on("surname", "dob"),
            block_on("first_name", "dob"),
            block_on("postcode", "dob"),
            block_on("surname", "postcode"),
        ],
        comparisons=[
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=False),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nhs_number"),
        ],
    )


def stock_linker(records: pyarrow.Table) -> tuple[Any, Any]:
    """A stock Splink linker on the records, trained as the documentation trains one, and the
    records as Splink holds them."""
    import logging

    from splink import DuckDBAPI, Linker, block_on

    api = DuckDBAPI()
    frame = api.register(records)
    linker = Linker(frame, stock_settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nhs_number"), block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=STOCK_U_PAIRS, seed=SEED)
    for rule in (block_on("dob"), block_on("first_name", "surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    return linker, frame


# Real time.


def index_load(index: Sequence[Recorded]) -> None:
    """The index written straight into the fresh database: people, then their records.

    A person is described by their first record; every record names a placeholder message, as
    the benchmark has no messages to show.
    """
    from django.db import connection, transaction

    from frontdoor.access.models import Agency
    from frontdoor.intake.models import Channel, InboxMessage
    from frontdoor.people.models import Person, SourceRecord

    now = datetime.now(UTC)
    agencies = {
        kind: Agency.objects.create(code=kind.replace("_", "-"), name=kind, type=kind).pk
        for kind in identities.AGENCY_TYPES
    }
    message = InboxMessage.objects.create(
        source="benchmark", message_id="index", raw="{}", received_at=now, channel=Channel.FILE
    )
    quote = connection.ops.quote_name
    person_columns = ["id", "created_at", "given_name", "family_name", "date_of_birth", "sex"]
    person_columns.append("nhs_number")
    record_columns = [
        "id",
        "agency_id",
        "source_person_id",
        "person_id",
        *record_fields(index[0]),
    ]
    blank = ["other_names", "line2", "town", "school_urn", "gp_practice"]
    fixed = ["first_message_id", "last_seen_at"]

    def insert(model: Any, columns: list[str]) -> str:
        names = ", ".join(quote(c) for c in columns)
        places = ", ".join(["%s"] * len(columns))
        return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({places})"  # noqa: S608

    people: dict[int, list[Any]] = {}
    rows = []
    for number, record in enumerate(index, start=1):
        stored = record_fields(record)
        if record.person not in people:
            people[record.person] = [record.person + 1, now] + [
                stored[c] for c in person_columns[2:]
            ]
            if not stored["nhs_number_valid"]:
                people[record.person][-1] = ""
        rows.append(
            [
                number,
                agencies[record.agency_type],
                f"r{number}",
                record.person + 1,
                *stored.values(),
                *("[]", "", "", "", ""),
                *(message.pk, now),
            ]
        )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert(Person, person_columns), list(people.values()))
        statement = insert(SourceRecord, record_columns + blank + fixed)
        for start in range(0, len(rows), INSERT_BATCH):
            cursor.executemany(statement, rows[start : start + INSERT_BATCH])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def hub_model_store(records: Sequence[Recorded]) -> float:
    """Train the hub's weights on the index and store them, as `frontdoor linkage train` does;
    the seconds it took."""
    from frontdoor.linkage.models import TrainedModel
    from frontdoor.linkage.training import splink_model_train, weights_from_splink

    began = time.perf_counter()
    hub_records = training_records(records)
    model = splink_model_train(hub_records)
    TrainedModel.objects.create(
        version=1,
        trained_at=datetime.now(UTC),
        trained_by="benchmark",
        records=len(hub_records),
        weights=weights_from_splink(model, 1, hub_records).as_json(),
        splink_model=model,
    )
    return time.perf_counter() - began


def realtime(args: argparse.Namespace) -> int:
    folder = records_folder(args.records, args.incoming, args.cache)
    index = read_records(folder / "index.parquet")
    arrivals = read_records(folder / "incoming.parquet")
    known = people_in(folder)
    if args.backend == "postgres" and (why := postgres_unavailable()):
        print(f"postgres: not run: {why}")
        return 2
    with fresh_database(args.backend) as url:
        os.environ |= {
            "DATABASE_URL": url,
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "frontdoor.settings.local",
        }
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        index_load(index)
        loaded = time.perf_counter() - began
        print(f"index: {len(index):,} records of {known:,} people, loaded in {loaded:.1f} s")
        hub_trained = hub_model_store(index)
        began = time.perf_counter()
        linker, frame = stock_linker(stock_table(index, 1))
        for column in ("first_name", "surname"):
            linker.table_management.compute_tf_table(column)
        stock_trained = time.perf_counter() - began
        print(f"trained: hub {hub_trained:.1f} s, stock Splink {stock_trained:.1f} s", flush=True)
        link_at = float(settings.FRONTDOOR_LINKAGE_LINK_AT)
        return _realtime_report(args, index, arrivals, known, (linker, frame), link_at)


OUTCOMES = ("right", "not linked", "wrong link")


def outcome(found: int | None, expected: int | None) -> str:
    """How a match turned out: the true person (or a new one for someone the index has never
    seen), no link for someone it holds, or a link to someone else, the one that does harm."""
    if found == expected:
        return "right"
    return "not linked" if found is None else "wrong link"


def _realtime_report(
    args: argparse.Namespace,
    index: Sequence[Recorded],
    arrivals: Sequence[Recorded],
    known: int,
    stock: tuple[Any, Any],
    link_at: float,
) -> int:
    from frontdoor.linkage.matcher import ProbabilisticResolver, records_blocked

    linker, frame = stock
    first_incoming = len(index) + 1

    preparing: list[float] = []

    def hub(number: int, record: Recorded) -> int | None:
        began = time.perf_counter()
        candidate = hub_candidate(record, number)
        resolver = ProbabilisticResolver()
        resolver.prepare([candidate])
        preparing.append(time.perf_counter() - began)
        (match,) = resolver.resolve_message([candidate], apart_from=())
        return match.person.pk - 1 if match.person else None

    def splink(number: int, record: Recorded) -> int | None:
        new = linker._db_api.register(stock_table([record], first_incoming + number))
        predictions = linker.inference.predict_between(frame, new, warning_mode="never")
        best = (
            predictions.as_duckdbpyrelation()
            .filter(f"match_probability >= {link_at}")
            .order("match_weight DESC")
            .select("unique_id_l")
            .limit(1)
            .fetchall()
        )
        predictions.drop_table_from_database_and_remove_from_cache()
        new.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        return index[best[0][0] - 1].person if best else None

    load_before = load_average()
    sides: dict[str, tuple[Callable[[int, Recorded], int | None], list[float], Counter[str]]] = {
        "hub": (hub, [], Counter()),
        "stock Splink 5": (splink, [], Counter()),
    }
    for number, record in enumerate(arrivals):
        # Taking turns, so a burst of load on the machine falls on both alike.
        for name in sorted(sides, reverse=number % 2 == 1):
            match, seconds, outcomes = sides[name]
            began = time.perf_counter()
            person = match(number, record)
            elapsed = time.perf_counter() - began
            if number >= WARM_UP:
                seconds.append(elapsed)
                outcomes[outcome(person, record.person if record.person < known else None)] += 1
    rows = [["matcher", "records", "p50", "p95", "p99", "max", *OUTCOMES]]
    for name, (_, seconds, outcomes) in sides.items():
        rows.append(
            [
                name,
                f"{len(seconds):,}",
                *(ms(percentile(seconds, q)) for q in (0.5, 0.95, 0.99)),
                ms(max(seconds)),
                *(f"{outcomes[kind]:,}" for kind in OUTCOMES),
            ]
        )
    print(f"\n== one incoming record against {len(index):,} records ({args.backend}) ==")
    print(table(rows))
    hub_p95 = percentile(sides["hub"][1], 0.95)
    stock_p95 = percentile(sides["stock Splink 5"][1], 0.95)
    print(
        f"  {len(sides['hub'][1]):,} incoming records, {WARM_UP} more first untimed; four in five "
        f"of people in the index; linked at match probability >= {link_at}; not linked: "
        "a new person (or, for the hub, the review queue) for someone in the index"
    )
    print(f"  load average before {load_before}; after {load_average()}")
    compared = sorted(len(records_blocked(hub_keys(hub_candidate(r, 0)))) for r in arrivals)
    print(
        f"  hub: of the median {ms(percentile(sides['hub'][1], 0.5))}, "
        f"{ms(percentile(preparing[WARM_UP:], 0.5))} (median) is the resolver made and the index "
        f"read (prepare), the rest scoring; records compared: median "
        f"{percentile(compared, 0.5):.0f}, p95 {percentile(compared, 0.95):.0f}, "
        f"most {compared[-1]}"
    )
    verdict = "PASS" if hub_p95 < REALTIME_TARGET else "MISS"
    print(
        f"  hub p95 {ms(hub_p95)} (stock Splink {ms(stock_p95)}, {stock_p95 / hub_p95:.0f}x)  "
        f"(target: p95 < {ms(REALTIME_TARGET)})  {verdict}",
        flush=True,
    )
    return 0 if verdict == "PASS" else 1


# Batch.


def hub_groups(records: Sequence[Any], pairs: Sequence[Any], link_at: float) -> dict[int, int]:
    """Each record's group: pairs at the link threshold joined best first, unless a constraint
    holds any two records of the two groups apart (the loop of `index_relink`, in memory)."""
    from frontdoor.linkage.batch import Groups
    from frontdoor.linkage.constraints import never_the_same

    features = {record.unique_id: record.features for record in records}
    groups = Groups({unique_id: unique_id for unique_id in features})
    today = date.today()
    for pair in pairs:
        left, right = groups.find(pair.left), groups.find(pair.right)
        if left == right or pair.probability < link_at:
            continue
        if not any(
            never_the_same(features[a], features[b], on=today)
            for a in groups.members[left]
            for b in groups.members[right]
        ):
            groups.join(left, right)
    return {unique_id: groups.find(unique_id) for unique_id in features}


def hub_batch(records: Sequence[Recorded], link_at: float, review_at: float) -> BatchRun:
    from frontdoor.linkage.batch import pairs_scored
    from frontdoor.linkage.training import splink_model_train, weights_from_splink

    clock = Clock()
    hub_records = training_records(records)
    clock.lap("prepare")
    weights = weights_from_splink(splink_model_train(hub_records), 1, hub_records)
    clock.lap("train")
    pairs = pairs_scored(hub_records, weights, review_at)
    clock.lap("predict")
    groups = hub_groups(hub_records, pairs, link_at)
    clock.lap("cluster")
    return BatchRun(clock.laps, len(pairs), groups)


def stock_batch(records: Sequence[Recorded], link_at: float, review_at: float) -> BatchRun:
    clock = Clock()
    table = stock_table(records, 1)
    clock.lap("prepare")
    linker, _ = stock_linker(table)
    clock.lap("train")
    predictions = linker.inference.predict(threshold_match_probability=review_at)
    clock.lap("predict")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=link_at
    )
    found = clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    groups = dict(found)
    clock.lap("cluster")
    pairs = predictions.as_duckdbpyrelation().count("*").fetchall()[0][0]
    return BatchRun(clock.laps, int(pairs), groups)


class Clock:
    """Seconds spent in each stage, read one after another."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self._last
        self._last = now


@dataclass
class BatchRun:
    laps: dict[str, float]
    pairs: int
    groups: dict[int, Any]


def pairwise(groups: dict[int, Any], truth: dict[int, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the groups against the records' true people."""
    both = Counter((groups[r], truth[r]) for r in truth)
    correct = sum(comb(n, 2) for n in both.values())
    found = sum(comb(n, 2) for n in Counter(groups[r] for r in truth).values())
    true = sum(comb(n, 2) for n in Counter(truth.values()).values())
    return (correct / found if found else 1.0, correct / true if true else 1.0)


def batch_side(side: str, folder: Path, out: Path) -> None:
    """One side of the batch benchmark, in a process of its own; its figures to `out`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.test")
    import django

    django.setup()
    from django.conf import settings

    records = read_records(folder / "index.parquet")
    link_at = float(settings.FRONTDOOR_LINKAGE_LINK_AT)
    review_at = float(settings.FRONTDOOR_LINKAGE_REVIEW_AT)
    run = (hub_batch if side == "hub" else stock_batch)(records, link_at, review_at)
    truth = {number: record.person for number, record in enumerate(records, start=1)}
    precision, recall = pairwise(run.groups, truth)
    figures = {
        "laps": run.laps,
        "pairs": run.pairs,
        "groups": len(set(run.groups.values())),
        "precision": precision,
        "recall": recall,
    }
    out.write_text(json.dumps(figures), encoding="utf-8")


def batch(args: argparse.Namespace) -> int:
    # Generated here, before the sides start, so they do not both set about making them.
    records_folder(args.records, args.incoming, args.cache)
    rows = [
        [
            "linker",
            "prepare",
            "train",
            "predict",
            "cluster",
            "total",
            "process",
            "peak memory",
            "pairs",
            "groups",
            "precision",
            "recall",
            "load before / after",
        ]
    ]
    figures: dict[str, tuple[float, int]] = {}
    for side, name in (("hub", "hub"), ("stock", "stock Splink 5")):
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch) / "figures.json"
            command = [sys.executable, "-m", "benchmarks.matching", "batch"]
            command += [f"--records={args.records}", f"--incoming={args.incoming}"]
            command += [f"--cache={args.cache}", f"--side={side}", f"--out={out}"]
            load_before = load_average()
            began = time.perf_counter()
            child = subprocess.Popen(command, cwd=PROJECT_DIR)
            # wait4, not getrusage(RUSAGE_CHILDREN): the peak of this child, not of all so far.
            _, status, usage = os.wait4(child.pid, 0)
            process = time.perf_counter() - began
            if os.waitstatus_to_exitcode(status):
                print(f"ERROR {name}: exit status {os.waitstatus_to_exitcode(status)}")
                return 2
            found = json.loads(out.read_text(encoding="utf-8"))
        peak = usage.ru_maxrss * 1024  # Linux reports kilobytes
        total = sum(found["laps"].values())
        figures[name] = (total, peak)
        rows.append(
            [
                name,
                *(f"{found['laps'][stage]:.1f} s" for stage in STAGES),
                f"{total:.1f} s",
                f"{process:.1f} s",
                f"{peak / 1024**3:.2f} GiB",
                f"{found['pairs']:,}",
                f"{found['groups']:,}",
                f"{found['precision']:.4f}",
                f"{found['recall']:.4f}",
                f"{load_before} / {load_average()}",
            ]
        )
    print(f"\n== batch link of {args.records:,} source records ==")
    print(table(rows))
    (hub_total, hub_peak), (stock_total, _) = figures["hub"], figures["stock Splink 5"]
    passed = hub_total <= stock_total and hub_peak < MEMORY_TARGET
    print(
        "  total: prepare (the records in each linker's form), train, predict and cluster; "
        "process: the whole child process, Python start and reading the records included"
    )
    print(
        f"  hub {hub_total:.1f} s and {hub_peak / 1024**3:.2f} GiB, stock Splink "
        f"{stock_total:.1f} s (target: no slower than Splink, peak memory under "
        f"{MEMORY_TARGET / 1024**3:.0f} GiB)  {'PASS' if passed else 'MISS'}",
        flush=True,
    )
    return 0 if passed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.matching",
        description="Person linkage speed: the hub beside stock Splink 5, same records, one run.",
    )
    parser.add_argument("benchmark", choices=("realtime", "batch"))
    parser.add_argument("--records", type=int, default=50_000, help="source records in the index")
    parser.add_argument("--incoming", type=int, default=100, help="records matched one by one")
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgres"))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--side", choices=("hub", "stock"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side:
        batch_side(args.side, records_folder(args.records, args.incoming, args.cache), args.out)
        return 0
    print(
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {os.cpu_count()} CPUs, "
        f"load average {load_average()}",
        flush=True,
    )
    return realtime(args) if args.benchmark == "realtime" else batch(args)


if __name__ == "__main__":
    sys.exit(main())
