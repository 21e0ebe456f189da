"""On PostgreSQL, a list of values in a query is one parameter: `field__in=[...]` is sent as
`field = ANY(%s)` with the list as an array, which PostgreSQL answers with the same index scan
it makes of an IN list (it rewrites one into the other).

An IN list has a placeholder for every value, so its statement's text changes with the list's
length: psycopg splits it again each time (it caches only short statements), and PostgreSQL
parses and plans it anew. With the array, a statement that reads a batch's rows is the same text
every time, so psycopg prepares it and PostgreSQL stops planning it (decision 31).
"""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObject
from django.db.models.expressions import ColPairs  # type: ignore[attr-defined]  # not in the stubs
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler

PLACEHOLDER = "%s"


def _as_array(
    lookup: In, compiler: SQLCompiler, connection: BaseDatabaseWrapper
) -> tuple[str, Any]:
    """An `in` lookup's SQL with its values as one array, where each is a plain parameter;
    otherwise (a subquery, several columns, a value the field wraps in SQL of its own) the
    lookup's usual SQL."""
    if not lookup.rhs_is_direct_value() or isinstance(lookup.lhs, ColPairs):
        return lookup.as_sql(compiler, connection)
    lhs, lhs_params = lookup.process_lhs(compiler, connection)
    # Each value once and no NULL, or EmptyResultSet when none is left, as for an IN list.
    placeholders, values = lookup.process_rhs(compiler, connection)
    if placeholders != "(" + ", ".join([PLACEHOLDER] * len(values)) + ")":
        return lookup.as_sql(compiler, connection)
    return f"{lhs} = ANY({PLACEHOLDER})", (*lhs_params, list(values))


class ArrayIn(In):
    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, Any]:
        return _as_array(self, compiler, connection)


class RelatedArrayIn(RelatedIn):
    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, Any]:
        return _as_array(self, compiler, connection)


def array_lookups_install() -> None:
    """Make every field's `in` lookup, and every relation's, send its list as one array."""
    Field.register_lookup(ArrayIn)
    ForeignObject.register_lookup(RelatedArrayIn)
