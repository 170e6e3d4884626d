"""Running a search (søgning) and listing items: bounded candidate sets, ranking, pages,
highlighted hits and facet counts, the same on both databases.

Designed for a million items: a search never ranks every match. It takes at most
``CANDIDATE_LIMIT`` matches, counts them with that cap ("mere end 1.000 træf"), ranks only
those and paginates within them. On both databases the candidates are the newest matches by
meeting date and the rank is PostgreSQL's ts_rank (SQLite computes it in Python, tsrank.py),
so both give the same relevance order. Below the cap the candidates are every match.

Compounds: exact matches are fetched first; only when they are fewer than the cap are the
matches of the compound-expanded query added, and in relevance order they come after every
exact match.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString

from ..compiled import Compiled
from ..models import AgendaItem, Section
from . import postgres, sqlite
from .highlight import highlight_all, highlight_snippet
from .query import ParsedQuery, parse_query

CANDIDATE_LIMIT = 1000  # matches ranked and counted per search
BROWSE_LIMIT = 1000  # items counted when listing without a query
PER_PAGE = 20

RELEVANCE = "relevans"
NEWEST = "dato"

# Routine items (Godkendelse af dagsorden, Eventuelt, Meddelelser, Bordrunde …) crowd the
# results for common words; their rank is multiplied by this.
ROUTINE_FACTOR = 0.2
ROUTINE_TITLE = re.compile(
    r"^\W*(?:\d+\W*)?(?:godkendelse\s+af\s+(?:dagsorden|referat)|eventuelt|meddelelser?\b"
    r"|bordrunde|orientering(?:er)?\s+fra\b|nyt\s+fra\b)",
    re.IGNORECASE,
)


def backend():
    """The module that speaks this database's full-text search."""
    return postgres if connection.vendor == "postgresql" else sqlite


@dataclass
class SearchHit:
    """One result: the item plus its title and snippet as safe HTML (highlights in <mark>)."""

    item: object
    title: SafeString
    snippet: SafeString | None = None


@dataclass
class SearchResults:
    """A page of results with the (capped) number of hits and facet counts over them."""

    page: Page
    hits: list[SearchHit]
    count: int
    capped: bool
    cap: int
    order: str
    query: ParsedQuery | None = None
    problem: str = ""
    page_range: list = field(default_factory=list)
    # Counts over the candidates: {"municipality": Counter(id), "body": Counter(id),
    # "year": Counter(year)}; empty when listing without a query.
    facets: dict = field(default_factory=dict)
    exact_count: int = 0
    # A phrase search looked only at the newest items holding all its words (PostgreSQL:
    # postgres.PHRASE_WALK_LIMIT of them); older matches may exist.
    phrase_limit: int = 0


def _listing(queryset: QuerySet) -> QuerySet:
    """Items for a list: their meeting, body and municipality; no snapshot, no vector."""
    return queryset.select_related("meeting__body__municipality").defer(
        "parsed", "search_vector", "meeting__parsed"
    )


# A page's items and their section texts by id, compiled once per number of ids
# (meetings/compiled.py).
_LISTED = Compiled(lambda ids: _listing(AgendaItem.objects.filter(pk__in=ids)))
_SECTION_TEXTS = Compiled(
    lambda ids: (
        Section.objects.filter(item_id__in=ids)
        .exclude(kind="attachments")
        .order_by("item_id", "position", "pk")
        .values_list("item_id", "kind", "text")
    )
)


