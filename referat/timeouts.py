"""Bounded public queries (afgrænsede forespørgsler): a statement timeout for citizens' pages.

A citizen's request (GET or HEAD, see ``referat.replicas.is_public_read``) runs every SQL
statement on PostgreSQL under ``statement_timeout = REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS``
(default 3000 ms; 0 turns it off). Clerks, admins, imports and commands have no such limit.
A statement the database cancels gives the Danish "Søgningen er for bred" page (status 503)
with advice to narrow the search, never a 500.

The same requests run without parallel query workers (``max_parallel_workers_per_gather =
0``): a web server answers many requests at once, and a parallel plan lets one listing take
every core from the others (a KLE listing alone took both cores at a million items).

The timeout is set on a connection just before its first statement in the request and reset
after the response, so persistent connections (CONN_MAX_AGE) carry nothing into the next
request; a request that runs no SQL pays nothing.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.db import OperationalError, connections
from django.shortcuts import render

from .replicas import is_public_read


def _is_cancelled(error: BaseException) -> bool:
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == "57014"  # query_canceled


class _Timeout:
    """An execute wrapper that sets the timeout once per connection and remembers it did."""

    def __init__(self, connection, milliseconds: int):
        self.connection = connection
        self.milliseconds = milliseconds
        self.applied = False

    def __call__(self, execute, sql, params, many, context):
        if not self.applied:
            self.applied = True
            with self.connection.connection.cursor() as cursor:  # the driver's own cursor
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, false), "
                    "set_config('max_parallel_workers_per_gather', '0', false)",
                    [str(int(self.milliseconds))],
                )
        return execute(sql, params, many, context)

    def reset(self) -> None:
        if self.applied and self.connection.connection is not None:
            # No is_usable() first (one more round trip per request): on a broken connection
            # the RESET fails, and the next request's health check replaces the connection.
            with contextlib.suppress(Exception):
                if self.connection.in_atomic_block:
                    return
                with self.connection.connection.cursor() as cursor:
                    cursor.execute("RESET statement_timeout; RESET max_parallel_workers_per_gather")


class PublicStatementTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        milliseconds = int(getattr(settings, "REFERAT_PUBLIC_STATEMENT_TIMEOUT_MS", 3000))
        if not milliseconds or not is_public_read(request):
            return self.get_response(request)
        wrappers = []
        with contextlib.ExitStack() as stack:
            for alias in connections:
                connection = connections[alias]
                if connection.vendor != "postgresql":
                    continue
                wrapper = _Timeout(connection, milliseconds)
                wrappers.append(wrapper)
                stack.enter_context(connection.execute_wrapper(wrapper))
            try:
                return self.get_response(request)
            finally:
                for wrapper in wrappers:
                    wrapper.reset()

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and _is_cancelled(exception):
            return render(request, "too_broad.html", status=503)
        return None
