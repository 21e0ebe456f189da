"""The dashboard page and `frontdoor insights`: who sees them, what they show, the CSV."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.html import escape

from frontdoor.access.models import Role
from frontdoor.insights.measures import DIP_SAMPLES, MEASURES
from tests.factories import StaffFactory

from .conftest import World

MAY_JUNE = "start_day=1&start_month=5&start_year=2027&end_day=30&end_month=6&end_year=2027"


def test_a_leader_sees_every_measure_with_its_definition_chart_and_tables(
    client: Client, world: World
) -> None:
    client.force_login(world.leader)
    response = client.get(f"/insights/?{MAY_JUNE}")
    assert response.status_code == 200
    page = response.content.decode()
    for measure in MEASURES:
        assert measure.title in page
        assert escape(measure.definition) in page
    assert page.count('role="img"') == len(MEASURES) + 1  # and the dip samples'
    assert escape(DIP_SAMPLES.definition) in page
    assert "style=" not in page  # the Content Security Policy allows no inline style
    assert "100.0% (1 of 1)" in page


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.DATA_MANAGER, Role.MARAC_COORDINATOR])
def test_only_managers_and_administrators_see_the_insights(
    client: Client, world: World, role: str
) -> None:
    client.force_login(StaffFactory(agency=world.agencies["csc"], role=role).user)
    assert client.get("/insights/").status_code == 403
    assert client.get("/insights/?format=csv").status_code == 403


def test_an_administrator_of_any_agency_sees_them(client: Client, world: World) -> None:
    client.force_login(StaffFactory(agency=world.agencies["school"], role=Role.ADMINISTRATOR).user)
    assert client.get("/insights/").status_code == 200


def test_the_csv_holds_every_figure_of_the_view(client: Client, world: World) -> None:
    client.force_login(world.leader)
    response = client.get(f"/insights/?{MAY_JUNE}&agency=police&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "insights-2027-05-01-2027-06-30-police.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["measure"] for row in rows} == {m.code for m in (*MEASURES, DIP_SAMPLES)}
    assert {row["agency"] for row in rows} == {"police"}
    on_time = next(
        r
        for r in rows
        if (r["measure"], r["statistic"], r["breakdown"])
        == ("receipt_to_decision", "on_time", "all")
    )
    assert (on_time["count"], on_time["of"], on_time["value"]) == ("1", "1", "100.0")


def test_one_agency_s_view_is_named(client: Client, world: World) -> None:
    client.force_login(world.leader)
    page = client.get(f"/insights/?{MAY_JUNE}&agency=probation").content.decode()
    assert "Insights: Probation" in page


def test_a_team_s_view_says_which_measures_it_does_not_count(client: Client, world: World) -> None:
    client.force_login(world.leader)
    page = client.get(f"/insights/?{MAY_JUNE}&team=Northside").content.decode()
    assert "Insights: Northside" in page
    assert page.count("Not counted for a police station or team") == 6
    assert '<option value="Southside">' in page
    response = client.get(f"/insights/?{MAY_JUNE}&team=Northside&format=csv")
    assert "insights-2027-05-01-2027-06-30-northside.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["measure"] for row in rows} == {
        "incident_to_front_door",
        "child_seen_heard",
        "escalations",
        "dip_samples",
    }
    assert {row["team"] for row in rows} == {"Northside"}


def test_an_unknown_team_is_refused_naming_the_field(client: Client, world: World) -> None:
    client.force_login(world.leader)
    page = client.get(f"/insights/?{MAY_JUNE}&team=Eastside").content.decode()
    assert "no incident in the period names the team &#x27;Eastside&#x27;" in page
    assert 'href="#id_team"' in page


def test_a_period_backwards_is_refused_naming_the_field(client: Client, world: World) -> None:
    client.force_login(world.leader)
    query = "start_day=1&start_month=6&start_year=2027&end_day=1&end_month=5&end_year=2027"
    page = client.get(f"/insights/?{query}").content.decode()
    assert "2027-05-01 is before from (2027-06-01)" in page
    assert 'href="#id_end' in page
    assert 'role="img"' not in page


def test_the_command_prints_the_same_figures_as_json_and_csv(world: World) -> None:
    out = io.StringIO()
    call_command("insights", "--from", "2027-05-01", "--to", "2027-06-30", stdout=out)
    document = json.loads(out.getvalue())
    assert [m["code"] for m in document["measures"]] == [m.code for m in (*MEASURES, DIP_SAMPLES)]
    marac = next(
        f for f in document["figures"] if (f["measure"], f["breakdown"]) == ("marac_repeat", "all")
    )
    assert (marac["count"], marac["of"], marac["value"]) == (1, 2, 50.0)
    out = io.StringIO()
    call_command("insights", "--from", "2027-05-01", "--to", "2027-06-30", "--agency",
                 "probation", "--format", "csv", stdout=out)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {row["agency"] for row in rows} == {"probation"}


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--from", "2027-13-01"], "from: not a date as YYYY-MM-DD: '2027-13-01'"),
        (["--from", "2027-06-01", "--to", "2027-05-01"], "to: 2027-05-01 is before from"),
        (["--agency", "nowhere"], "agency: no agency with the code 'nowhere'"),
        (["--team", "Eastside"], "team: no incident in the period names the team 'Eastside'"),
    ],
)
def test_the_command_names_what_is_wrong(world: World, arguments: list[str], error: str) -> None:
    with pytest.raises(CommandError, match=error.replace("(", r"\(")):
        call_command("insights", *arguments)
