"""Index shapes the models share."""

from django.db import models


def index_where_set(field: str, name: str) -> models.Index:
    """An index of a reference most rows leave empty, holding only the rows that set it.

    The empty rows are never written to it, on insert or on any change that moves the row; a
    lookup by the reference (a join, a protected delete's check) still finds every row it needs.
    """
    return models.Index(
        fields=[field], condition=models.Q(**{f"{field}__isnull": False}), name=name
    )
