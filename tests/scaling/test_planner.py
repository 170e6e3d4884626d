"""The planner costs migration 0013 sets on the database (PostgreSQL): new sessions price an
index probe for memory or SSD, not for a spinning disk."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="random_page_cost is PostgreSQL's planner's"
    ),
    pytest.mark.django_db,
]


def test_new_sessions_have_the_migrated_random_page_cost():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        assert other.execute("SHOW random_page_cost").fetchone()[0] == "1.1"


def test_topic_listings_find_dates_in_a_covering_index():
    """Migration 0016: the open items' ids with date, meeting and position, so a KLE listing's
    ~10,000 lookups at a million items never touch the table."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'item_open_id_newest'")
        (definition,) = cursor.fetchone()
    assert 'INCLUDE (date, meeting_id, "position")' in definition
    assert "WHERE (NOT closed)" in definition
