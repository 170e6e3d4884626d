"""Full-text search (fritekstsøgning) over agenda items, on PostgreSQL and on SQLite.

PostgreSQL: ``AgendaItem.search_vector`` holds a weighted tsvector built with the built-in
``danish`` configuration (title A, decision B, other sections C, attachment titles D), under
a GIN index (migration ``search_index``). Queries use ``websearch_to_tsquery('danish', q)``,
``ts_rank`` and ``ts_headline``.

SQLite: the FTS5 table ``meetings_item_fts(title, decision, body)``, keyed by item id, holds
the same text as Snowball-stemmed Danish tokens (``snowballstemmer``, stop words dropped).
The websearch syntax is translated into an FTS5 MATCH expression over stemmed tokens, ranked
with ``bm25`` and column weights; snippets are built in Python from the original text.

Closed items (Lukket) are indexed by their title only, so words that occur only in their
content find nothing, and no snippet is ever built from their content.

Designed for a million items: a search never ranks every match. It takes the newest
``CANDIDATE_LIMIT`` matches (an index walk, newest first), counts them with that cap
("mere end 1.000 træf"), ranks only those and paginates within them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CANDIDATE_LIMIT = 1000  # matches ranked and counted per search
BROWSE_LIMIT = 10_000  # items counted when listing without a query
PER_PAGE = 20
FTS_TABLE = "meetings_item_fts"

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

# PostgreSQL's danish.stop (from Snowball): the words to_tsvector('danish', …) leaves out.
STOP_WORDS = frozenset(
    """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
    om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal
    selv her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne
    end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis
    din nogle hos blive mange ad bliver hendes været thi jer sådan""".split()
)

# Highlight marks for ts_headline: private-use characters, removed from the text first, so
# they cannot occur in it; the headline is escaped and then they become <mark></mark>.
# "<" is swapped for a third one before ts_headline (which drops anything tag-like) and
# restored after escaping, so "<script>" in a text is shown as text.
_START, _STOP, _LT = "\ue000", "\ue001", "\ue002"
_TRANSLATE = ("<" + _START + _STOP + _LT, _LT)
_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------------------------------
# Text analysis (shared by both databases): lower case, Snowball Danish stems, no stop words.

_local = threading.local()


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("danish")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Danish Snowball stem of a lower-case word; numbers and codes are kept as written."""
    if not word.isalpha():
        return word
    return _stemmer().stemWord(word)


def analyse(text: str) -> list[str]:
    """Text → stemmed tokens, stop words left out (as to_tsvector('danish', …) does)."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


# ---------------------------------------------------------------------------------------
# The query: websearch syntax ("a phrase", -exclusion, or) parsed into stemmed terms.


@dataclass(frozen=True)
class Term:
    """A word or a quoted phrase, as stems; negated when written with a leading minus."""

    stems: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A search query as alternatives (split at ``or``), each an AND of terms."""

    text: str
    alternatives: tuple[tuple[Term, ...], ...]

    @cached_property
    def highlight_stems(self) -> frozenset[str]:
        return frozenset(
            s for alt in self.alternatives for term in alt if not term.negated for s in term.stems
        )

    @property
    def problem(self) -> str:
        """Why this query cannot be run, in Danish; empty when it can."""
        if not self.alternatives:
            return (
                "Søgningen indeholder ingen ord, der kan søges på. Meget almindelige ord "
                "som »og«, »i« og »at« springes over."
            )
        if any(all(term.negated for term in alt) for alt in self.alternatives):
            return (
                "Et udelukket ord (skrevet med minus foran) skal stå sammen med mindst ét ord, "
                "der søges efter."
            )
        return ""


