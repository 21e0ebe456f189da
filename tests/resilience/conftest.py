"""Failure tests run the real `frontdoor` command and server in processes of their own.

Each test gets a database of its own, outside pytest-django's: a SQLite file, or a PostgreSQL
database named after the test database, so a process can be killed in the middle of writing to
it. It is migrated once for the module, with the borough's register of agencies, and copied for
each test.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from benchmarks.borough import period_end
from django.conf import settings

from frontdoor.synth.generator import AGENCIES_FILE, MESSAGES_FILE, write_borough

PROJECT_DIR = Path(__file__).resolve().parents[2]
HOUSEHOLDS = 300
COMMAND_SECONDS = 180


def postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def frontdoor_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of a `frontdoor` process on the database `url`, with this checkout's code."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test",
        "PYTHONPATH": str(PROJECT_DIR / "src"),
        "DATABASE_URL": url,
        **extra,
    }


def frontdoor_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "frontdoor.manage", *args]


def frontdoor(url: str, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run `frontdoor ARGS...` to the end on the database `url`; fail the test if it fails."""
    result = subprocess.run(
        frontdoor_command(*args),
        cwd=PROJECT_DIR,
        env=frontdoor_env(url, **extra),
        capture_output=True,
        text=True,
        timeout=COMMAND_SECONDS,
        check=False,
    )
    assert result.returncode == 0, f"frontdoor {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one read-only query, over a connection of the test's own (not Django's)."""
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(sqlite_path(url), timeout=20)) as connection:
            return connection.execute(sql).fetchall()
    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute(sql).fetchall()  # type: ignore[arg-type]


def _postgres_url(database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


def _postgres_admin(sql: str) -> None:
    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)  # type: ignore[arg-type]


def _postgres_name(suffix: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{settings.DATABASES['default']['NAME']}_{suffix}_{worker}"


@pytest.fixture(scope="session")
def borough(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic borough's files (agencies.json, messages.jsonl)."""
    folder = tmp_path_factory.mktemp("borough")
    write_borough(folder, households=HOUSEHOLDS, years=2, seed=7, end=period_end())
    return folder


@pytest.fixture(scope="session")
def messages_file(borough: Path) -> Path:
    return borough / MESSAGES_FILE


@pytest.fixture(scope="module")
def template_url(borough: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database holding the borough's agencies, to copy for each test."""
    if postgres():
        name = _postgres_name("template")
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres_admin(f'CREATE DATABASE "{name}"')
        url = _postgres_url(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'template.sqlite3'}"
    frontdoor(url, "migrate", "--verbosity=0")
    frontdoor(url, "agencies", "load", str(borough / AGENCIES_FILE))
    yield url
    if postgres():
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_copy(template: str, name: str, folder: Path) -> str:
    """A new database `name`, a copy of `template`: its URL."""
    if postgres():
        database = _postgres_name(name)
        _postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _postgres_admin(f'CREATE DATABASE "{database}" TEMPLATE "{urlsplit(template).path[1:]}"')
        return _postgres_url(database)
    path = folder / f"{name}.sqlite3"
    with closing(sqlite3.connect(sqlite_path(template))) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(sqlite_path(template), path)
    return f"sqlite:///{path}"


def database_drop(url: str) -> None:
    if url.startswith("postgres"):
        _postgres_admin(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')


@pytest.fixture
def hub_database(template_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of the test's own, migrated and with the agencies loaded."""
    url = database_copy(template_url, "hub", tmp_path)
    yield url
    database_drop(url)


@pytest.fixture
def clean_database(template_url: str, tmp_path: Path) -> Iterator[str]:
    """A second copy, for the same messages taken in without any failure, to compare with."""
    url = database_copy(template_url, "clean", tmp_path)
    yield url
    database_drop(url)
