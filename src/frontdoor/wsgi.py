"""WSGI entry point; production settings unless told otherwise, so a server never runs in debug."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from frontdoor.collector import collector_tune

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings.production")
application = get_wsgi_application()

# Django imports the URL configuration, and with it every view of the hub, at the first request
# a process serves: about a second, which that request and the ones behind it would wait for
# (in a new server worker, 2.5 s for the first four API calls). The server imports it at start.
import_module(settings.ROOT_URLCONF)

collector_tune()
