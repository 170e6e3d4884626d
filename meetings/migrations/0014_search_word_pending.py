"""The search vocabulary's pending counts (meetings/search/vocabulary.py): on PostgreSQL an
import appends its word counts to ``meetings_search_word_pending`` (an INSERT, no row of
``meetings_search_word`` updated), and every few thousand rows one import folds them into
``meetings_search_word`` in one sorted upsert. Updating a word's row once per document left
a dead row version per word and document, which every later upsert walked past until a
vacuum (20 ms per document after a thousand uploads). Readers add both tables' counts."""

from django.db import migrations

CREATE = [
    "CREATE TABLE IF NOT EXISTS meetings_search_word_pending ("
    "word varchar(40) NOT NULL, frequency integer NOT NULL)",
]
DROP = ["DROP TABLE IF EXISTS meetings_search_word_pending"]


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in CREATE:
            cursor.execute(sql)
        if schema_editor.connection.vendor == "postgresql":
            # The rows appended so far, counted by the database: a fold is due when a
            # multiple of vocabulary.FOLD_ROWS is crossed.
            cursor.execute("CREATE SEQUENCE IF NOT EXISTS meetings_search_word_pending_rows")


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in DROP:
            cursor.execute(sql)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP SEQUENCE IF EXISTS meetings_search_word_pending_rows")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_planner_costs")]

    operations = [migrations.RunPython(create, drop)]
