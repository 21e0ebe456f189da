"""Shared synthetic boroughs for the synth tests: generated once per session, kept small."""

from __future__ import annotations

import pytest

from frontdoor.synth.generator import write_borough

from .borough_files import Loaded, load


@pytest.fixture(scope="session")
def borough(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    """A borough with a high invalid rate, so every kind of invalid message shows up."""
    path = tmp_path_factory.mktemp("borough")
    write_borough(path, households=600, years=5, seed=11, invalid_rate=0.03)
    return load(path)


@pytest.fixture(scope="session")
def big_borough(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    """A ten-year borough at the default invalid rate, for proportions."""
    path = tmp_path_factory.mktemp("big")
    write_borough(path, households=2500, years=10, seed=2026)
    return load(path)
