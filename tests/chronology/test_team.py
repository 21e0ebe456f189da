"""An event's police station or team: written by intake, without the spaces around it, and
given to the events recorded before the column by its migrations."""

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from frontdoor.access.models import Agency
from frontdoor.chronology.models import Event
from frontdoor.intake.models import Channel
from frontdoor.intake.services import messages_receive
from tests.factories import message, raw

BEFORE = [("chronology", "0003_redundant_indexes")]
AFTER = [("chronology", "0004_event_team")]
TRIMMED = [("chronology", "0005_team_without_spaces")]
FACTS = {
    "named": {"station": "Northgate"},
    "padded": {"station": " Southgate\t"},
    "a number": {"station": 12},
    "null": {"station": None},
    "none": {},
}


def _events(facts: dict[str, dict[str, Any]]) -> dict[str, int]:
    """One incident for each of these facts, by name, received through intake."""
    payloads = {name: message(facts=given) for name, given in facts.items()}
    messages_receive([raw(payload) for payload in payloads.values()], channel=Channel.FILE)
    return {
        name: Event.objects.get(message__message_id=payload["message_id"]).pk
        for name, payload in payloads.items()
    }


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _teams(events: dict[str, int]) -> dict[str, str]:
    teams = dict(Event.objects.filter(pk__in=events.values()).values_list("pk", "team"))
    return {name: teams[pk] for name, pk in events.items()}


EXPECTED = {
    "named": "Northgate",
    "padded": "Southgate",
    "a number": "12",
    "null": "",
    "none": "",
}


def test_intake_writes_the_team_an_incident_names(agencies: dict[str, Agency]) -> None:
    assert _teams(_events(FACTS)) == EXPECTED


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_recorded_events_the_team_their_facts_name(
    agencies: dict[str, Agency],
) -> None:
    events = _events({**FACTS, "long": {"station": "x"}})
    apps = _migrate(BEFORE).loader.project_state(BEFORE).apps
    apps.get_model("chronology", "Event").objects.filter(pk=events["long"]).update(
        facts={"station": "N" * 300}
    )

    _migrate(AFTER)
    assert _teams(events) == {**EXPECTED, "padded": " Southgate\t", "long": "N" * 200}

    _migrate(TRIMMED)
    assert _teams(events) == {**EXPECTED, "long": "N" * 200}
