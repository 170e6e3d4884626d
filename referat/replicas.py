"""Read replicas (læsekopier) for the public pages.

PostgreSQL streaming replicas (``pg_basebackup -R``) are named in ``DATABASE_REPLICA_URLS``;
settings.py adds each as a database alias ``replica_N`` and lists them in
``REFERAT_REPLICAS``. Three parts decide where a query goes:

- ``ReplicaMiddleware`` marks a request as *public* when a citizen reads: a GET or HEAD, no
  session cookie (clerks and admins always have one), and no write by this browser in the last
  ``REFERAT_REPLICA_STICKY_SECONDS`` (read-your-writes: any POST/PUT/PATCH/DELETE sets a short
  cookie that keeps the browser on the primary).
- ``replica_for_request()`` picks a healthy replica for a public request: one that answers and
  whose replay lag is at most ``REFERAT_REPLICA_MAX_LAG`` seconds. Health is checked at most every
  ``REFERAT_REPLICA_CHECK_SECONDS`` per process; a replica that is down or lags is skipped, and
  with none left the primary answers (fallback).
- ``ReplicaRouter`` sends reads of the archive's own tables (the ``meetings`` app) in a public
  request to that replica; every write, every migration, sessions, users and everything outside
  a public request go to ``default`` (the primary).
"""

from __future__ import annotations

import contextvars
import itertools
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

PRIMARY = "default"
STICKY_COOKIE = "referat_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REPLICA_APPS = frozenset({"meetings"})

# The replica alias chosen for the current request, or None (primary).
_current_replica: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "referat_replica", default=None
)
# alias -> (healthy, checked at monotonic seconds)
_health: dict[str, tuple[bool, float]] = {}
_round_robin = itertools.count()

# Lag in seconds as the replica sees it: 0 when it has replayed all it received, else the age of
# the last replayed transaction. NULL (not a replica) counts as unhealthy.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


def replicas() -> list[str]:
    return list(getattr(settings, "REFERAT_REPLICAS", []) or [])


def forget_health() -> None:
    """Drop the cached health of every replica (the next public request checks again)."""
    _health.clear()


def _check(alias: str) -> bool:
    """Does the replica answer, and is its replay lag within the allowed maximum?"""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            (lag,) = cursor.fetchone()
    except DatabaseError as error:
        log.warning("Læsekopien %s svarer ikke; den primære database bruges: %s", alias, error)
        connection.close()
        return False
    if lag is None:
        log.warning("Læsekopien %s er ikke en læsekopi; den bruges ikke", alias)
        return False
    max_lag = float(getattr(settings, "REFERAT_REPLICA_MAX_LAG", 30))
    if float(lag) > max_lag:
        log.warning(
            "Læsekopien %s er %.1f s bagud (højst %.1f s); den bruges ikke", alias, lag, max_lag
        )
        return False
    return True


def is_healthy(alias: str) -> bool:
    every = float(getattr(settings, "REFERAT_REPLICA_CHECK_SECONDS", 5))
    now = time.monotonic()
    cached = _health.get(alias)
    if cached is not None and now - cached[1] < every:
        return cached[0]
    healthy = _check(alias)
    _health[alias] = (healthy, now)
    return healthy


def replica_for_request() -> str | None:
    """A healthy replica for a public read, round robin; None when only the primary will do."""
    aliases = replicas()
    if not aliases:
        return None
    start = next(_round_robin)
    for offset in range(len(aliases)):
        alias = aliases[(start + offset) % len(aliases)]
        if is_healthy(alias):
            return alias
    return None


def is_public_read(request) -> bool:
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and STICKY_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    """Send a citizen's reads to a replica; keep clerks, admins and fresh writers on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = replica_for_request() if replicas() and is_public_read(request) else None
        token = _current_replica.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _current_replica.reset(token)
        if request.method not in SAFE_METHODS and replicas():
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=int(getattr(settings, "REFERAT_REPLICA_STICKY_SECONDS", 15)),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


class ReplicaRouter:
    """Reads of the archive in a public request go to the request's replica; all else to primary."""

    def db_for_read(self, model, **hints):
        alias = _current_replica.get()
        if alias and model._meta.app_label in REPLICA_APPS:
            return alias
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas are copies of the primary: every object comes from one database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
