"""A disclosure's event and agency lose their own indexes: the unique (event, agency) key and
the (agency, event) index lead with them, and every disclosure recorded wrote all four."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_teams_restrictions_break_glass"),
        ("chronology", "0005_team_without_spaces"),
    ]

    operations = [
        migrations.AlterField(
            model_name="disclosure",
            name="agency",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="access.agency",
            ),
        ),
        migrations.AlterField(
            model_name="disclosure",
            name="event",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="disclosures",
                to="chronology.event",
            ),
        ),
    ]
