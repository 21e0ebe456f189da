"""Each measure over the scenario of conftest.py: what a leader would read on the dashboard."""

import re
from datetime import date

import duckdb
import pytest
from django.utils import timezone

from frontdoor.access.models import Agency
from frontdoor.insights.figures import Cell, Insights, insights_compute
from frontdoor.insights.loads import Period, hub_load
from frontdoor.triage.services import triage_setting_set

from .conftest import World

MAY_JUNE = Period(date(2027, 5, 1), date(2027, 6, 30))


def cells(insights: Insights, measure: str, breakdown: str = "all") -> dict[str, dict[str, Cell]]:
    """The figures of one measure's breakdown: {key: {statistic: cell}}."""
    result = next(r for r in insights.results if r.measure.code == measure)
    lines = (
        [result.total]
        if breakdown == "all"
        else next(b for b in result.breakdowns if b.dimension.code == breakdown).lines
    )
    codes = [s.code for s in result.measure.statistics]
    return {line.key: dict(zip(codes, line.cells, strict=True)) for line in lines}


@pytest.fixture
def insights(world: World) -> Insights:
    return insights_compute(MAY_JUNE)


def test_repeat_abuse_within_12_months_of_the_decision_by_decision(insights: Insights) -> None:
    total = cells(insights, "repeat_incidents")["all"]["repeated"]
    assert (total.count, total.of) == (1, 2)
    by_outcome = cells(insights, "repeat_incidents", "outcome")
    assert by_outcome["early_help"]["repeated"].text == "100.0% (1 of 1)"
    assert by_outcome["no_further_action"]["repeated"].text == "0.0% (0 of 1)"
    by_month = cells(insights, "repeat_incidents", "month")
    assert list(by_month) == ["2027-05", "2027-06"]
    assert by_month["2027-06"]["repeated"].of == 2


def test_time_from_incident_to_the_front_door_against_the_notice_time(insights: Insights) -> None:
    total = cells(insights, "incident_to_front_door")["all"]
    assert total["median_hours"].value == pytest.approx((2 + 30) / 2)
    assert (total["on_time"].count, total["on_time"].of) == (1, 2)


def test_time_from_receipt_to_decision_against_the_deadline(insights: Insights) -> None:
    total = cells(insights, "receipt_to_decision")["all"]
    assert total["median_hours"].value == pytest.approx((2 + 5 * 24) / 2)
    assert (total["on_time"].count, total["on_time"].of) == (1, 2)
    by_agency = cells(insights, "receipt_to_decision", "agency")
    police, probation = (str(Agency.objects.get(code=c).pk) for c in ("police", "probation"))
    assert by_agency[police]["on_time"].count == 1
    assert by_agency[probation]["on_time"].count == 0


def test_children_seen_seen_alone_and_heard(insights: Insights) -> None:
    total = cells(insights, "child_seen_heard")["all"]
    assert {k: (c.count, c.of) for k, c in total.items()} == {
        "seen": (1, 3),
        "seen_alone": (1, 3),
        "heard": (2, 3),
    }
    by_kind = cells(insights, "child_seen_heard", "kind")
    assert by_kind["contact"]["heard"].text == "100.0% (1 of 1)"


def test_referrals_by_source_with_probation_and_what_became_of_them(insights: Insights) -> None:
    by_type = cells(insights, "referrals_by_source", "agency_type")
    assert by_type["probation"]["referrals"].count == 1
    assert by_type["probation"]["no_further_action"].count == 1
    assert by_type["police"]["early_help"].count == 1
    assert by_type["school"]["referrals"].text == "0"  # every type is listed, referring or not


def test_decisions_with_a_health_contribution(insights: Insights) -> None:
    total = cells(insights, "health_contribution")["all"]["health"]
    assert (total.count, total.of) == (1, 2)
    assert cells(insights, "health_contribution", "outcome")["early_help"]["health"].count == 1


def test_sharing_duties_met_on_time_by_recipient_type(insights: Insights) -> None:
    total = cells(insights, "sharing_on_time")["all"]["on_time"]
    assert (total.count, total.of) == (1, 3)  # the one not yet due is left out
    by_type = cells(insights, "sharing_on_time", "recipient_type")
    assert by_type["gp"]["on_time"].text == "100.0% (1 of 1)"
    assert by_type["school"]["on_time"].text == "0.0% (0 of 2)"
    assert "probation" not in by_type


def test_escalations_caught_and_how_long_before_the_front_door_acted(insights: Insights) -> None:
    total = cells(insights, "escalations")["all"]
    assert total["caught"].count == 2
    assert (total["acted"].count, total["acted"].of) == (1, 2)
    assert total["median_hours"].value == pytest.approx(3.0)


def test_marac_repeat_rate(insights: Insights) -> None:
    total = cells(insights, "marac_repeat")["all"]["repeat"]
    assert (total.count, total.of) == (1, 2)


def test_one_agency_s_figures_only(world: World) -> None:
    probation = insights_compute(MAY_JUNE, agency_code="probation")
    assert cells(probation, "receipt_to_decision")["all"]["on_time"].of == 1
    assert cells(probation, "incident_to_front_door")["all"]["on_time"].of == 0
    assert cells(probation, "sharing_on_time")["all"]["on_time"].of == 0