_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def parse_query(text: str) -> ParsedQuery:
    """Parse websearch syntax the way websearch_to_tsquery does: words are ANDed, a quoted
    phrase must occur as written, a leading minus excludes, and ``or`` separates alternatives.
    """
    alternatives: list[list[Term]] = [[]]
    for match in _QUERY_TOKEN.finditer(text):
        if match.group(2) is not None:
            negated, words = bool(match.group(1)), match.group(2)
        else:
            negated, words = bool(match.group(3)), match.group(4)
            if not negated and words.lower() == "or":
                alternatives.append([])
                continue
        stems = tuple(analyse(words))
        if stems:
            alternatives[-1].append(Term(stems, negated))
    return ParsedQuery(text=text, alternatives=tuple(tuple(a) for a in alternatives if a))


def fts5_expression(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query (stems hold word characters only)."""

    def quoted(term: Term) -> str:
        return '"' + " ".join(term.stems) + '"'

    parts = []
    for alternative in query.alternatives:
        positive = " AND ".join(quoted(t) for t in alternative if not t.negated)
        negative = [quoted(t) for t in alternative if t.negated]
        expression = f"({positive}) NOT ({' OR '.join(negative)})" if negative else positive
        parts.append(f"({expression})")
    return " OR ".join(parts)


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------------------------------
# Keeping the index up to date.

_PG_VECTOR = """
    setweight(to_tsvector('danish', it.title), 'A')
    || CASE WHEN it.closed THEN ''::tsvector ELSE
        setweight(to_tsvector('danish',
            coalesce(nullif(it.decision, ''), s.decision_text, '')), 'B')
        || setweight(to_tsvector('danish', coalesce(s.body, '')), 'C')
        || setweight(to_tsvector('danish', coalesce(a.titles, '')), 'D')
    END
"""

_PG_REINDEX = f"""
UPDATE meetings_agendaitem AS target SET search_vector = v.vector
FROM (
    SELECT it.id, {_PG_VECTOR} AS vector
    FROM meetings_agendaitem AS it
    LEFT JOIN (
        SELECT item_id,
               string_agg(text, E'\\n' ORDER BY position) FILTER (WHERE kind <> 'decision')
                   AS body,
               string_agg(text, E'\\n' ORDER BY position) FILTER (WHERE kind = 'decision')
                   AS decision_text
        FROM meetings_section {{section_where}}
        GROUP BY item_id
    ) AS s ON s.item_id = it.id
    LEFT JOIN (
        SELECT item_id, string_agg(title, E'\\n' ORDER BY position) AS titles
        FROM meetings_attachment {{attachment_where}}
        GROUP BY item_id
    ) AS a ON a.item_id = it.id
    {{item_where}}
) AS v
WHERE target.id = v.id
"""


def reindex_items(item_ids: Iterable[int]) -> None:
    """Bring the search index up to date for these agenda items (called inside the import).

    Ids of deleted items are fine: their index rows are removed.
    """
    ids = sorted({int(i) for i in item_ids})
    if not ids:
        return
    if _is_postgresql():
        sql = _PG_REINDEX.format(
            section_where="WHERE item_id = ANY(%s)",
            attachment_where="WHERE item_id = ANY(%s)",
            item_where="WHERE it.id = ANY(%s)",
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids, ids, ids])
        return
    for start in range(0, len(ids), 500):
        _sqlite_reindex(ids[start : start + 500])


def rebuild_index(using_connection=None) -> None:
    """Rebuild the whole index: one UPDATE on PostgreSQL, all rows re-stemmed on SQLite."""
    conn = using_connection or connection
    if conn.vendor == "postgresql":
        sql = _PG_REINDEX.format(section_where="", attachment_where="", item_where="")
        with conn.cursor() as cursor:
            cursor.execute(sql)
        return
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute("SELECT id FROM meetings_agendaitem ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), 2000):
        _sqlite_reindex(ids[start : start + 2000], conn)


def _sqlite_reindex(ids: Sequence[int], conn=None) -> None:
    conn = conn or connection
    marks = ",".join(["%s"] * len(ids))
    with conn.cursor() as cursor:
        cursor.execute(
            f"SELECT id, title, closed, decision FROM meetings_agendaitem WHERE id IN ({marks})",
            ids,
        )
        items = cursor.fetchall()
        cursor.execute(
            f"SELECT item_id, kind, text FROM meetings_section WHERE item_id IN ({marks}) "
            "ORDER BY item_id, position, id",
            ids,
        )
        sections: dict[int, list[tuple[str, str]]] = {}
        for item_id, kind, text in cursor.fetchall():
            sections.setdefault(item_id, []).append((kind, text))
        cursor.execute(
            f"SELECT item_id, title FROM meetings_attachment WHERE item_id IN ({marks}) "
            "ORDER BY item_id, position, id",
            ids,
        )
        attachments: dict[int, list[str]] = {}
        for item_id, title in cursor.fetchall():
            attachments.setdefault(item_id, []).append(title)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", ids)
        rows = []
        for item_id, title, closed, decision in items:
            if closed:
                rows.append((item_id, _stemmed(title), "", ""))
                continue
            own = sections.get(item_id, [])
            decision_text = decision or "\n".join(t for k, t in own if k == "decision")
            body = "\n".join([t for k, t in own if k != "decision"] + attachments.get(item_id, []))
            rows.append((item_id, _stemmed(title), _stemmed(decision_text), _stemmed(body)))
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, title, decision, body) VALUES (%s, %s, %s, %s)", rows
        )


def _stemmed(text: str) -> str:
    return " ".join(analyse(text or ""))


# ---------------------------------------------------------------------------------------
# Searching.


@dataclass
class SearchHit:
    """One result: the item plus its title and snippet as safe HTML (highlights in <mark>)."""

    item: object
    title: SafeString
    snippet: SafeString | None = None


@dataclass
class SearchResults:
    """A page of results with the (capped) number of hits."""

    page: Page
    hits: list[SearchHit]
    count: int
    capped: bool
    cap: int
    order: str
    query: ParsedQuery | None = None
    problem: str = ""
    page_range: list = field(default_factory=list)


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` objects (COUNT over a LIMITed subquery)."""

    def __init__(self, object_list, per_page, cap: int):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)


