"""The search vocabulary (ordforråd) for spelling suggestions: one row per public word form
with the number of items it occurs in (meetings/search/vocabulary.py). A raw table like the
FTS5 index: it is the search's own, not a model. Existing items are added."""

from django.db import migrations

CREATE = [
    "CREATE TABLE IF NOT EXISTS meetings_search_word ("
    "word varchar(40) NOT NULL PRIMARY KEY, frequency integer NOT NULL, "
    "initial varchar(1) NOT NULL, length smallint NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_word_initial_length "
    "ON meetings_search_word (initial, length, frequency)",
]
DROP = ["DROP TABLE IF EXISTS meetings_search_word"]


def create(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in CREATE:
            cursor.execute(sql)
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    if AgendaItem.objects.using(schema_editor.connection.alias).exists():
        from meetings.search import vocabulary

        vocabulary.rebuild(schema_editor.connection)


def drop(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for sql in DROP:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_corrections")]

    operations = [migrations.RunPython(create, drop)]
