"""SQLite's search index keeps PostgreSQL's weight classes and positions (SQLite only).

The FTS5 table gets a fourth column, ``attachments`` (attachment titles, PostgreSQL's weight
D, until now part of ``body``), and every column's text keeps a placeholder where a stop word
stood (analysis.positioned), so relevance can be PostgreSQL's ts_rank computed from it
(search/tsrank.py). FTS5 does not index the placeholder: matching is unchanged. The table is
made anew and every item re-indexed.
"""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE meetings_item_fts USING fts5("
    "title, decision, body, attachments, tokenize = 'unicode61 remove_diacritics 0')"
)
CREATE_BEFORE = (
    "CREATE VIRTUAL TABLE meetings_item_fts USING fts5("
    "title, decision, body, tokenize = 'unicode61 remove_diacritics 0')"
)


def _remake(schema_editor, create: str, rebuild: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS meetings_item_fts")
        cursor.execute(create)
    if rebuild:
        from meetings.search import sqlite

        sqlite.rebuild(schema_editor.connection)


def forwards(apps, schema_editor):
    _remake(schema_editor, CREATE, rebuild=True)


def backwards(apps, schema_editor):
    # Left empty: this code cannot write the three-column form; the older code's
    # meetings.search.rebuild_index() fills it.
    _remake(schema_editor, CREATE_BEFORE, rebuild=False)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0014_search_word_pending")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
