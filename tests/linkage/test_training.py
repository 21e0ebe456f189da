"""Training the match weights with Splink on the hub's own records, and using them."""

import io
import json
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from frontdoor.access.services import agencies_load
from frontdoor.intake.models import Channel
from frontdoor.intake.services import Arriving, messages_ingest
from frontdoor.linkage.comparisons import COMPARISONS
from frontdoor.linkage.models import TrainedModel
from frontdoor.linkage.training import (
    current_weights,
    levels_untrained,
    model_train,
    weights_from_splink,
)
from frontdoor.linkage.weights import UNTRAINED
from frontdoor.people.models import LinkDecision
from frontdoor.synth.generator import write_borough

TYPO = "postcodes a typing slip apart"


@pytest.fixture
def loaded_borough(db: None, tmp_path: Path) -> None:
    write_borough(tmp_path, households=250, years=3, seed=5)
    agencies_load(json.loads((tmp_path / "agencies.json").read_text(encoding="utf-8")))
    lines = (tmp_path / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    for _ in messages_ingest((Arriving(line) for line in lines), channel=Channel.FILE):
        pass


@pytest.mark.usefixtures("loaded_borough")
def test_training_stores_a_new_version_with_a_weight_for_every_level() -> None:
    assert current_weights() is UNTRAINED
    model = model_train(trained_by="a data manager")
    assert (model.version, model.trained_by) == (1, "a data manager")
    assert model.records > 500
    weights = current_weights()
    assert weights.version == 1
    for comparison in COMPARISONS:
        assert len(weights.m_u[comparison.name]) == len(comparison.levels) + 1
        assert all(0 < m <= 1 and 0 < u <= 1 for m, u in weights.m_u[comparison.name])
    assert 0 < weights.prior < 0.01
    assert weights.frequencies["family"]


@pytest.mark.usefixtures("loaded_borough")
def test_a_training_pass_splink_refuses_is_dropped_and_training_finishes(caplog) -> None:
    """Splink 5 raises when expectation maximisation drives an m probability to zero."""
    from splink.internals.linker_components.training import LinkerTraining

    real = LinkerTraining.estimate_parameters_using_expectation_maximisation

    def refuse_dates_of_birth(self, blocking_rule, **options):
        if "date_of_birth" in str(blocking_rule):
            raise ValueError("m_probability value 0.0 is below the minimum allowed value")
        return real(self, blocking_rule, **options)

    with mock.patch.object(
        LinkerTraining, "estimate_parameters_using_expectation_maximisation", refuse_dates_of_birth
    ):
        model = model_train(trained_by="a data manager")
    assert model.version == 1
    assert "was dropped: m_probability value 0.0" in caplog.text
    for comparison in COMPARISONS:
        assert all(0 < m <= 1 for m, _ in current_weights().m_u[comparison.name])


@pytest.mark.usefixtures("loaded_borough")
def test_training_twice_on_the_same_records_gives_the_same_weights() -> None:
    first, second = model_train(trained_by="a"), model_train(trained_by="b")
    assert second.version == first.version + 1
    assert {**first.weights, "version": 0} == {**second.weights, "version": 0}


@pytest.mark.usefixtures("loaded_borough")
def test_links_made_after_training_name_the_model_version() -> None:
    model_train(trained_by="a data manager")
    assert TrainedModel.objects.count() == 1
    assert set(LinkDecision.objects.values_list("model_version", flat=True)) == {0}


@pytest.mark.usefixtures("loaded_borough")
def test_training_names_once_the_levels_it_could_not_estimate(caplog) -> None:
    out = io.StringIO()

    call_command("linkage", "train", stdout=out)

    untrained = levels_untrained(TrainedModel.objects.get().splink_model)
    assert untrained
    assert "unable to train m value" not in caplog.text
    said = [line for line in out.getvalue().splitlines() if "keep their starting m" in line]
    assert said == [
        "too few pairs trained on showed these levels to estimate them, so they keep their "
        "starting m: " + "; ".join(untrained)
    ]
    weights = current_weights()
    for title, level in (line.split(": ", 1) for line in untrained):
        comparison = next(c for c in COMPARISONS if c.title == title)
        labels = [*(lv.label for lv in comparison.levels), comparison.otherwise]
        index = labels.index(level)
        assert weights.m_u[comparison.name][index][0] == UNTRAINED.m_u[comparison.name][index][0]


def test_an_m_trained_almost_to_nothing_keeps_the_starting_value() -> None:
    """Expectation maximisation drove "postcodes a typing slip apart" to 3.6e-34 on the demo's
    year: as a weight, a veto on any two records differing so."""
    splink_model = {
        "probability_two_random_records_match": 1e-4,
        "comparisons": [
            {
                "output_column_name": comparison.name,
                "comparison_levels": [
                    {"is_null_level": True},
                    *(
                        {
                            "label_for_charts": level.label,
                            "m_probability": 3.6e-34 if level.label == TYPO else 0.1,
                            "u_probability": 0.01,
                        }
                        for level in comparison.levels
                    ),
                    {"label_for_charts": "different", "m_probability": 0.1, "u_probability": 0.9},
                ],
            }
            for comparison in COMPARISONS
        ],
    }

    weights = weights_from_splink(splink_model, 1, [])

    address = next(c for c in COMPARISONS if c.name == "address")
    typo = next(i for i, level in enumerate(address.levels) if level.label == TYPO)
    assert weights.m_u["address"][typo][0] == UNTRAINED.m_u["address"][typo][0]
    assert weights.m_u["address"][0][0] == 0.1
    assert levels_untrained(splink_model) == [f"{address.title}: {TYPO}"]
