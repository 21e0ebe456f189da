"""Narrow columns of the hub's tables, read into DuckDB as Arrow tables (docs/decisions/0013).

DuckDB's SQLite and PostgreSQL scanners are extensions it downloads on first use, which a hub
without internet access cannot do. So the hub's database does what its indexes are good at
(picking the rows of a period, joining by key), the ORM writes that query, and its rows go
straight from the database driver into Arrow, then DuckDB: no model instances, and times as
seconds since 1970, which a driver hands over far faster than timestamps.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import FloatField, Func, QuerySet
from django.db.models.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from django.db.models.sql.compiler import _AsSqlType


class EpochSeconds(Func):
    """A stored time as seconds since 1970 (UTC), to the millisecond (SQLite's julian days carry
    a little floating-point noise, which must not make exactly 2 hours a moment more)."""

    output_field = FloatField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        template = "round((julianday(%(expressions)s) - 2440587.5) * 86400.0, 3)"
        return self.as_sql(compiler, connection, template=template)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> "_AsSqlType":
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8"
        )


def arrow_read(queryset: QuerySet[Any, Any], names: Sequence[str]) -> pa.Table:
    """The rows of a `values_list` query as an Arrow table with these column names."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
    return pa.table({name: pa.array(column) for name, column in zip(names, columns, strict=True)})


def table_load(
    duck: duckdb.DuckDBPyConnection,
    name: str,
    queryset: QuerySet[Any, Any],
    columns: dict[str, str],
) -> int:
    """Read a query into a DuckDB table named `name`, each column cast to the DuckDB type given
    (`TIMESTAMPTZ` columns come as seconds since 1970); returns the number of rows."""
    table = arrow_read(queryset, list(columns))
    duck.register(f"{name}_arrow", table)
    selected = ", ".join(_cast(column, kind) for column, kind in columns.items())
    duck.execute(f"CREATE TABLE {name} AS SELECT {selected} FROM {name}_arrow")  # noqa: S608  # nosec B608
    duck.unregister(f"{name}_arrow")
    return table.num_rows


def _cast(column: str, kind: str) -> str:
    if kind == "TIMESTAMPTZ":
        return f"to_timestamp({column}) AS {column}"
    return f"CAST({column} AS {kind}) AS {column}"
