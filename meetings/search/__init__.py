"""Full-text search (fritekstsøgning) over agenda items, on PostgreSQL and on SQLite.

- analysis.py: Danish stems, stop words, question and filler words;
- query.py: what a citizen types → a parsed query (operators, compounds, case numbers);
- understanding.py: bodies, municipalities and case numbers named in the query;
- postgres.py / sqlite.py: one backend per database (index upkeep, matching, ranking);
- results.py: candidates, ranking, pages, hits and facet counts;
- highlight.py: titles and snippets with <mark>;
- vocabulary.py: the index's word forms for spelling suggestions.

Closed items (Lukket) are indexed by their title only, so words that occur only in their
content find nothing, and no snippet or suggestion is ever built from their content.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection

from . import postgres, sqlite, vocabulary
from .analysis import STOP_WORDS, analyse, stem
from .highlight import highlight_all, highlight_snippet
from .query import ParsedQuery, Term, parse_query
from .results import (
    BROWSE_LIMIT,
    CANDIDATE_LIMIT,
    NEWEST,
    PER_PAGE,
    RELEVANCE,
    SearchHit,
    SearchResults,
    browse_items,
    has_matches,
    search_items,
)
from .sqlite import FTS_TABLE, fts5_expression

__all__ = [
    "BROWSE_LIMIT",
    "CANDIDATE_LIMIT",
    "FTS_TABLE",
    "NEWEST",
    "PER_PAGE",
    "RELEVANCE",
    "STOP_WORDS",
    "ParsedQuery",
    "SearchHit",
    "SearchResults",
    "Term",
    "analyse",
    "browse_items",
    "fts5_expression",
    "has_matches",
    "highlight_all",
    "highlight_snippet",
    "parse_query",
    "rebuild_index",
    "reindex_items",
    "search_items",
    "stem",
]


def reindex_items(item_ids: Iterable[int], *, counted: Counter | None = None) -> None:
    """Bring the search index and vocabulary up to date for these agenda items (called
    inside the import). Ids of deleted items are fine: their index rows are removed.
    ``counted``: the word counts (vocabulary.count_words) of items whose index the caller
    wrote already (the import's INSERT on PostgreSQL), added to the vocabulary in the same
    upsert as these items' words, so all of a transaction's words are locked in one order."""
    ids = sorted({int(i) for i in item_ids})
    if not ids and not counted:
        return
    if connection.vendor == "postgresql":
        if ids:
            postgres.reindex(ids)
    elif connection.vendor == "sqlite":
        for start in range(0, len(ids), 500):
            sqlite.reindex(ids[start : start + 500])
    else:
        return
    vocabulary.add_items(ids, counted=counted)


def rebuild_index(using_connection=None) -> None:
    """Rebuild the whole index: one UPDATE on PostgreSQL, all rows re-stemmed on SQLite;
    the vocabulary too, once its table exists."""
    conn = using_connection or connection
    if conn.vendor == "postgresql":
        postgres.rebuild(conn)
    elif conn.vendor == "sqlite":
        sqlite.rebuild(conn)
    else:
        return
    vocabulary.rebuild(conn)
