"""Which incidents a week's dip sample is drawn from (docs/quality.md defines them), and the
draw: the same population and seed always give the same sample."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from frontdoor.quality.configuration import Timeline
from frontdoor.quality.sampling import draw_order, sample_select, week_dates, week_population
from frontdoor.quality.services import quality_setting_set
from frontdoor.risk.models import Alert

from .conftest import Family

FIRST, LAST = week_dates("2026-W10")
HIGH_DASH = {"answers": {str(q): "yes" for q in range(1, 15)}}
MEDIUM_DASH = {"answers": {str(q): "yes" for q in range(1, 11)}}


def population() -> set[str]:
    rules = Timeline.load().on(FIRST)
    return {c.message_id for c in week_population(FIRST, LAST, as_of=timezone.now(), rules=rules)}


def test_weeks_are_iso_weeks_and_bad_ones_are_named() -> None:
    assert week_dates("2026-W10") == (date(2026, 3, 2), date(2026, 3, 8))
    assert week_dates("2026-w53")[0] == date(2026, 12, 28)
    with pytest.raises(ValueError, match=r"week: not an ISO week like 2026-W47: '2026-10'"):
        week_dates("2026-10")
    with pytest.raises(ValueError, match="week: 2025 has no week 53"):
        week_dates("2025-W53")


@pytest.mark.django_db
def test_a_standard_risk_incident_with_a_child_and_nothing_after_it_is_in(
    agencies: dict, families: list[Family]
) -> None:
    kept = families[0].incident("2026-03-04T21:00:00", station="Northgate")
    graded_by_dash_only = families[1].incident("2026-03-05T21:00:00", risk=None, dash={
        "answers": {"1": "yes", "2": "no"}})  # fmt: skip
    assert population() == {kept, graded_by_dash_only}


@pytest.mark.django_db
def test_higher_risk_ungraded_and_childless_incidents_are_out(
    agencies: dict, families: list[Family]
) -> None:
    families[0].incident("2026-03-04T21:00:00", risk="medium")
    families[1].incident("2026-03-04T21:00:00", dash=MEDIUM_DASH)
    families[2].incident("2026-03-04T21:00:00", risk=None)
    families[3].send("incident", "2026-03-04T21:00:00", {"officer_risk": "standard"}, child=False)
    judged_high = {"answers": {}, "professional_judgement": "high"}
    families[4].incident("2026-03-04T21:00:00", dash=judged_high)
    assert population() == set()


@pytest.mark.django_db
def test_a_dash_about_the_victim_within_the_setting_counts_towards_the_risk(
    agencies: dict, families: list[Family]
) -> None:
    raised = families[0].incident("2026-03-02T10:00:00")
    families[0].send("assessment", "2026-03-09T09:00:00", {"type": "dash", **MEDIUM_DASH})
    later = families[1].incident("2026-03-02T10:00:00")
    families[1].send("assessment", "2026-03-09T11:00:00", {"type": "dash", **HIGH_DASH})
    assert population() == {later}
    assert raised not in population()


@pytest.mark.django_db
def test_a_referral_within_the_window_refers_the_incident_on(
    agencies: dict, families: list[Family]
) -> None:
    families[0].incident("2026-03-03T10:00:00")
    families[0].send("referral", "2026-03-31T09:00:00", {"reason": "Worried"}, source="police")
    families[1].incident("2026-03-03T10:00:00")
    families[1].send("marac", "2026-03-10T09:00:00", {"event": "referred"})
    late = families[2].incident("2026-03-03T10:00:00")
    families[2].send("referral", "2026-04-01T09:00:00", {"reason": "Worried"}, source="police")
    before = families[3].incident("2026-03-03T10:00:00")
    families[3].send("referral", "2026-03-01T09:00:00", {"reason": "Earlier"}, source="police")
    assert population() == {late, before}


@pytest.mark.django_db
def test_an_incident_the_rules_sent_on_is_out(agencies: dict, families: list[Family]) -> None:
    """A second incident within the year meets the referral criteria: its alert puts the child
    on the front door's queue, so it was sent on; the first was not."""
    families[0].incident("2026-02-20T10:00:00")
    second = families[0].incident("2026-03-04T10:00:00")
    assert Alert.objects.filter(
        rule="CHILD_REFERRAL_DUE", trigger__message__message_id=second
    ).exists()
    assert population() == set()
    quality_setting_set(
        key="dipsample.referring_rules",
        value=["DASH_HIGH"],
        effective_from=FIRST,
        reason="Test: the queue's alerts do not count",
        user=None,
    )
    assert population() == {second}


@pytest.mark.django_db
def test_the_week_runs_monday_to_sunday_in_local_time(
    agencies: dict, families: list[Family]
) -> None:
    sunday_night = families[0].incident("2026-03-08T23:59:00")
    families[1].incident("2026-03-09T00:00:00")
    families[2].incident("2026-03-01T23:59:00")
    assert population() == {sunday_night}


@pytest.mark.django_db
def test_what_the_hub_received_after_the_moment_is_not_known_then(
    agencies: dict, families: list[Family]
) -> None:
    families[0].incident("2026-03-04T21:00:00")
    moment = timezone.now()
    families[1].incident("2026-03-04T21:00:00")
    rules = Timeline.load().on(FIRST)
    then = week_population(FIRST, LAST, as_of=moment, rules=rules)
    later = week_population(FIRST, LAST, as_of=moment + timedelta(hours=1), rules=rules)
    assert len(then) == 1
    assert len(later) == 2


KEYS = st.lists(
    st.tuples(st.sampled_from(["police", "police-b"]), st.text(min_size=1, max_size=8)),
    unique=True,
    max_size=30,
)


@settings(deadline=None)  # the machine may be busy; the test is of the draw, not its speed
@given(
    keys=KEYS,
    seed=st.integers(min_value=0, max_value=2**63 - 1),
    per=st.integers(1, 5),
    order=st.randoms(use_true_random=False),
)
def test_the_same_population_and_seed_give_the_same_sample_in_any_order(
    keys: list[tuple[str, str]], seed: int, per: int, order: object
) -> None:
    strata: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        strata.setdefault(key[0], []).append(key)
    shuffled = {name: list(group) for name, group in strata.items()}
    for group in shuffled.values():
        order.shuffle(group)  # type: ignore[attr-defined]
    first = sample_select(strata, seed=seed, per_stratum=per)
    assert sample_select(shuffled, seed=seed, per_stratum=per) == first
    for name, group in strata.items():
        assert len(first[name]) == min(per, len(group))
        assert set(first[name]) <= set(group)
        rest = set(group) - set(first[name])
        assert all(draw_order(seed, k) < draw_order(seed, r) for k in first[name] for r in rest)


def test_the_draw_order_is_sha256_of_seed_source_and_message_id() -> None:
    """So anyone can check a sample by hand: `printf '47:police:INC-1' | sha256sum`."""
    assert draw_order(47, ("police", "INC-1")) == (
        "0e257b42b1ab9288a7c92c49c622bcd47c93a2fe8a0bf690ffcdec647b3a3fae"
    )
