"""Settings shared by every environment; each value that differs comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = Path(__file__).resolve().parents[1]

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env")

DATA_DIR = Path(env("FRONTDOOR_DATA_DIR", default=str(PROJECT_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "frontdoor.web",
    "frontdoor.access",
    "frontdoor.audit",
    "frontdoor.intake",
    "frontdoor.people",
    "frontdoor.linkage",
    "frontdoor.chronology",
    "frontdoor.risk",
    "frontdoor.triage",
    "frontdoor.marac",
    "frontdoor.sharing",
    "frontdoor.quality",
    "frontdoor.returns",
    "frontdoor.insights",
    "frontdoor.synth",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # First of the project's own: every read and write while answering is logged with its client.
    "frontdoor.audit.origin.RequestOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "frontdoor.web.middleware.TwoFactorRequiredMiddleware",
    # What each page's declared gate admits (access/policy.py VIEW_GATES); deny by default.
    "frontdoor.web.middleware.GateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "frontdoor.web.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "frontdoor.urls"
WSGI_APPLICATION = "frontdoor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontdoor.web.context_processors.service",
            ],
        },
    },
]


def database_from_url(url: str) -> dict[str, object]:
    """One database from a URL; SQLite gets the settings that make it a safe embedded store."""
    config: dict[str, object] = env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A fresh clone has no var/ yet: make the database's folder, so the first command works.
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # WAL lets pages be read while one writer writes; a 64 MB page cache keeps the
            # indexes of a force-sized database in memory (SQLite's default is 2 MB). The log is
            # copied back into the database every 64 MB rather than every 4 MB: a page written by
            # several batches is copied once (ingest late in a 10-year load: 741 -> 826 a second).
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; "
                "PRAGMA wal_autocheckpoint=16384;"
            ),
        }
    else:
        # Parameters bound by the server, and a statement run a fifth time on a connection
        # prepared (Django turns psycopg's preparing off unless told), so PostgreSQL stops
        # parsing and planning it anew: most statements here are the same few, run again and
        # again, and a list of values is one parameter (`frontdoor.arrays`, decision 31).
        # No JIT compilation: it pays off for long analytical scans, and the hub's reads are
        # short. A plan past `jit_above_cost` was compiled at every run: 220 ms of an agency's
        # 459 ms person search at a sixth of a force.
        config["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 5,
            "options": "-c jit=off",
        }
        config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        # A kept connection the server has since closed (a restart, a failover, a terminated
        # backend) is found before a request uses it, and replaced, instead of failing it.
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {
    "default": database_from_url(
        env("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'frontdoor.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Two indexes carry extra columns for PostgreSQL to answer the dashboard's counts from the index
# alone (decision 23); SQLite builds them without those columns, as intended, so Django's
# warning that it does (models.W040) is not shown on every command.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# The API's rate limits are counted here; production requires a cache every server process
# shares (CACHE_URL: Redis, or dbcache://frontdoor_cache after `frontdoor createcachetable`).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After this many wrong passwords in a row a username is locked out, for this many minutes
# (0: until an administrator runs `frontdoor unlock USERNAME`). What is locked is the username
# from that address, not the address: staff share their council's few outgoing addresses, and a
# password guessed from many addresses still needs the second factor.
FRONTDOOR_LOCKOUT_FAILURES = env.int("FRONTDOOR_LOCKOUT_FAILURES", default=5)
FRONTDOOR_LOCKOUT_MINUTES = env.int("FRONTDOOR_LOCKOUT_MINUTES", default=30)
AXES_FAILURE_LIMIT = FRONTDOOR_LOCKOUT_FAILURES
AXES_COOLOFF_TIME = (
    timedelta(minutes=FRONTDOOR_LOCKOUT_MINUTES) if FRONTDOOR_LOCKOUT_MINUTES else None
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "frontdoor.web.views.locked_out"
AXES_VERBOSE = False

# Every signed-in page needs a code from an authenticator app after the password (TOTP);
# `frontdoor democode USERNAME` prints a demo user's current code: on only for the demo
# (local settings); production forces it off.
FRONTDOOR_DEMO_TWO_FACTOR_CODES = False
# A banner on every page saying the people in it are synthetic: on for the demo (local settings).
FRONTDOOR_SYNTHETIC_DATA_BANNER = False

LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"
# A session ends after this long without a request (each request renews it), and in any case
# this long after signing in: a partnership sets both to fit its shifts.
FRONTDOOR_SESSION_IDLE_MINUTES = env.int("FRONTDOOR_SESSION_IDLE_MINUTES", default=30)
FRONTDOOR_SESSION_MAX_HOURS = env.int("FRONTDOOR_SESSION_MAX_HOURS", default=10)
SESSION_COOKIE_AGE = FRONTDOOR_SESSION_IDLE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Every script and stylesheet is a file served by the hub itself: nothing inline, nothing from
# elsewhere, so injected markup cannot run or restyle a page (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("FRONTDOOR_TIME_ZONE", default="Europe/London")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [PROJECT_DIR / "build" / "static"]

# A list of 1,000 messages, the API's limit, is a few megabytes.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Where the file backend (the demo's) keeps each email it is given.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(DATA_DIR / "sent-email"))
# Production sends email through GOV.UK Notify with EMAIL_BACKEND set to this (docs/sharing.md).
NOTIFY_EMAIL_BACKEND = "frontdoor.sharing.notify.NotifyEmailBackend"
FRONTDOOR_NOTIFY_API_KEY = env("FRONTDOOR_NOTIFY_API_KEY", default="")
FRONTDOOR_NOTIFY_TEMPLATE_ID = env("FRONTDOOR_NOTIFY_TEMPLATE_ID", default="")
FRONTDOOR_NOTIFY_API_URL = env(
    "FRONTDOOR_NOTIFY_API_URL", default="https://api.notifications.service.gov.uk"
)

FRONTDOOR_SERVICE_NAME = env("FRONTDOOR_SERVICE_NAME", default="Frontdoor")
OTP_TOTP_ISSUER = FRONTDOOR_SERVICE_NAME  # how the account is named in the authenticator app
FRONTDOOR_PARTNERSHIP_NAME = env(
    "FRONTDOOR_PARTNERSHIP_NAME", default="Synthetic Borough Safeguarding Partnership"
)
# Each API token may make this many requests in each window of this many seconds; past it the
# API answers 429 with Retry-After.
FRONTDOOR_API_RATE_LIMIT = env.int("FRONTDOOR_API_RATE_LIMIT", default=120)
FRONTDOOR_API_RATE_WINDOW_SECONDS = env.int("FRONTDOOR_API_RATE_WINDOW_SECONDS", default=60)
# School holidays, each FIRST/LAST (inclusive ISO dates), which a school's deadline skips as it
# skips weekends and bank holidays: the term dates of the partnership's schools.
FRONTDOOR_SCHOOL_CLOSURES = env.list("FRONTDOOR_SCHOOL_CLOSURES", default=[])
# The local authority's three-digit number, the <LEA> of its statutory returns to the Department
# for Education (docs/returns.md); a return is refused until it is set.
FRONTDOOR_LA_NUMBER = env("FRONTDOOR_LA_NUMBER", default="")
# The most messages a long run of writes (an ingest, the intake worker) takes in one transaction;
# on SQLite it takes fewer while API requests and pages are writing (decision 25). SQLite's is
# larger (decision 33): each commit writes every page the batch changed to the log again, and a
# page shared by many messages' rows is written once for the lot.
FRONTDOOR_INGEST_BATCH_SIZE = env.int(
    "FRONTDOOR_INGEST_BATCH_SIZE",
    default=2000 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 500,
)
# Who finishes intake (decision 15): "inline", the process that receives a message records it
# and derives its alerts, MARAC listing and notifications at once (the embedded default); or
# "worker", `frontdoor process --follow` in a second process derives every message, and records
# what the API has checked and answered, so neither the API nor an ingest waits for the rules.
FRONTDOOR_INTAKE = env("FRONTDOOR_INTAKE", default="inline")
if FRONTDOOR_INTAKE not in ("inline", "worker"):
    raise ImproperlyConfigured(
        f"FRONTDOOR_INTAKE: {FRONTDOOR_INTAKE!r} is neither 'inline' nor 'worker'"
    )
FRONTDOOR_RESOLVER = env(
    "FRONTDOOR_RESOLVER", default="frontdoor.linkage.matcher.ProbabilisticResolver"
)
# The chance two records are one person at which the matcher links them, and below which it
# makes a new person without asking; between the two, a data manager decides.
FRONTDOOR_LINKAGE_LINK_AT = env.float("FRONTDOOR_LINKAGE_LINK_AT", default=0.99)
FRONTDOOR_LINKAGE_REVIEW_AT = env.float("FRONTDOOR_LINKAGE_REVIEW_AT", default=0.5)
# The partnership's MARAC: the agency types asked for a research return on every case (an agency
# of any other type is asked only about the cases whose people it holds records on). Its meeting
# day is a dated setting (`frontdoor marac setting`, docs/marac.md).
FRONTDOOR_MARAC_AGENCY_TYPES = env.list(
    "FRONTDOOR_MARAC_AGENCY_TYPES",
    default=["police", "csc", "idva", "probation", "housing", "adult_mental_health"],
)

LOG_LEVEL = env("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "frontdoor.web.logs.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's loggers write through the root's handler alone: its own default adds a second
    # console handler when DEBUG is on, and every line came out twice.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
