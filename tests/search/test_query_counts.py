"""The search page makes a fixed number of queries, however many items match (no N+1):
the same pages as tests/web/test_query_counts.py builds, with the search's own limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.web.test_query_counts import build, queries

pytestmark = pytest.mark.django_db

# The directory of municipalities and bodies (meetings/directory.py): one query checks this
# process's copy (after a change, two more read it again: each measured page is requested
# once before). Then the exact and compound
# candidates, the page's rows and their sections (the snippets, built in Python on both
# databases). SQLite's relevance order reads the candidates' index text once more to rank
# them (PostgreSQL ranks in the candidates' query). Zero hits add the vocabulary look-ups and
# one capped count per filter; a case number adds its lookup.
LIMITS = {
    "search": 7,
    "search_by_date": 7,
    "browse": 5,
    "search_case": 4,
    "search_question": 6,
    "search_zero": 6,
}


@pytest.mark.parametrize("page", list(LIMITS))
def test_search_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, page):
    few = build(751, 2)[page]
    client.get(few)  # the first request reads the directory of municipalities and bodies
    few_count = queries(client, few)
    many = build(151, 30)[page]
    cache.clear()
    client.get(many)  # new bodies were made: this request reads the directory again
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(many)
    assert response.status_code == 200
    assert few_count <= LIMITS[page]
    # Measured on the same data: a question naming "Økonomiudvalget" narrows to it while one
    # municipality has such a body, and only suggests it once two have (a filtered search
    # reads its exact and compound matches in one statement, an unfiltered one in two).
    assert queries(client, many) == queries(client, few)
