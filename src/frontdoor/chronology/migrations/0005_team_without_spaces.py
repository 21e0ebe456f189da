"""An event's team is kept without the spaces around it (`event_team`), as the dip samples
always read it; the few events recorded with them are written again."""

from typing import Any

from django.db import migrations


def teams_trimmed(apps: Any, schema_editor: Any) -> None:
    events = apps.get_model("chronology", "Event").objects
    padded = list(events.filter(team__regex=r"^\s|\s$").only("pk", "team"))
    for event in padded:
        event.team = event.team.strip()
    events.bulk_update(padded, ["team"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("chronology", "0004_event_team")]

    operations = [migrations.RunPython(teams_trimmed, migrations.RunPython.noop)]
