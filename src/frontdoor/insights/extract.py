"""Narrow columns of the hub's tables, read into DuckDB as Arrow tables (docs/decisions/0013).

DuckDB's SQLite and PostgreSQL scanners are extensions it downloads on first use, which a hub
without internet access cannot do. So the hub's database does what its indexes are good at
(picking the rows of a period, joining by key, counting), the ORM writes that query, and its rows go
straight from the database driver into Arrow, then DuckDB: no model instances, and times as
seconds since 1970, which a driver hands over far faster than timestamps.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, FloatField, Func, QuerySet
from django.db.models.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from django.db.models.sql.compiler import _AsSqlType

ARROW_TYPES = {"BIGINT": pa.int64(), "VARCHAR": pa.string(), "BOOLEAN": pa.bool_()}


EPOCH_SECONDS = {
    "sqlite": "round((julianday(%s) - 2440587.5) * 86400.0, 3)",
    "postgresql": "EXTRACT(EPOCH FROM %s)::float8",
}


class EpochSeconds(Func):
    """A stored time as seconds since 1970 (UTC), to the millisecond (SQLite's julian days carry
    a little floating-point noise, which must not make exactly 2 hours a moment more)."""

    output_field = FloatField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        template = EPOCH_SECONDS["sqlite"] % "%(expressions)s"
        return self.as_sql(compiler, connection, template=template)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        template = EPOCH_SECONDS["postgresql"] % "%(expressions)s"
        return self.as_sql(compiler, connection, template=template)


class LocalMonth(Func):
    """A stored time's month in the partnership's time zone, as YYYY-MM, for the database to
    count by. On SQLite, from the C library's local time: Django sets the process's time zone
    (`TZ`) to `TIME_ZONE`, and SQLite calls no Python function a row this way."""

    output_field = CharField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        template = "strftime('%%%%Y-%%%%m', %(expressions)s, 'localtime')"
        return self.as_sql(compiler, connection, template=template)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        zone = ZoneInfo(settings.TIME_ZONE).key  # a zone's name, never text from a request
        template = f"to_char(%(expressions)s AT TIME ZONE '{zone}', 'YYYY-MM')"
        return self.as_sql(compiler, connection, template=template)


def arrow_read(sql: str, params: Sequence[Any], columns: dict[str, str]) -> pa.Table:
    """The rows of a query as an Arrow table with these column names, each of the DuckDB type
    given (`TIMESTAMPTZ` columns come as seconds since 1970)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pa.table(
        {
            name: _arrow_column(column, kind)
            for (name, kind), column in zip(columns.items(), values, strict=True)
        }
    )


def table_read(
    query: QuerySet[Any, Any] | tuple[str, Sequence[Any]], columns: dict[str, str]
) -> pa.Table:
    """The rows of a `values_list` query (or SQL and its parameters) as an Arrow table, in no
    order (not the model's): the measures group them, and sorting would be the database's work
    for nothing."""
    sql, params = query if isinstance(query, tuple) else query.order_by().query.sql_with_params()
    return arrow_read(sql, params, columns)


def local_month_sql(column: str) -> str:
    """`LocalMonth` of a column, as SQL for a cursor given parameters."""
    if connection.vendor == "postgresql":
        zone = ZoneInfo(settings.TIME_ZONE).key
        return f"to_char({column} AT TIME ZONE '{zone}', 'YYYY-MM')"
    return f"strftime('%%Y-%%m', {column}, 'localtime')"


def _arrow_column(values: Sequence[Any], kind: str) -> pa.Array:
    """One column as Arrow, cast as DuckDB's CAST would (a boolean from SQLite's 0 and 1, an id
    kept as text); a time to the microsecond, rounded as DuckDB's `to_timestamp` does."""
    if kind == "TIMESTAMPTZ":
        seconds = pa.array(values, pa.float64())
        microseconds = pc.cast(pc.round(pc.multiply(seconds, 1e6)), pa.int64())
        return pc.cast(microseconds, pa.timestamp("us", tz="UTC"))
    return pc.cast(pa.array(values), ARROW_TYPES[kind])
