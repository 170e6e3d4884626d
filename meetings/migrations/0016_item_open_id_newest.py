"""An index that answers "which of these item ids are open, and when" without the table
(PostgreSQL only).

A KLE listing (``/soeg/?kle=05``) finds its items through the case-number links: about 10,000
item ids at a million items, each then looked up for its date to keep the newest 1,000. Read
from the table, each lookup touched a heap page, mostly outside shared_buffers: 69–120 ms.
With the date, meeting and position in a covering index of the open items, the lookups are
index-only: about 50 ms, all from shared buffers. SQLite has no covering indexes and its
listings walk the items' own date index.
"""

from django.db import migrations

CREATE = """
CREATE INDEX IF NOT EXISTS item_open_id_newest ON meetings_agendaitem (id)
    INCLUDE (date, meeting_id, position) WHERE NOT closed
"""
DROP = "DROP INDEX IF EXISTS item_open_id_newest"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0015_search_positions")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
