"""Person search finds records whose surname begins with what was typed ("Smi" for Smith), case
aside. PostgreSQL read every source record for it (261 ms at a sixth of a force, growing with the
force), because no index held the surnames upper-cased and ordered for a prefix. This one does;
SQLite, in the process, reads its table fast enough without it."""

from typing import Any

from django.db import migrations

INDEX = "source_record_surname_prefix"


def index_create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON people_sourcerecord (UPPER(family_name) text_pattern_ops)"
        )


def index_drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0008_rare_references_indexed_alone")]

    operations = [migrations.RunPython(index_create, index_drop)]
