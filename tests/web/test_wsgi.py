"""The production entry point starts a server process ready to answer its first request."""

import os
import subprocess
import sys


def test_the_server_imports_every_view_before_its_first_request() -> None:
    probe = (
        "import sys\n"
        "import frontdoor.wsgi\n"
        "print('frontdoor.urls' in sys.modules, 'frontdoor.intake.views' in sys.modules)\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "frontdoor.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert answer.stdout.split() == ["True", "True"]
