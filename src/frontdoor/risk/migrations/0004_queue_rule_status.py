"""The front door's queue reads the open alerts of the rules that list a child on it. Most of a
force's alerts are open, and most of the listing rule's are not, so PostgreSQL, taking rule and
status to be independent, guessed 82,000 rows for 2,693 and scanned three tables (313 ms at
full scale). An index on both, and statistics of the two together, make it 43 ms."""

from typing import Any

from django.db import migrations, models

STATISTICS = "risk_alert_rule_status"


def statistics_create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE STATISTICS {STATISTICS} (mcv) ON rule, status FROM risk_alert"
        )


def statistics_drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("risk", "0003_perpetrator_named_by_first_arrival")]

    operations = [
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(fields=["rule", "status"], name="risk_alert_rule_8be999_idx"),
        ),
        migrations.RunPython(statistics_create, statistics_drop),
    ]
