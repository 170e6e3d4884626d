"""Full-text search index (søgeindeks).

PostgreSQL: a GIN index on AgendaItem.search_vector.
SQLite: an FTS5 table of Snowball-stemmed text keyed by item id, plus a trigger that drops
an item's row when the item is deleted. Existing items are indexed (meetings.search).
Both: covering indexes for the search filters on KLE topics and case numbers
(casenumber (kle, id) and (id, kle), itemcasenumber (case_number_id, item_id)), so a filter
reads index entries only, whether it starts from the topic or from the newest items.
"""

from django.db import migrations

FILTER_INDEXES = [
    "CREATE INDEX IF NOT EXISTS casenumber_kle_id ON meetings_casenumber (kle, id)",
    "CREATE INDEX IF NOT EXISTS casenumber_id_kle ON meetings_casenumber (id, kle)",
    "CREATE INDEX IF NOT EXISTS itemcase_case_item "
    "ON meetings_itemcasenumber (case_number_id, item_id)",
]
FILTER_INDEXES_DROP = [
    "DROP INDEX IF EXISTS casenumber_kle_id",
    "DROP INDEX IF EXISTS casenumber_id_kle",
    "DROP INDEX IF EXISTS itemcase_case_item",
]
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS meetings_item_fts USING fts5("
    "title, decision, body, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS meetings_item_fts_delete AFTER DELETE ON meetings_agendaitem "
    "BEGIN DELETE FROM meetings_item_fts WHERE rowid = old.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS meetings_item_fts_delete",
    "DROP TABLE IF EXISTS meetings_item_fts",
]
POSTGRESQL_CREATE = [
    "CREATE INDEX IF NOT EXISTS item_search_vector ON meetings_agendaitem "
    "USING GIN (search_vector)",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS item_search_vector"]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_CREATE + FILTER_INDEXES)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE + FILTER_INDEXES)
    else:
        return
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    if AgendaItem.objects.using(schema_editor.connection.alias).exists():
        from meetings.search import rebuild_index

        rebuild_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_DROP + FILTER_INDEXES_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP + FILTER_INDEXES_DROP)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_load_municipalities")]

    operations = [migrations.RunPython(create_index, drop_index)]
