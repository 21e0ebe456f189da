import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_teams_restrictions_break_glass"),
        ("people", "0005_child_on"),
    ]

    operations = [
        migrations.CreateModel(
            name="FormerId",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("source_person_id", models.CharField(max_length=100)),
                ("person_id", models.BigIntegerField()),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="access.agency",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["person_id"], name="people_form_person__fc8b4b_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agency", "source_person_id"), name="former_id_record_unique"
                    )
                ],
            },
        ),
    ]
