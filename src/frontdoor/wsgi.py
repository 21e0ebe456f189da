"""WSGI entry point; production settings unless told otherwise, so a server never runs in debug."""

import os

from django.core.wsgi import get_wsgi_application

from frontdoor.collector import collector_tune

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.production")
application = get_wsgi_application()

collector_tune()
