"""The `frontdoor` command: Django's management commands under the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.local")
    import django
    from django.core.management import execute_from_command_line

    from frontdoor.collector import collector_tune

    django.setup()
    # Commands such as ingest and rebuild are batch loads: tuned as a server process is.
    collector_tune()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