def browse_items(queryset: QuerySet, page_number, per_page: int = PER_PAGE) -> SearchResults:
    """Items newest first, without a search query (count capped at BROWSE_LIMIT).

    One walk of the newest-first index gives at most BROWSE_LIMIT + 1 ids: the capped count
    and the page, with no second pass to count. The page's rows, with meeting, body and
    municipality, are then fetched by id (joined in one query with the ordering, SQLite
    would sort every item first)."""
    ids = list(queryset.newest_first().values_list("pk", flat=True)[: BROWSE_LIMIT + 1])
    capped = len(ids) > BROWSE_LIMIT
    paginator = Paginator(ids[:BROWSE_LIMIT], per_page)
    page = paginator.get_page(page_number)
    page_ids = list(page.object_list)
    by_pk = {item.pk: item for item in _LISTED(page_ids)}
    hits = [
        SearchHit(item=by_pk[pk], title=escape(by_pk[pk].title)) for pk in page_ids if pk in by_pk
    ]
    return SearchResults(
        page=page,
        hits=hits,
        count=paginator.count,
        capped=capped,
        cap=BROWSE_LIMIT,
        order=NEWEST,
        page_range=list(paginator.get_elided_page_range(page.number)),
    )


class _Candidate(NamedTuple):
    pk: int
    title: str
    date: object
    meeting_id: int
    position: int
    municipality_id: int
    body_id: int
    rank: float = 0.0
    exact: bool = True


_CANDIDATE_FIELDS = ("pk", "title", "date", "meeting_id", "position", "municipality_id", "body_id")


def candidates(queryset: QuerySet, query: ParsedQuery, *, ranked: bool) -> tuple[list, bool, bool]:
    """The bounded candidate set (exact matches first, then compound matches), whether
    there were more matches than the cap, and whether a phrase walk stopped early."""
    db = backend()
    limit = CANDIDATE_LIMIT + 1
    both = None
    if query.expands and queryset.query.where and hasattr(db, "exact_and_compound_rows"):
        # A filtered search usually has fewer matches than the cap: one statement gives the
        # exact and the compound matches together, and is the whole answer when it finds no
        # more than the cap (every exact match is a compound match too).
        both = db.exact_and_compound_rows(queryset, query, _CANDIDATE_FIELDS, limit, ranked=ranked)
    # The compound matches hold the exact ones: when they are few, or when every one of the
    # newest compound matches is exact too (then the newest exact matches are these), the
    # statement is the whole answer.
    if both is not None and (len(both) <= CANDIDATE_LIMIT or all(row[-1] for row in both)):
        found = {row[0]: row[:-1] for row in both}
        exact = {row[0] for row in both if row[-1]}
        walk_limited = False
    else:
        rows, walk_limited = db.candidate_rows(
            queryset, query, _CANDIDATE_FIELDS, limit, ranked=ranked, expand=False
        )
        found = {row[0]: row for row in rows}
        exact = set(found)
        if query.expands and len(found) <= CANDIDATE_LIMIT:
            if both is not None:  # the newest compound matches, read already
                more, more_limited = [row[:-1] for row in both], False
            else:
                more, more_limited = db.candidate_rows(
                    queryset, query, _CANDIDATE_FIELDS, limit, ranked=ranked, expand=True
                )
            walk_limited = walk_limited or more_limited
            for row in more:
                found.setdefault(row[0], row)
    capped = len(found) > CANDIDATE_LIMIT
    # Newest first: date, then meeting (both descending), then position (rows: pk, title,
    # date, meeting_id, position, municipality_id, body_id, rank). Two stable sorts on plain
    # keys: a key function per row cost more than the rest of the ordering.
    ordered = sorted(found.values(), key=itemgetter(4))
    ordered.sort(key=itemgetter(2, 3), reverse=True)
    ordered = ordered[:CANDIDATE_LIMIT]
    if ranked:
        ordered = db.ranked_rows(ordered, query, exact)
    make = _Candidate._make
    found_rows = [make((*row, row[0] in exact)) for row in ordered]
    return found_rows, capped, walk_limited and not capped


