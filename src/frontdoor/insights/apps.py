from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _triggers_reinstall(using: str, **kwargs: Any) -> None:
    """After every `migrate`: a migration that rebuilds a table on SQLite drops its triggers."""
    from .models import WrittenDay
    from .written import triggers_install

    connection = connections[using]
    if WrittenDay._meta.db_table in connection.introspection.table_names():
        triggers_install(connection)


class InsightsConfig(AppConfig):
    name = "frontdoor.insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        post_migrate.connect(_triggers_reinstall, sender=self)
