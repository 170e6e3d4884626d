"""Planner costs that fit where Referat's data lives (PostgreSQL only).

PostgreSQL's default ``random_page_cost = 4`` prices an index probe for a spinning disk. The
archive's indexes and recent rows live in memory or on SSD, and with the default the planner
read the whole case-number link table (95 MB at a million items) for a KLE listing instead of
probing its index for the ~10,000 links it needs: 250 ms against 120 ms with 1.1, the value
PostgreSQL's documentation suggests for such storage. The setting belongs to the database, so
it is set on it (``ALTER DATABASE … SET``, new sessions only) and a database restored elsewhere
takes it along. A role that may not alter the database gets a notice, not a failed migration:
the archive works either way, only slower on such listings.
"""

from django.db import migrations

SET = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET random_page_cost = 1.1', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'random_page_cost not set: this role may not alter the database';
END
$$;
"""
RESET = """
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET random_page_cost', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'random_page_cost not reset: this role may not alter the database';
END
$$;
"""


def apply(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SET, params=None)


def revert(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESET, params=None)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0012_regions")]

    operations = [migrations.RunPython(apply, revert, elidable=False)]
