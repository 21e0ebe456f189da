"""Settings for a developer's machine and the demo: debug on, a throwaway key, and only
synthetic people (`make demo` serves with DEBUG=false, as a deployment would)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-a-secret")
FRONTDOOR_DEMO_TWO_FACTOR_CODES = env.bool("FRONTDOOR_DEMO_TWO_FACTOR_CODES", default=True)
# The synthetic borough is no real local authority: 999 is no authority's number.
FRONTDOOR_LA_NUMBER = env("FRONTDOOR_LA_NUMBER", default="999")
FRONTDOOR_SYNTHETIC_DATA_BANNER = True
# Email the demo sends (notifications, reminders) is kept as files to read, not printed.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
