"""The messages held back from ingest: one block for each step that sends them, no overlap."""

import pytest
from benchmarks.config import API_WARM_UP, SCALES


@pytest.mark.parametrize("scale", SCALES.values(), ids=SCALES.keys())
def test_the_held_back_blocks_follow_one_another_to_the_end(scale) -> None:
    alongside, under_ingest, api = (
        scale.held_back_for(step) for step in ("ingest-alongside", "api-under-ingest", "api")
    )
    assert alongside[0] == -scale.held_back
    assert alongside[1] == under_ingest[0]
    assert under_ingest[1] == api[0]
    assert api[1] == 0
    assert api[1] - api[0] == scale.api_requests + API_WARM_UP
    assert under_ingest[1] - under_ingest[0] == scale.under_ingest_requests + API_WARM_UP
    assert alongside[1] - alongside[0] == scale.under_ingest_messages
