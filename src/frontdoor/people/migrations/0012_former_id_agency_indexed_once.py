"""A former id's agency loses its own index: the unique (agency, source_person_id) key leads
with it, and a rebuild notes a former id for every record."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_teams_restrictions_break_glass"),
        ("people", "0011_seen_again_written_in_place"),
    ]

    operations = [
        migrations.AlterField(
            model_name="formerid",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="access.agency",
            ),
        ),
    ]
