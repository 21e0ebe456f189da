"""Fast writes of many rows, for the intake pipeline's hot path.

Django's `bulk_update` builds a CASE expression per field over every row, and `bulk_create`
compiles every value through the query compiler; on ingest that was most of the time. These do
the same writes with prepared statements, on SQLite (3.35+, for RETURNING) and PostgreSQL alike.
They run no `save()` and send no signals, which this project never relies on.
"""

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import Any, TypeVar

import orjson
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.utils import CursorWrapper
from django.db.models import Field

M = TypeVar("M", bound=models.Model)

# Values bound in one statement: SQLite's default limit since 3.32 (builds may allow more).
MAX_PARAMETERS = 32_766
# Columns whose Python value is already what the database driver takes; the rest go through
# their field's own conversion (dates and times, JSON...).
PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)
Reader = Callable[[models.Model], Any]


def rows_insert(model: type[M], rows: Sequence[M]) -> None:
    """Insert new rows and set their primary keys, as `bulk_create` would, in few statements.

    A row whose primary key is already set is inserted with it; the rest are given theirs.
    """
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    key_field = model._meta.pk
    columns = [f for f in model._meta.concrete_fields if f is not key_field]
    for row in rows:
        # Only a row holding a related object (not just its id) can have one that is unsaved.
        if row._state.fields_cache:
            row._prepare_related_fields_for_save(operation_name="rows_insert")  # type: ignore[attr-defined]
    insert = _insert_json if connection.vendor == "postgresql" else _insert_values
    keyed = [row for row in rows if row.pk is not None]
    rows = [row for row in rows if row.pk is None]
    with connection.cursor() as cursor:
        if keyed:
            insert(cursor, model, [key_field, *columns], keyed, keys=False)
        keys = insert(cursor, model, columns, rows, keys=True) if rows else []
    for row in keyed:
        row._state.adding = False
        row._state.db = connection.alias
    for row, pk in zip(rows, keys, strict=True):
        row.pk = pk
        row._state.adding = False
        row._state.db = connection.alias


def rows_add(model: type[models.Model], rows: Sequence[object]) -> None:
    """Insert rows given as plain values, not model instances, and read no keys back: each row
    any object with an attribute for each of the model's columns but its key, by attribute name
    (`person_id`, not `person`), such as a `SimpleNamespace`.

    For rows nothing reads back as models: making a model instance costs more than writing it
    (Django's `Model.__init__` was a sixth of recording a batch).
    """
    _rows_write(model, rows)


def rows_upsert(
    model: type[models.Model], rows: Sequence[object], *, unique: Sequence[str], update: str
) -> None:
    """Insert each row, or where a stored row has the same `unique` columns, change it as
    `update` says instead: the SET (and WHERE) of an ON CONFLICT DO UPDATE, which names the
    stored row by its table and the one given as `excluded`. No primary key is read back, and
    the rows' `unique` values must differ from one another. Rows are model instances or plain
    values, as for `rows_add`."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    by_name = {field.name: field for field in model._meta.concrete_fields}
    conflict = f"ON CONFLICT ({', '.join(quote(by_name[n].column) for n in unique)}) DO {update}"
    _rows_write(model, rows, tail=conflict)


def _rows_write(model: type[models.Model], rows: Sequence[object], *, tail: str = "") -> None:
    """Insert the rows, every column but the key, each statement ended by `tail`; no key is
    read back."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    key_field = model._meta.pk
    columns = [f for f in model._meta.concrete_fields if f is not key_field]
    insert = _insert_json if connection.vendor == "postgresql" else _insert_values
    with connection.cursor() as cursor:
        insert(cursor, model, columns, rows, keys=False, tail=tail)


