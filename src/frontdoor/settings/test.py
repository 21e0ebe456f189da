"""Settings for the test suite: fast hashing, in-memory mail, SQLite unless DATABASE_URL says."""

from .base import *  # noqa: F403
from .base import DATA_DIR, database_from_url, env

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105  # nosec B105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = {
    "default": database_from_url(
        env("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'test.sqlite3'}")
    )
}
STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The synthetic borough is no real local authority: 999 is no authority's number.
FRONTDOOR_LA_NUMBER = env("FRONTDOOR_LA_NUMBER", default="999")
