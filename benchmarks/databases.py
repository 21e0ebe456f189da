"""Fresh, empty databases for one benchmark run, removed afterwards whatever happens.

A benchmark on a database someone else is using measures their data and their load, and may
change their data; so every run makes its own: a SQLite file in a new folder under /tmp, or a
PostgreSQL database with a unique name, created on the server `BENCH_POSTGRES_URL` names and
dropped at the end. This module runs in the parent process, which never imports Django.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def postgres_server_url() -> str:
    """The maintenance database of the PostgreSQL server to benchmark on."""
    return os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    try:
        with psycopg.connect(postgres_server_url(), connect_timeout=5):
            return None
    except psycopg.Error as error:
        return f"cannot connect to {postgres_server_url()}: {str(error).strip()}"


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """A new empty database of the backend, as a DATABASE_URL; gone when the block ends."""
    if backend == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="frontdoor-bench-", dir="/tmp"))
        try:
            yield f"sqlite:///{folder / 'frontdoor.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r}")
    server = postgres_server_url()
    name = f"fd_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
