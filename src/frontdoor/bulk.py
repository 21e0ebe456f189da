"""Fast writes of many rows, for the intake pipeline's hot path.

Django's `bulk_update` builds a CASE expression per field over every row, and `bulk_create`
compiles every value through the query compiler; on ingest that was most of the time. These do
the same writes with prepared statements, on SQLite (3.35+, for RETURNING) and PostgreSQL alike.
They run no `save()` and send no signals, which this project never relies on.
"""

from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models

M = TypeVar("M", bound=models.Model)

# SQLite's limit on bound variables in one statement (SQLITE_MAX_VARIABLE_NUMBER before 3.32).
MAX_PARAMETERS = 999


def rows_insert(model: type[M], rows: Sequence[M]) -> None:
    """Insert new rows and set their primary keys, as `bulk_create` would, in few statements."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    columns = [f for f in meta.concrete_fields if f is not meta.pk]
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(f.column) for f in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, MAX_PARAMETERS // len(columns))
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="rows_insert")  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = [
                f.get_db_prep_save(f.pre_save(row, True), connection)
                for row in chunk
                for f in columns
            ]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({column_list}) "  # noqa: S608
                f"VALUES {', '.join([row_sql] * len(chunk))} RETURNING {quote(meta.pk.column)}",
                values,
            )
            for row, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                row.pk = pk
                row._state.adding = False
                row._state.db = connection.alias


def rows_update(model: type[M], rows: Iterable[M], fields: Sequence[str]) -> None:
    """Write `fields` of each row (already saved) with one prepared statement."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    columns = [by_name[name] for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    values = [
        [column.get_db_prep_save(getattr(row, column.attname), connection) for column in columns]
        + [row.pk]
        for row in rows
    ]
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)
