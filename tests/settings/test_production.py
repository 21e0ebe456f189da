"""Production settings pass the deployment checklist and will not start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Importing the production settings here would raise: they are read in a fresh process.
REQUIRED = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL")
ENVIRONMENT = {
    "SECRET_KEY": "a-production-like-key-" + "x7Qp2mZ9vL4kR8sT1wY6nB3cF5hJ0dG" * 2,
    "DATABASE_URL": "postgres://frontdoor@db.example.org:5432/frontdoor",
    "ALLOWED_HOSTS": "frontdoor.example.org",
    "CACHE_URL": "redis://cache.example.org:6379/0",
}


def frontdoor(
    *args: str, unset: str = "", extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the `frontdoor` command in a fresh process, as a server would start, under production."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in REQUIRED and not key.startswith("DJANGO_")
    }
    env.update({k: v for k, v in ENVIRONMENT.items() if k != unset})
    env.update(extra or {})
    env.update(
        DJANGO_SETTINGS_MODULE="frontdoor.settings.production",
        PYTHONPATH=str(PROJECT_DIR / "src"),
        FRONTDOOR_DATA_DIR=str(PROJECT_DIR / "var" / "production-check"),
    )
    return subprocess.run(
        [sys.executable, "-m", "frontdoor.manage", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_check_passes_with_no_warnings() -> None:
    result = frontdoor("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("name", REQUIRED)
def test_production_refuses_to_start_without_a_secret(name: str) -> None:
    result = frontdoor("check", unset=name)
    assert result.returncode != 0
    assert f"{name} must be set in production" in result.stderr


@pytest.mark.parametrize("url", ["locmemcache://", "dummycache://"])
def test_production_refuses_a_cache_each_process_keeps_apart(url: str) -> None:
    result = frontdoor("check", extra={"CACHE_URL": url})
    assert result.returncode != 0
    assert f"CACHE_URL: '{url}' is kept by each server process apart" in result.stderr


def test_demo_codes_stay_off_in_production_whatever_the_environment_says() -> None:
    result = frontdoor(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.FRONTDOOR_DEMO_TWO_FACTOR_CODES)",
        extra={"FRONTDOOR_DEMO_TWO_FACTOR_CODES": "true"},
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