def search_items(
    queryset: QuerySet,
    text: str | ParsedQuery,
    *,
    order: str = RELEVANCE,
    page_number=None,
    per_page: int = PER_PAGE,
) -> SearchResults:
    """Search the items of ``queryset`` (already filtered) for what was typed."""
    query = text if isinstance(text, ParsedQuery) else parse_query(text)
    if query.problem:
        paginator = Paginator([], per_page)
        return SearchResults(
            page=paginator.get_page(1),
            hits=[],
            count=0,
            capped=False,
            cap=CANDIDATE_LIMIT,
            order=order,
            query=query,
            problem=query.problem,
        )
    if not query.has_words:  # only a case number or KLE topic: the view filtered on it
        results = browse_items(queryset, page_number, per_page)
        results.query = query
        return results
    found, capped, walk_limited = candidates(queryset, query, ranked=order == RELEVANCE)
    if order == RELEVANCE:  # stable: ties stay newest first
        routine = ROUTINE_TITLE.match
        # Exact matches first, then by rank, a routine title's (godkendelse af dagsorden …)
        # cut by ROUTINE_FACTOR; the keys made once, not by a function per row.
        keys = [
            (not c.exact, -(c.rank * ROUTINE_FACTOR if routine(c.title) else c.rank)) for c in found
        ]
        found = [found[i] for i in sorted(range(len(found)), key=keys.__getitem__)]
    paginator = Paginator(list(map(itemgetter(0), found)), per_page)
    page = paginator.get_page(page_number)
    hits = _hits(list(page.object_list), query)
    facets = {
        "municipality": Counter(map(itemgetter(5), found)),
        "body": Counter(map(itemgetter(6), found)),
        "year": Counter(map(attrgetter("year"), map(itemgetter(2), found))),
    }
    return SearchResults(
        page=page,
        hits=hits,
        count=len(found),
        capped=capped,
        cap=CANDIDATE_LIMIT,
        order=order,
        query=query,
        page_range=list(paginator.get_elided_page_range(page.number)),
        facets=facets,
        exact_count=sum(map(itemgetter(8), found)),
        phrase_limit=postgres.PHRASE_WALK_LIMIT if walk_limited else 0,
    )


def _hits(ids: list[int], query: ParsedQuery) -> list[SearchHit]:
    """The page's items with highlighted titles and snippets, built in Python on both
    databases (highlight.py): the same snippets everywhere, and cheaper than PostgreSQL's
    ts_headline, which cost about 9 ms of database CPU for a page of twenty items at a
    million items against about 2.5 ms here."""
    if not ids:
        return []
    by_pk = {item.pk: item for item in _LISTED(ids)}
    texts = _item_texts([item for item in by_pk.values() if not item.closed])
    stems, prefixes = query.highlight_stems, query.highlight_prefixes
    hits = []
    for pk in ids:
        item = by_pk.get(pk)
        if item is None:
            continue
        snippet = (
            None if item.closed else highlight_snippet(texts.get(pk, ""), stems, prefixes=prefixes)
        )
        hits.append(
            SearchHit(item=item, title=highlight_all(item.title, stems, prefixes), snippet=snippet)
        )
    return hits


def _item_texts(items: list) -> dict[int, str]:
    """Decision first, then the other sections: the text snippets are cut from (SQLite)."""
    if not items:
        return {}
    parts: dict[int, list[str]] = {item.pk: [] for item in items}
    own_decision: dict[int, list[str]] = {item.pk: [] for item in items}
    for item_id, kind, section_text in _SECTION_TEXTS(sorted(parts)):
        (own_decision if kind == "decision" else parts)[item_id].append(section_text)
    return {
        item.pk: "\n".join(
            ([item.decision] if item.decision else own_decision[item.pk]) + parts[item.pk]
        )
        for item in items
    }


def has_matches(queryset: QuerySet, query: ParsedQuery) -> bool:
    """True when the query (with compounds) finds at least one item of the queryset."""
    if query.problem or not query.has_words:
        return False
    return backend().exists(queryset, query)


def count_matches(queryset: QuerySet, query: ParsedQuery | None, cap: int = CANDIDATE_LIMIT) -> int:
    """How many items of the queryset the query finds (every item without one), at most cap."""
    if query is not None and query.has_words:
        if query.problem:
            return 0
        queryset = queryset.filter(backend().matching(query, expand=True))
    return queryset.order_by()[:cap].count()
