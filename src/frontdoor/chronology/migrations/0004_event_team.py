"""An event's police station or team (its `station` fact) gets a column of its own, which intake
writes, so that the dashboard's reads of events need not carry their JSON facts and an index can
hold the team (docs/decisions/0023).

The events already recorded are given theirs in one UPDATE of the events that name one, run by
the database (as `intake.0003` filled `derived_at`): no row crosses to Python. A station longer
than the 200 characters the exchange now allows, which the dip samples could never have stored
either, is cut to 200."""

from typing import Any

from django.db import migrations, models
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Left

STATION = "station"


def teams_from_facts(apps: Any, schema_editor: Any) -> None:
    """A fact given as null is one not given (docs/exchange.md): such events keep no team."""
    apps.get_model("chronology", "Event").objects.filter(facts__has_key=STATION).exclude(
        facts__station=None
    ).update(team=Left(KeyTextTransform(STATION, "facts"), 200))


class Migration(migrations.Migration):
    dependencies = [("chronology", "0003_redundant_indexes")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="team",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(teams_from_facts, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["kind", "occurred_at"],
                include=["id", "agency", "reported_at", "team"],
                name="event_kind_occurred_counted",
            ),
        ),
    ]