def _listing(queryset: QuerySet) -> QuerySet:
    """Items for a list: their meeting, body and municipality; no snapshot, no vector."""
    return queryset.select_related("meeting__body__municipality").defer(
        "parsed", "search_vector", "meeting__parsed"
    )


def browse_items(queryset: QuerySet, page_number, per_page: int = PER_PAGE) -> SearchResults:
    """Items newest first, without a search query (count capped at BROWSE_LIMIT)."""
    paginator = CappedPaginator(_listing(queryset).newest_first(), per_page, BROWSE_LIMIT)
    page = paginator.get_page(page_number)
    hits = [SearchHit(item=item, title=escape(item.title)) for item in page.object_list]
    return SearchResults(
        page=page,
        hits=hits,
        count=paginator.count,
        capped=paginator.capped,
        cap=BROWSE_LIMIT,
        order=NEWEST,
        page_range=list(paginator.get_elided_page_range(page.number)),
    )


def search_items(
    queryset: QuerySet, text: str, *, order: str = RELEVANCE, page_number=1, per_page=PER_PAGE
) -> SearchResults:
    """Search the (already filtered) items for ``text``: a page of hits with snippets."""
    query = parse_query(text)
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
    if _is_postgresql():
        candidates = _pg_candidates(queryset, text, ranked=order == RELEVANCE)
    else:
        candidates = _sqlite_candidates(queryset, query, ranked=order == RELEVANCE)
    capped = len(candidates) > CANDIDATE_LIMIT
    candidates = _newest_first(candidates)[:CANDIDATE_LIMIT]
    if order == RELEVANCE:
        candidates.sort(key=lambda c: -_adjusted_rank(c.rank, c.title))  # stable: ties newest
    paginator = Paginator([c.pk for c in candidates], per_page)
    page = paginator.get_page(page_number)
    hits = _hits(queryset, list(page.object_list), text, query)
    return SearchResults(
        page=page,
        hits=hits,
        count=len(candidates),
        capped=capped,
        cap=CANDIDATE_LIMIT,
        order=order,
        query=query,
        page_range=list(paginator.get_elided_page_range(page.number)),
    )


