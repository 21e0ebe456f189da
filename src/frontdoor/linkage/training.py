"""Training the match weights with Splink 5 (DuckDB) on the hub's own source records.

u (how often different people agree by chance) is estimated by random sampling with a fixed
seed; m (how often one person's records agree) by expectation maximisation, twice, blocking on
different fields so each field's m is estimated by a pass that did not block on it. The prior
comes from deterministic rules. The result is stored as the next `TrainedModel` version.
"""

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow
from django.db import transaction
from django.utils import timezone

from frontdoor.people.models import SourceRecord

from .comparisons import COMPARISONS, Features
from .index import COLUMNS, indexed
from .models import TrainedModel
from .weights import UNTRAINED, MatchWeights

logger = logging.getLogger(__name__)

SEED = 1
U_PAIRS = 2_000_000
EM_PAIRS = 2_000_000
EM_PROBE_RECORDS = 100_000
DETERMINISTIC_RECALL = 0.7
# An m below this says the pairs trained on barely showed the level, not that one person's
# records never do: expectation maximisation drove "postcodes a typing slip apart" to 3.6e-34 on
# the demo's year, a weight of -98 that would keep apart any two records differing so. Only
# the hard constraints may forbid a link (decision 35).
LOWEST_M = 1e-5
TITLES = {comparison.name: comparison.title for comparison in COMPARISONS}
# Blocking rules in Splink's SQL: the same keys the real-time matcher searches by.
BLOCKING_RULES = (
    'l."nhs_number" = r."nhs_number"',
    'l."family_key" = r."family_key" AND l."date_of_birth" = r."date_of_birth"',
    'l."family_key" = r."family_key" AND l."date_of_birth" = r."dob_swapped"',
    'l."given_key" = r."given_key" AND l."date_of_birth" = r."date_of_birth"',
    'l."given_key" = r."given_key" AND l."family_key" = r."family_key"',
    'l."family_key" = r."family_key" AND l."postcode" = r."postcode"',
    'l."date_of_birth" = r."date_of_birth" AND l."postcode" = r."postcode"',
)
DETERMINISTIC_RULES = (
    'l."nhs_number" = r."nhs_number"',
    'l."given" = r."given" AND l."family" = r."family" '
    'AND l."date_of_birth" = r."date_of_birth" AND l."postcode" = r."postcode"',
)
# Expectation maximisation passes: each estimates m for the fields it does not block on.
EM_BLOCKS = (
    'l."date_of_birth" = r."date_of_birth"',
    'l."given_key" = r."given_key" AND l."family_key" = r."family_key"',
)


@dataclass(frozen=True)
class TrainingRecord:
    """A record as Splink sees it: its id, blocking keys, and the matcher's features."""

    unique_id: int
    given_key: str
    family_key: str
    features: Features


def splink_settings() -> dict[str, Any]:
    """The model's shape in Splink's settings format: comparisons, blocking, term frequencies."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": [comparison.splink_comparison() for comparison in COMPARISONS],
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
    }


def _swapped_iso(born: date | None) -> str | None:
    if born is None:
        return None
    try:
        return born.replace(month=born.day, day=born.month).isoformat()
    except ValueError:
        return None


def records_table(records: Sequence[TrainingRecord]) -> pyarrow.Table:
    """The records as an Arrow table with every column the comparisons and blocking use."""
    rows = [
        record.features.as_row()
        | {
            "unique_id": record.unique_id,
            "given_key": record.given_key or None,
            "family_key": record.family_key or None,
            "dob_swapped": _swapped_iso(record.features.date_of_birth),
        }
        for record in records
    ]
    columns = list(rows[0]) if rows else ["unique_id"]
    return pyarrow.table({name: [row[name] for row in rows] for name in columns})


def records_database(records: Sequence[TrainingRecord]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database holding the records as the table `records`."""
    connection = duckdb.connect()
    connection.register("records_arrow", records_table(records))
    connection.execute(
        "CREATE TABLE records AS SELECT * REPLACE (CAST(dob_swapped AS DATE) AS dob_swapped) "
        "FROM records_arrow"
    )
    connection.unregister("records_arrow")
    return connection


def records_for_training() -> list[TrainingRecord]:
    """Every source record in the index, in the form training and batch linking use."""
    given_at, family_at = COLUMNS.index("given_key"), COLUMNS.index("family_key")
    return [
        TrainingRecord(
            unique_id=row[0],
            given_key=row[given_at],
            family_key=row[family_at],
            features=indexed(row).features,
        )
        for row in SourceRecord.objects.order_by("pk").values_list(*COLUMNS)
    ]


def _frequencies(values: Iterable[str]) -> dict[str, float]:
    counts = Counter(value for value in values if value)
    total = sum(counts.values())
    return {value: count / total for value, count in counts.items()} if total else {}


