"""Seeing a record, a relationship or an address again rewrites only when it was last seen
(decision 28). The reference to the last message that said so goes: the chronology's
participants already name every message about a person, and its index made each such write
touch every index of the table. On PostgreSQL each table leaves a sixth of every page free,
so the new version of a row fits beside the old one and no index is written at all; pages
written before keep theirs full until the table is next rewritten (`VACUUM FULL`)."""

from typing import Any

from django.db import migrations

TABLES = ("people_sourcerecord", "people_relationship", "people_residence")
ROOM_LEFT = 85  # per cent of each page filled by inserts; the rest is for rows seen again


def pages_leave_room(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {ROOM_LEFT})")


def pages_fill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("people", "0010_adult_on")]

    operations = [
        migrations.RemoveField(model_name="relationship", name="last_message"),
        migrations.RemoveField(model_name="residence", name="last_message"),
        migrations.RemoveField(model_name="sourcerecord", name="last_message"),
        migrations.RunPython(pages_leave_room, pages_fill),
    ]