@dataclass(frozen=True)
class _Candidate:
    pk: int
    title: str
    date: object
    meeting_id: int
    position: int
    rank: float = 0.0


def _newest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    return sorted(candidates, key=lambda c: (-c.date.toordinal(), -c.meeting_id, c.position))


def _adjusted_rank(rank: float, title: str) -> float:
    return rank * ROUTINE_FACTOR if ROUTINE_TITLE.match(title) else rank


_CANDIDATE_FIELDS = ("pk", "title", "date", "meeting_id", "position")


def _pg_candidates(queryset: QuerySet, text: str, *, ranked: bool) -> list[_Candidate]:
    tsquery = SearchQuery(text, config="danish", search_type="websearch")
    newest = queryset.filter(search_vector=tsquery).newest_first()
    if not ranked:
        rows = newest.values_list(*_CANDIDATE_FIELDS)[: CANDIDATE_LIMIT + 1]
        return [_Candidate(*row) for row in rows]
    # Rank only the bounded candidate set: the LIMITed subquery is walked newest first,
    # and ts_rank runs on at most CANDIDATE_LIMIT + 1 rows.
    rows = (
        queryset.model.objects.filter(pk__in=newest.values("pk")[: CANDIDATE_LIMIT + 1])
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by()
        .values_list(*_CANDIDATE_FIELDS, "rank")
    )
    return [_Candidate(*row) for row in rows]


def _sqlite_candidates(queryset: QuerySet, query: ParsedQuery, *, ranked: bool) -> list[_Candidate]:
    expression = fts5_expression(query)
    matching = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (expression,))
    rows = (
        queryset.filter(pk__in=matching)
        .newest_first()
        .values_list(*_CANDIDATE_FIELDS)[: CANDIDATE_LIMIT + 1]
    )
    candidates = [_Candidate(*row) for row in rows]
    if not ranked or not candidates:
        return candidates
    ids = [c.pk for c in candidates]
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
            [expression, *ids],
        )
        ranks = dict(cursor.fetchall())
    return [
        _Candidate(c.pk, c.title, c.date, c.meeting_id, c.position, ranks.get(c.pk, 0.0))
        for c in candidates
    ]


# ---------------------------------------------------------------------------------------
# Snippets and highlighted titles.