def test_an_unknown_agency_is_refused_by_name(world: World) -> None:
    with pytest.raises(ValueError, match="agency: no agency with the code 'nowhere'"):
        insights_compute(MAY_JUNE, agency_code="nowhere")


def test_small_numbers_are_suppressed_by_the_partnership_s_threshold(world: World) -> None:
    triage_setting_set(
        key="insights.suppress_below",
        value=5,
        effective_from=date(2027, 1, 1),
        reason="Back to the default",
        user=None,
    )
    insights = insights_compute(MAY_JUNE)
    total = cells(insights, "marac_repeat")["all"]["repeat"]
    assert total.suppressed
    assert total.text == "fewer than 5"
    assert total.shown is None
    assert cells(insights, "child_seen_heard", "month")["2027-06"]["seen"].text == "none to count"


@pytest.mark.parametrize(
    ("first", "last", "error"),
    [
        (date(2027, 2, 1), date(2027, 1, 1), "to: 2027-01-01 is before from (2027-02-01)"),
        (date(2010, 1, 1), date(2027, 1, 1), "to: 2010-01-01 to 2027-01-01 is longer than 10"),
    ],
)
def test_a_period_must_run_forwards_for_at_most_ten_years(
    first: date, last: date, error: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(error)):
        Period.checked(first, last)


def test_last_year_is_this_month_and_the_eleven_before() -> None:
    assert Period.last_year(date(2026, 11, 30)) == Period(date(2025, 12, 1), date(2026, 11, 30))
    assert Period.last_year(date(2026, 12, 5)) == Period(date(2026, 1, 1), date(2026, 12, 5))


@pytest.mark.parametrize(("hours", "on_time"), [(2, 1), (1, 0), (30, 2)])
def test_on_time_to_the_front_door_is_the_notice_time_in_force_that_day(
    world: World, hours: int, on_time: int
) -> None:
    triage_setting_set(
        key="incident.notice_hours",
        value=hours,
        effective_from=date(2027, 5, 1),
        reason="Agreed with the police",
        user=None,
    )
    total = cells(insights_compute(MAY_JUNE), "incident_to_front_door")["all"]["on_time"]
    assert (total.count, total.of) == (on_time, 2)


def test_a_notice_time_from_a_later_day_does_not_apply_before_it(world: World) -> None:
    triage_setting_set(
        key="incident.notice_hours",
        value=1,
        effective_from=date(2027, 5, 2),
        reason="Agreed with the police",
        user=None,
    )
    total = cells(insights_compute(MAY_JUNE), "incident_to_front_door")["all"]["on_time"]
    assert (total.count, total.of) == (1, 2)  # 1 May's incident still had 24 hours


def test_dip_sample_findings_month_by_month(insights: Insights) -> None:
    total = cells(insights, "dip_samples")["all"]
    assert total["reviews"].count == 2
    assert (total["no_risk_right"].count, total["no_risk_right"].of) == (1, 2)
    assert (total["good"].count, total["requires_improvement"].count) == (1, 1)
    by_month = cells(insights, "dip_samples", "month")
    assert by_month["2027-05"]["reviews"].count == 2
    assert by_month["2027-06"]["reviews"].text == "0"


def test_one_team_s_view_counts_the_incidents_it_dealt_with(world: World) -> None:
    northside = insights_compute(MAY_JUNE, team="Northside")
    assert northside.teams == ("Northside", "Southside")
    incidents = cells(northside, "incident_to_front_door")["all"]["on_time"]
    assert (incidents.count, incidents.of) == (1, 1)
    seen = cells(northside, "child_seen_heard")["all"]["seen"]
    assert (seen.count, seen.of) == (1, 1)  # the contact names no team
    assert cells(northside, "escalations")["all"]["caught"].count == 1
    dip = cells(northside, "dip_samples")["all"]
    assert (dip["reviews"].count, dip["no_risk_right"].count) == (1, 1)
    uncounted = {r.measure.code for r in northside.results if not r.counted}
    assert uncounted == {
        "repeat_incidents",
        "receipt_to_decision",
        "referrals_by_source",
        "health_contribution",
        "sharing_on_time",
        "marac_repeat",
    }


def test_an_unknown_team_is_refused_by_name(world: World) -> None:
    with pytest.raises(
        ValueError, match="team: no incident in the period names the team 'Eastside'"
    ):
        insights_compute(MAY_JUNE, team="Eastside")


def test_each_reading_has_tables_of_its_own_and_closing_it_leaves_the_rest(world: World) -> None:
    """Requests share one DuckDB database: one request's facts are not another's, and closing
    one leaves the database open for the next."""
    april = hub_load(Period(date(2027, 4, 1), date(2027, 4, 30)), timezone.now())
    may_june = hub_load(MAY_JUNE, timezone.now())
    counted = "SELECT count(*) FROM incidents"
    try:
        assert april.execute(counted).fetchone() == (0,)
        assert may_june.execute(counted).fetchone() == (2,)
    finally:
        april.close()
        may_june.close()
    again = hub_load(MAY_JUNE, timezone.now())
    try:
        assert again.execute(counted).fetchone() == (2,)
    finally:
        again.close()
    with pytest.raises(duckdb.ConnectionException):
        april.execute(counted)
