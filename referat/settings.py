"""Settings for Referat, read from the environment.

DATABASE_URL          default: an SQLite file in the project folder; postgres://… selects PostgreSQL
DATABASE_REPLICA_URLS comma-separated postgres://… read replicas for citizens' pages (referat/replicas.py)
DJANGO_SECRET_KEY     required when DJANGO_DEBUG=0
DJANGO_DEBUG          1 (default) or 0
DJANGO_ALLOWED_HOSTS  comma-separated; default localhost names when debugging
REFERAT_JOBS_IN_PROCESS 1 runs import jobs in the request (default on SQLite), 0 queues them
                      for `manage.py procrastinate worker` (default on PostgreSQL)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Referat refuses to start with DJANGO_DEBUG=0 and no "
            "secret key: set DJANGO_SECRET_KEY to a long random string "
            '(python -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "axes",
    "meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "referat.request_hygiene.RequestHygieneMiddleware",
    "referat.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "referat.middleware.Danish404Middleware",
    "referat.replicas.ReplicaMiddleware",
    "referat.timeouts.PublicStatementTimeoutMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the Danish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "referat.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "referat.wsgi.application"
ASGI_APPLICATION = "referat.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Opening a PostgreSQL connection costs ~20 ms per request: outside debug a connection
        # is kept for 10 minutes and checked before reuse (a dead one is replaced).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the importer work side by side; a busy timeout instead of errors.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

# Read replicas (referat/replicas.py): PostgreSQL streaming replicas for citizens' reads.
REFERAT_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 600),
        conn_health_checks=True,
    )
    DATABASES[_alias].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # A physical copy of the primary: the test runner must not create a database there.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    REFERAT_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["referat.replicas.ReplicaRouter"]
# Citizens' requests: PostgreSQL cancels any statement running longer (ms; 0 = no limit) and
# the visitor gets the Danish "Søgningen er for bred" page (referat/timeouts.py).
REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS = env_int("REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS", 3000)
# The import's statements and the public pages' key lookups (meetings/compiled.py) are
# prepared once per PostgreSQL connection (meetings/prepared.py); off behind a
# transaction-mode pooler that does not keep prepared statements. REFERAT_IMPORT_PREPARED_STATEMENTS is the older name.
REFERAT_PREPARED_STATEMENTS = env_bool(
    "REFERAT_PREPARED_STATEMENTS", env_bool("REFERAT_IMPORT_PREPARED_STATEMENTS", True)
)

# Imports as jobs (meetings/jobs/): procrastinate's queue lives in PostgreSQL. Its migrations
# are PostgreSQL functions and triggers (PL/pgSQL) that SQLite cannot run, so the app is only
# installed on PostgreSQL; on SQLite a job runs in-process when it is submitted.
USES_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
REFERAT_JOBS_IN_PROCESS = env_bool("REFERAT_JOBS_IN_PROCESS", not USES_POSTGRESQL)
if USES_POSTGRESQL:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("meetings"), "procrastinate.contrib.django")
    PROCRASTINATE_IMPORT_PATHS = ["meetings.jobs.tasks"]
elif not REFERAT_JOBS_IN_PROCESS:
    raise ImproperlyConfigured(
        "REFERAT_JOBS_IN_PROCESS=0 needs PostgreSQL (the job queue lives there); "
        "on SQLite jobs run in-process."
    )
# A replica further behind than this (seconds) is skipped; the primary answers instead.
REFERAT_REPLICA_MAX_LAG = float(os.environ.get("REFERAT_REPLICA_MAX_LAG", "30"))
# How often (seconds) each process re-checks a replica's health and lag.
REFERAT_REPLICA_CHECK_SECONDS = float(os.environ.get("REFERAT_REPLICA_CHECK_SECONDS", "5"))
# After a write, the same browser reads from the primary this long (read-your-writes).
REFERAT_REPLICA_STICKY_SECONDS = env_int("REFERAT_REPLICA_STICKY_SECONDS", 15)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Login throttling (django-axes): after REFERAT_LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, further logins are refused for REFERAT_LOGIN_COOLOFF_MINUTES
# (even with the right password) and the Danish lockout page answers with 429.
# REFERAT_LOGIN_LOCK_BY_ADDRESS=1 also locks an address that fails that often with any
# usernames (only where REMOTE_ADDR is the client's: behind a proxy all clients share one).
AUTHENTICATION_BACKENDS = [
    "referat.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("REFERAT_LOGIN_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("REFERAT_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]] + (
    ["ip_address"] if env_bool("REFERAT_LOGIN_LOCK_BY_ADDRESS", False) else []
)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "referat.security.login_username"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): everything from this site, nothing inline, no frames.
# referat/security.py allows inline styles under /admin/ only (Django's admin writes one).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "meetings:upload"
LOGOUT_REDIRECT_URL = "meetings:home"

# Largest upload a clerk may send (bytes).
REFERAT_MAX_UPLOAD_BYTES = env_int("REFERAT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# How long a previewed upload waits for the clerk's confirmation (seconds).
REFERAT_PENDING_MAX_AGE = env_int("REFERAT_PENDING_MAX_AGE", 60 * 60)
DATA_UPLOAD_MAX_MEMORY_SIZE = REFERAT_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# One handler, on the root logger. Django's own "django" logger gets no handler of its own
# (its default console handler would print every line a second time through the root).
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL, "propagate": True}},
}