def _insert_values(
    cursor: CursorWrapper,
    model: type[models.Model],
    columns: list[Field],
    rows: Sequence[Any],
    *,
    keys: bool,
    tail: str = "",
) -> list[Any]:
    """Multi-row VALUES, as many rows a statement as SQLite's parameter limit allows, each
    statement ended by `tail`; with `keys`, the new rows' keys are read back."""
    quote = cursor.db.ops.quote_name
    names = ", ".join(quote(f.column) for f in columns)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    limit = min(MAX_PARAMETERS, cursor.db.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    per_statement = max(1, limit // len(columns))
    readers = [_reader(f, cursor.db, inserting=True) for f in columns]
    ending = f"RETURNING {quote(model._meta.pk.column)}" if keys else tail
    new_keys: list[Any] = []
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        cursor.execute(
            head + f"VALUES {', '.join([row_sql] * len(chunk))} {ending}",
            [read(row) for row in chunk for read in readers],
        )
        if keys:
            new_keys += [pk for (pk,) in cursor.fetchall()]
    return new_keys


def _stamped(field: Field) -> bool:
    """Whether the field takes its value as the row is first saved (auto_now, auto_now_add)."""
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _reader(field: Field, connection: Any, *, inserting: bool) -> Reader:
    """How to read `field`'s database value from a row: its attribute, when that is plain."""
    if inserting and _stamped(field):
        return lambda row: field.get_db_prep_save(field.pre_save(row, True), connection)
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, PLAIN_FIELDS):
        return attrgetter(field.attname)
    if connection.vendor == "sqlite" and isinstance(field, models.DateTimeField):
        return _sqlite_moment_reader(field, connection)
    return lambda row: field.get_db_prep_save(getattr(row, field.attname), connection)


def _sqlite_moment_reader(field: models.DateTimeField, connection: Any) -> Reader:
    """How to read a moment as SQLite keeps it: an aware datetime becomes the text Django's
    conversion makes (the time in the connection's zone, without the zone), worked out at once;
    anything else goes through that conversion. Django's checks and conversions were a
    fourteenth of recording a batch on SQLite, for values intake always gives aware."""
    zone = connection.timezone

    def read(row: models.Model) -> Any:
        value = getattr(row, field.attname)
        if isinstance(value, datetime) and value.tzinfo is not None:
            return str(value.astimezone(zone).replace(tzinfo=None))
        return field.get_db_prep_save(value, connection)

    return read


def _json_reader(field: Field, *, inserting: bool) -> Reader:
    """How to read `field`'s value from a row for the json module, which encodes the rest."""
    if inserting and _stamped(field):
        return lambda row: field.pre_save(row, True)
    return attrgetter(field.attname)


def _insert_json(
    cursor: CursorWrapper,
    model: type[models.Model],
    columns: list[Field],
    rows: Sequence[Any],
    *,
    keys: bool,
    tail: str = "",
) -> list[Any]:
    """The rows as one JSON document that PostgreSQL unpacks into the table's own row type:
    one short statement, parsed once, with every value encoded by orjson, ended by `tail`;
    with `keys`, the new rows' keys are read back."""
    quote = cursor.db.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in columns)
    cursor.execute(
        f"INSERT INTO {table} ({names}) SELECT {names} "  # noqa: S608  # nosec B608
        f"FROM json_populate_recordset(NULL::{table}, %s) "
        f"{'RETURNING ' + quote(model._meta.pk.column) if keys else tail}",
        [_json_rows(columns, rows, inserting=True)],
    )
    return [pk for (pk,) in cursor.fetchall()] if keys else []


def _json_rows(columns: Sequence[Field], rows: Iterable[Any], *, inserting: bool) -> str:
    """The rows' values of `columns` as a JSON list of objects keyed by column name.

    orjson writes dates and times as ISO 8601 itself, and the lot some fifteen times faster
    than the json module, whose `default` was called for every date: an eighth of intake's CPU on
    PostgreSQL. Anything else it cannot write (a Decimal, a lazy string) is written as its text.
    """
    readers = [(f.column, _json_reader(f, inserting=inserting)) for f in columns]
    return orjson.dumps(
        [{column: read(row) for column, read in readers} for row in rows],
        default=str,
        option=orjson.OPT_NON_STR_KEYS,
    ).decode()


def rows_update(model: type[M], rows: Iterable[M], fields: Sequence[str]) -> None:
    """Write `fields` of each row (already saved): on PostgreSQL in one statement, on SQLite
    with one prepared statement run for each row."""
    rows = list(rows)
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    columns = [by_name[name] for name in fields]
    quote = connection.ops.quote_name
    table, key = quote(meta.db_table), quote(meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            assignments = ", ".join(f"{quote(c.column)} = given.{quote(c.column)}" for c in columns)
            cursor.execute(
                f"UPDATE {table} SET {assignments} "  # noqa: S608  # nosec B608
                f"FROM json_populate_recordset(NULL::{table}, %s) AS given "
                f"WHERE {table}.{key} = given.{key}",
                [_json_rows([meta.pk, *columns], rows, inserting=False)],
            )
            return
        assignments = ", ".join(f"{quote(c.column)} = %s" for c in columns)
        readers = [_reader(c, connection, inserting=False) for c in columns]
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE {key} = %s",  # noqa: S608  # nosec B608
            [[read(row) for read in readers] + [row.pk] for row in rows],
        )


def statistics_refresh(*, rewritten: Sequence[type[models.Model]] = ()) -> None:
    """Let PostgreSQL's planner see how big the tables have grown, after a large load; first
    clear the old versions of the rows of the `rewritten` tables, those the load writes again.

    Autovacuum does both in time on a live hub; during a bulk load the tables grow faster than
    it looks, and with stale counts the planner reads whole tables where an index would do. An
    index keeps an entry for each old version of a row until the table is vacuumed, so a scan
    for the rows in one state (waiting, say) reads past every row that was ever in it. Vacuum
    cannot run within a transaction: there it is left to autovacuum.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not connection.in_atomic_block:
            for model in rewritten:
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("ANALYZE")
