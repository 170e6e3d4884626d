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
