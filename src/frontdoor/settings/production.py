"""Production settings: refuse to start without secrets; secure cookies and transport."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATA_DIR, EMAIL_BACKEND, NOTIFY_EMAIL_BACKEND, env

REQUIRED = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL")
PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
REQUIRED_FOR_NOTIFY = ("FRONTDOOR_NOTIFY_API_KEY", "FRONTDOOR_NOTIFY_TEMPLATE_ID")


def required(name: str, among: tuple[str, ...] = REQUIRED, when: str = "") -> str:
    """An environment variable production cannot run without: a default would be a hole."""
    value = str(env(name, default="")).strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} must be set in production{when} (required: {', '.join(among)})"
        )
    return value


SECRET_KEY = required("SECRET_KEY")
required("DATABASE_URL")  # base.py has already read it; here only its absence is an error
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
# The API's rate limits are counted in the cache: one that each server process keeps for itself
# would give every process its own allowance, so production needs one they all share.
CACHE_URL = required("CACHE_URL")
CACHES = {"default": env.cache_url_config(CACHE_URL)}
if CACHES["default"]["BACKEND"] in PROCESS_CACHES:
    raise ImproperlyConfigured(
        f"CACHE_URL: {CACHE_URL!r} is kept by each server process apart; production needs a cache "
        "they share, e.g. redis://HOST:6379/0 or dbcache://frontdoor_cache"
    )
DEBUG = False
if EMAIL_BACKEND == NOTIFY_EMAIL_BACKEND:
    FRONTDOOR_NOTIFY_API_KEY, FRONTDOOR_NOTIFY_TEMPLATE_ID = (
        required(name, REQUIRED_FOR_NOTIFY, " when email goes through GOV.UK Notify")
        for name in REQUIRED_FOR_NOTIFY
    )
FRONTDOOR_DEMO_TWO_FACTOR_CODES = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STATIC_ROOT = env("STATIC_ROOT", default=str(DATA_DIR / "static"))
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
