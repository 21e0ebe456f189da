"""The hub's own settings pass Django's checks with no warning, on either database: a newcomer's
first command (`make demo` migrates first) shows none."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_checks_of_models_and_database_pass_with_no_warning() -> None:
    out = io.StringIO()

    call_command("check", "--database", "default", "--fail-level", "WARNING", stdout=out)

    assert "System check identified no issues" in out.getvalue()