def _trained_m(level: dict[str, Any]) -> float | None:
    """A level's m as training estimated it, unless it estimated none or one below `LOWEST_M`."""
    m = level.get("m_probability")
    return float(m) if m is not None and float(m) >= LOWEST_M else None


def weights_from_splink(
    model: dict[str, Any], version: int, records: Sequence[TrainingRecord]
) -> MatchWeights:
    """MatchWeights from Splink's saved model; a level Splink could not estimate, or whose m it
    drove below `LOWEST_M`, keeps the untrained value, so a small or one-sided index never leaves
    a level without a weight, nor makes one a veto."""
    m_u: dict[str, list[tuple[float, float]]] = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        fallback = UNTRAINED.m_u[name]
        m_u[name] = [
            (
                _trained_m(level) or fallback[index][0],
                float(level.get("u_probability") or fallback[index][1]),
            )
            for index, level in enumerate(levels)
        ]
    return MatchWeights(
        version=version,
        prior=float(model["probability_two_random_records_match"]),
        m_u=m_u,
        frequencies={
            "given": _frequencies(r.features.given for r in records),
            "family": _frequencies(r.features.family for r in records),
        },
    )


def _not_about_an_unobserved_level(record: logging.LogRecord) -> bool:
    return "unable to train m value" not in record.getMessage()


@contextmanager
def _unobserved_levels_unsaid() -> Iterator[None]:
    """Splink warns, at each pass of expectation maximisation, of every level no pair in that
    pass showed; most are trained by the other pass. `levels_untrained` says which were not."""
    passes = logging.getLogger("splink.internals.expectation_maximisation")
    passes.addFilter(_not_about_an_unobserved_level)
    try:
        yield
    finally:
        passes.removeFilter(_not_about_an_unobserved_level)


def levels_untrained(splink_model: dict[str, Any]) -> list[str]:
    """The levels training could not estimate, or drove below `LOWEST_M`, each as "Address:
    postcodes a typing slip apart": they keep the m of `UNTRAINED`."""
    return [
        f"{TITLES[comparison['output_column_name']]}: {level['label_for_charts']}"
        for comparison in splink_model["comparisons"]
        for level in comparison["comparison_levels"]
        if not level.get("is_null_level") and _trained_m(level) is None
    ]


def splink_model_train(records: Sequence[TrainingRecord]) -> dict[str, Any]:
    """Train with Splink on DuckDB and return the model as Splink saves it."""
    from splink import DuckDBAPI, Linker

    database = records_database(records)
    # DuckDB's sums over many threads may add in another order each run: one thread makes the
    # same records train the same weights (its documentation on non-deterministic behaviour).
    database.execute("SET threads TO 1")
    api = DuckDBAPI(database)
    linker = Linker(api.register("records"), splink_settings(), log_level=logging.WARNING)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        list(DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL
    )
    training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=SEED)
    # The share of records Splink samples to estimate how many pairs a pass would make.
    probe = min(1.0, EM_PROBE_RECORDS / max(len(records), 1))
    with _unobserved_levels_unsaid():
        for block in EM_BLOCKS:
            try:
                training.estimate_parameters_using_expectation_maximisation(
                    block, max_pairs=EM_PAIRS, record_sample_proportion=probe
                )
            except ValueError as error:
                # Splink 5 refuses an m probability that expectation maximisation drives to
                # zero (seen on the full synthetic force): the pass is dropped, and the levels
                # keep what the other pass trained, else the untrained weights.
                logger.warning("training: the pass blocked on %s was dropped: %s", block, error)
    return linker.misc.save_model_to_json()


def model_train(*, trained_by: str) -> TrainedModel:
    """Train the next version of the match weights on every source record, and store it."""
    records = records_for_training()
    splink_model = splink_model_train(records)
    with transaction.atomic():
        latest = TrainedModel.objects.select_for_update().first()
        version = (latest.version if latest else UNTRAINED.version) + 1
        weights = weights_from_splink(splink_model, version, records)
        return TrainedModel.objects.create(
            version=version,
            trained_at=timezone.now(),
            trained_by=trained_by,
            records=len(records),
            weights=weights.as_json(),
            splink_model=splink_model,
        )


_cached: dict[int, MatchWeights] = {}


def current_weights() -> MatchWeights:
    """The newest trained weights (read once a process for each version), else UNTRAINED."""
    version = TrainedModel.objects.values_list("version", flat=True).first()
    if version is None:
        return UNTRAINED
    if version not in _cached:
        stored = TrainedModel.objects.get(version=version)
        _cached[version] = MatchWeights.from_json(stored.weights)
    return _cached[version]
