"""The search page makes a fixed number of queries, however many items match (no N+1):
the same pages as tests/web/test_query_counts.py builds, with the search's own limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.web.test_query_counts import build, queries

pytestmark = pytest.mark.django_db

# lenient parameters (kommune, udvalg) · municipalities · the chosen kommune's bodies · all
# bodies (names in the query) · exact and compound candidates · the page's rows · their
# sections (SQLite snippets) · facet bodies; zero hits add the vocabulary and one count per
# filter; a case number adds its lookup.
LIMITS = {
    "search": 10,
    "search_by_date": 10,
    "browse": 7,
    "search_case": 9,
    "search_question": 10,
    "search_zero": 12,
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
