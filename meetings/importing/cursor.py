"""The cursor the import's own statements run on (bulk.py, reads.py, plan.py).

On PostgreSQL it binds parameters on the server and prepares each statement the first time
this connection runs it: the import's statements are few fixed texts (sql.py builds each
once), run for every document, so the database parses and plans each once per connection
instead of once per document (Django's default cursor inlines the parameters into the text,
so every statement is new to the server). A document's INSERTs cost the server about a
third less CPU. The statements travel through Django's cursor wrapper as any other (query
logging, execute wrappers, error translation).

A transaction-mode connection pooler that does not keep prepared statements would break
this: settings.REFERAT_IMPORT_PREPARED_STATEMENTS = False turns it off."""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def import_cursor():
    """A cursor for the import's statements on the default connection."""
    if connection.vendor != "postgresql" or not getattr(
        settings, "REFERAT_IMPORT_PREPARED_STATEMENTS", True
    ):
        return connection.cursor()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns preparing off (None) for every cursor; on with a threshold no
        # statement reaches, psycopg prepares only what a cursor asks it to (this one's).
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    with connection.wrap_database_errors:
        cursor = _prepared_cursor_class()(raw)
        _match_timezone(cursor)
        connection.validate_thread_sharing()
        if connection.queries_logged:
            return connection.make_debug_cursor(cursor)
        return connection.make_cursor(cursor)


_ONLY_WHEN_ASKED = 2**31 - 1
_class = None


def _prepared_cursor_class():
    """Django's server-binding psycopg cursor, preparing every statement it executes."""
    global _class
    if _class is None:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparedCursor(ServerBindingCursor):
            def execute(self, query, params=None, *, prepare=None, binary=None):
                prepare = True if prepare is None else prepare
                return super().execute(query, params, prepare=prepare, binary=binary)

        _class = PreparedCursor
    return _class


def _match_timezone(cursor) -> None:
    """As Django's create_cursor: the connection's time zone for timestamps read."""
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != loader.timezone:
        register_tzloader(connection.timezone, cursor)
