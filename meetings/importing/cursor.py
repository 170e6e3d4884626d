"""The cursor the import's own statements run on (bulk.py, reads.py, plan.py).

On PostgreSQL it binds parameters on the server and prepares each statement the first time
this connection runs it: the import's statements are few fixed texts (sql.py builds each
once), run for every document, so the database parses and plans each once per connection
instead of once per document (Django's default cursor inlines the parameters into the text,
so every statement is new to the server). A document's statements cost the server about a
quarter less CPU. The statements travel through Django's cursor wrapper as any other (query
logging, execute wrappers, error translation).

A transaction-mode connection pooler that does not keep prepared statements would break
this: settings.REFERAT_IMPORT_PREPARED_STATEMENTS (environment variable of the same name)
= False turns it off."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Django turns preparing off (None) for every cursor; on with a threshold no statement
# reaches, psycopg prepares only what a cursor asks it to (this module's).
_ONLY_WHEN_ASKED = 2**31 - 1


def import_cursor():
    """A cursor for the import's statements on the default connection."""
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.vendor != "postgresql" or not getattr(
        settings, "REFERAT_IMPORT_PREPARED_STATEMENTS", True
    ):
        return conn.cursor()
    conn.ensure_connection()
    raw = conn.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    prepared_cursor, timezone_of, register_tzloader = _postgresql()
    with conn.wrap_database_errors:
        cursor = prepared_cursor(raw)
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
