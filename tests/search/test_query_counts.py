"""The search page makes a fixed number of queries, however many items match (no N+1):
the same pages as tests/web/test_query_counts.py builds, with the search's own limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.web.test_query_counts import build, queries

pytestmark = pytest.mark.django_db

# With a kommune: its lookup, the municipalities and its bodies, then the exact and compound
# candidates, the page's rows, their sections (SQLite snippets; PostgreSQL's ts_headline needs
# none, so it makes one fewer) and the facet bodies. Without a kommune the form's list of
# every body also serves the query understanding and the facets. Zero hits add the
# vocabulary look-ups and one capped count per filter; a case number adds its lookup.
LIMITS = {
    "search": 9,
    "search_by_date": 9,
    "browse": 7,
    "search_case": 6,
    "search_question": 6,
    "search_zero": 7,
}


@pytest.mark.parametrize("page", list(LIMITS))
def test_search_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, page):
    few = build(751, 2)[page]
    few_count = queries(client, few)
    many = build(151, 30)[page]
    cache.clear()
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(many)
    assert response.status_code == 200
    assert queries(client, many) == few_count
    assert queries(client, few) == few_count
