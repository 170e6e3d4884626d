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

Designed for a million items: a search never ranks every match. It takes at most
``CANDIDATE_LIMIT`` matches, counts them with that cap ("mere end 1.000 træf"), ranks only
those and paginates within them. The candidates are the newest matches by meeting date
(PostgreSQL; SQLite when ordering by date); SQLite's relevance order takes the most recently
indexed matches instead, one pass over the FTS5 index. Below the cap both are every match.
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
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CANDIDATE_LIMIT = 1000  # matches ranked and counted per search
BROWSE_LIMIT = 1000  # items counted when listing without a query
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
_SPACE = re.compile(r"\s+")


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
        found = self.object_list.order_by()[: self.cap + 1].count()  # no sort to count
        self.capped = found > self.cap
        return min(found, self.cap)


def _listing(queryset: QuerySet) -> QuerySet:
    """Items for a list: their meeting, body and municipality; no snapshot, no vector."""
    return queryset.select_related("meeting__body__municipality").defer(
        "parsed", "search_vector", "meeting__parsed"
    )


def browse_items(queryset: QuerySet, page_number, per_page: int = PER_PAGE) -> SearchResults:
    """Items newest first, without a search query (count capped at BROWSE_LIMIT).

    The page's ids come from one walk of the newest-first index; the rows, with meeting, body
    and municipality, are then fetched by id (joined in one query with the ordering, SQLite
    would sort every item first)."""
    ids = queryset.newest_first().values_list("pk", flat=True)
    paginator = CappedPaginator(ids, per_page, BROWSE_LIMIT)
    page = paginator.get_page(page_number)
    page_ids = list(page.object_list)
    by_pk = {item.pk: item for item in _listing(queryset.model.objects.filter(pk__in=page_ids))}
    hits = [
        SearchHit(item=by_pk[pk], title=escape(by_pk[pk].title)) for pk in page_ids if pk in by_pk
    ]
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
    """SQLite: for relevance, the FTS5 table drives the query (one pass over its doclists,
    newest rowids first, bm25 computed for the LIMITed rows only); for date order, the items
    are walked newest first through their index and tested against the FTS5 matches."""
    expression = fts5_expression(query)
    if ranked:
        rows = (
            # extra(): the FTS5 table is not a model; joining it is what extra() is for.
            queryset.extra(
                tables=[FTS_TABLE],
                where=[f"{FTS_TABLE}.rowid = meetings_agendaitem.id", f"{FTS_TABLE} MATCH %s"],
                params=[expression],
            )
            .annotate(rank=RawSQL(f"-bm25({FTS_TABLE}, 10.0, 4.0, 1.0)", ()))
            .order_by(RawSQL(f"{FTS_TABLE}.rowid", ()).desc())
            .values_list(*_CANDIDATE_FIELDS, "rank")[: CANDIDATE_LIMIT + 1]
        )
        return [_Candidate(*row) for row in rows]
    # The unary + keeps SQLite from looking up every match by primary key and sorting them all.
    matching = RawSQL(
        f"+meetings_agendaitem.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
        (expression,),
        output_field=BooleanField(),
    )
    rows = (
        queryset.filter(matching)
        .newest_first()
        .values_list(*_CANDIDATE_FIELDS)[: CANDIDATE_LIMIT + 1]
    )
    return [_Candidate(*row) for row in rows]


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


@lru_cache(maxsize=256)
def _prefix_pattern(stems: frozenset[str]) -> re.Pattern:
    """Words that start with one of the stems (a stem is a prefix of its lower-case word)."""
    alternatives = "|".join(sorted((re.escape(s) for s in stems), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def _matches(text: str, stems: frozenset[str]) -> list[re.Match]:
    """The words in the text whose stem is searched for."""
    if not stems:
        return []
    return [
        match
        for match in _prefix_pattern(stems).finditer(text)
        if (word := match.group().lower()) not in STOP_WORDS and stem(word) in stems
    ]


def _marked_text(text: str, matches: list[re.Match], start: int, end: int) -> str:
    out, last = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:end]))
    return "".join(out)


def highlight_all(text: str, stems: frozenset[str]) -> SafeString:
    """The whole text, escaped, with every word whose stem is searched for in <mark>."""
    return mark_safe(_marked_text(text, _matches(text, stems), 0, len(text)))


def highlight_snippet(text: str, stems: frozenset[str], chars: int = 220) -> SafeString:
    """About ``chars`` characters around the densest run of matches, cut at word boundaries,
    escaped, the matches in <mark>. Without matches: the start of the text."""
    if not text:
        return mark_safe("")
    matches = _matches(text, stems)[:200]
    start = 0
    if matches:
        best = max(
            matches,
            key=lambda m: sum(1 for o in matches if m.start() <= o.start() < m.start() + chars),
        )
        start = max(0, best.start() - 40)
        if start:  # begin at the next word
            space = _SPACE.search(text, start, best.start())
            start = space.end() if space else best.start()
    end = min(len(text), start + chars)
    if end < len(text):  # finish the word
        space = _SPACE.search(text, end)
        end = space.start() if space else len(text)
    body = " ".join(_marked_text(text, matches, start, end).split())
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))
