"""The cursor the import's own statements run on (bulk.py, reads.py, plan.py).

On PostgreSQL it prepares each statement the first time this connection runs it
(meetings/prepared.py): the import's statements are few fixed texts (sql.py builds each
once), run for every document, so the database parses and plans each once per connection
instead of once per document. A document's statements cost the server about a quarter less
CPU. settings.REFERAT_PREPARED_STATEMENTS = False turns it off (a transaction-mode pooler that
does not keep prepared statements)."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS

from ..prepared import prepared_cursor


def import_cursor():
    """A cursor for the import's statements on the default connection."""
    return prepared_cursor(DEFAULT_DB_ALIAS)
