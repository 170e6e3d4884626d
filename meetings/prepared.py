"""Prepared statements (forberedte forespørgsler) on PostgreSQL, for statements of fixed text.

A cursor from ``prepared_cursor(alias)`` binds parameters on the server and prepares each
statement the first time its connection runs it, so the database parses and plans a statement
once per connection instead of once per run (Django's default cursor inlines the parameters
into the text, so every statement is new to the server). Used by the import (fixed statements
run for every document, meetings/importing/) and by the hottest public pages (meetings/
compiled.py: key lookups whose plan never depends on the value). Never for full-text search:
a generic plan for a tsquery parameter can walk the date index for a rare word.

The statements travel through Django's cursor wrapper as any other (query logging, execute
wrappers such as the public statement timeout, error translation). On SQLite, or with
settings.REFERAT_PREPARED_STATEMENTS off (a transaction-mode pooler that does not keep
prepared statements), it is Django's ordinary cursor.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Django turns preparing off (None) for every cursor; on with a threshold no statement
# reaches, psycopg prepares only what a cursor asks it to (this module's).
_ONLY_WHEN_ASKED = 2**31 - 1


def enabled(alias: str = DEFAULT_DB_ALIAS) -> bool:
    return connections[alias].vendor == "postgresql" and getattr(
        settings, "REFERAT_PREPARED_STATEMENTS", True
    )


def prepared_cursor(alias: str = DEFAULT_DB_ALIAS):
    """A cursor on ``alias`` that prepares what it executes (Django's cursor where it
    cannot)."""
    conn = connections[alias]
    if not enabled(alias):
        return conn.cursor()
    conn.ensure_connection()
    raw = conn.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    cursor_class, timezone_of, register_tzloader = _postgresql()
    with conn.wrap_database_errors:
        cursor = cursor_class(raw)
        # As Django's create_cursor: the connection's time zone for the timestamps read.
        if conn.timezone != timezone_of(raw):
            register_tzloader(conn.timezone, cursor)
    conn.validate_thread_sharing()
    return conn.make_debug_cursor(cursor) if conn.queries_logged else conn.make_cursor(cursor)


@functools.cache
def _postgresql():
    """Django's server-binding psycopg cursor, preparing every statement it executes; the
    time zone a connection reads timestamps in; Django's register_tzloader."""
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, ServerBindingCursor
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            prepare = True if prepare is None else prepare
            return super().execute(query, params, prepare=prepare, binary=binary)

    def timezone_of(raw):
        return raw.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone

    return PreparedCursor, timezone_of, register_tzloader