_PG_TITLE_HEADLINE = (
    "ts_headline('danish', translate(meetings_agendaitem.title, %s, %s), "
    "websearch_to_tsquery('danish', %s), %s)"
)
_PG_SNIPPET_HEADLINE = """
CASE WHEN meetings_agendaitem.closed THEN '' ELSE ts_headline('danish', translate(concat_ws(
    E'\\n',
    coalesce(nullif(meetings_agendaitem.decision, ''), (
        SELECT string_agg(s.text, E'\\n' ORDER BY s.position) FROM meetings_section s
        WHERE s.item_id = meetings_agendaitem.id AND s.kind = 'decision')),
    (SELECT string_agg(s.text, E'\\n' ORDER BY s.position) FROM meetings_section s
        WHERE s.item_id = meetings_agendaitem.id AND s.kind NOT IN ('decision', 'attachments'))
), %s, %s), websearch_to_tsquery('danish', %s), %s) END
"""
_PG_TITLE_OPTIONS = f"StartSel={_START}, StopSel={_STOP}, HighlightAll=true"
_PG_SNIPPET_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=32, MinWords=12, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def _hits(queryset: QuerySet, ids: list[int], text: str, query: ParsedQuery) -> list[SearchHit]:
    if not ids:
        return []
    items = _listing(queryset.model.objects.filter(pk__in=ids))
    if _is_postgresql():
        items = items.annotate(
            title_headline=RawSQL(_PG_TITLE_HEADLINE, (*_TRANSLATE, text, _PG_TITLE_OPTIONS)),
            snippet_headline=RawSQL(_PG_SNIPPET_HEADLINE, (*_TRANSLATE, text, _PG_SNIPPET_OPTIONS)),
        )
        by_pk = {item.pk: item for item in items}
        return [
            SearchHit(
                item=by_pk[pk],
                title=_marked(by_pk[pk].title_headline),
                snippet=None if by_pk[pk].closed else _marked(by_pk[pk].snippet_headline),
            )
            for pk in ids
            if pk in by_pk
        ]
    by_pk = {item.pk: item for item in items}
    texts = _item_texts([item for item in by_pk.values() if not item.closed])
    stems = query.highlight_stems
    hits = []
    for pk in ids:
        item = by_pk.get(pk)
        if item is None:
            continue
        snippet = None if item.closed else highlight_snippet(texts.get(pk, ""), stems)
        hits.append(SearchHit(item=item, title=highlight_all(item.title, stems), snippet=snippet))
    return hits


def _item_texts(items: list) -> dict[int, str]:
    """Decision first, then the other sections: the text snippets are cut from (SQLite)."""
    if not items:
        return {}
    from meetings.models import Section

    parts: dict[int, list[str]] = {item.pk: [] for item in items}
    own_decision: dict[int, list[str]] = {item.pk: [] for item in items}
    sections = (
        Section.objects.filter(item_id__in=list(parts))
        .exclude(kind="attachments")
        .order_by("item_id", "position", "pk")
        .values_list("item_id", "kind", "text")
    )
    for item_id, kind, section_text in sections:
        (own_decision if kind == "decision" else parts)[item_id].append(section_text)
    return {
        item.pk: "\n".join(
            ([item.decision] if item.decision else own_decision[item.pk]) + parts[item.pk]
        )
        for item in items
    }


def _marked(headline: str | None) -> SafeString:
    """Escape a ts_headline result, then turn its sentinels into <mark></mark>."""
    escaped = escape(headline or "")
    marked = escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked.replace(_LT, "&lt;"))


def _is_match(word: str, stems: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    lowered = word.lower()
    return lowered.startswith(prefixes) and lowered not in STOP_WORDS and stem(lowered) in stems


def highlight_all(text: str, stems: frozenset[str]) -> SafeString:
    """The whole text, escaped, with every word whose stem is searched for in <mark>."""
    prefixes = tuple(stems)
    out, last = [], 0
    for match in _WORD.finditer(text):
        if prefixes and _is_match(match.group(), stems, prefixes):
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def highlight_snippet(text: str, stems: frozenset[str], words: int = 32) -> SafeString:
    """A window of about ``words`` words with the most matches, escaped, matches in <mark>."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return mark_safe("")
    prefixes = tuple(stems)
    hits = [i for i, t in enumerate(tokens) if prefixes and _is_match(t.group(), stems, prefixes)]
    start = 0
    if hits:
        best = max(hits, key=lambda h: sum(1 for o in hits if h <= o < h + words))
        start = max(0, best - 4)
    end = min(len(tokens), start + words)
    hit_set = set(hits)
    out = ["… "] if start > 0 else []
    last = tokens[start].start()
    for i in range(start, end):
        token = tokens[i]
        if i in hit_set:
            out.append(escape(text[last : token.start()]))
            out.append(f"<mark>{escape(token.group())}</mark>")
            last = token.end()
    out.append(escape(text[last : tokens[end - 1].end()]))
    if end < len(tokens):
        out.append(" …")
    return mark_safe(" ".join("".join(out).split()))
