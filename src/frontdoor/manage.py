"""The `frontdoor` command: Django's management commands under the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.local")
    import django
    from django.core.management import execute_from_command_line

    from frontdoor.collector import collector_tune

    django.setup()
    # Every command but the development server works through batches (ingest, the intake
    # worker, a rebuild); the server is tuned as the production one is (`frontdoor.wsgi`).
    collector_tune(batch=sys.argv[1:2] != ["runserver"])
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
