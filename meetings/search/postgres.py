"""PostgreSQL backend: a weighted tsvector per agenda item under a GIN index.

``AgendaItem.search_vector`` holds the built-in ``danish`` configuration's lexemes (title A,
decision B, other sections C, attachment titles D). A parsed query becomes a ``to_tsquery``
text of the words as typed, so PostgreSQL stems them exactly as it stemmed the text; prefixes
and compounds use ``:*``. Ranking uses ``ts_rank``; snippets are built in Python for both databases (highlight.py).

Closed items (Lukket) are indexed by their title only.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)

from . import slices
from .query import ParsedQuery, Term

VECTOR_TEMPLATE = """
    setweight(to_tsvector('danish', {title}), 'A')
    || CASE WHEN {closed} THEN ''::tsvector ELSE
        setweight(to_tsvector('danish',
            coalesce(nullif({decision}, ''), {decision_text}, '')), 'B')
        || setweight(to_tsvector('danish', coalesce({body}, '')), 'C')
        || setweight(to_tsvector('danish', coalesce({titles}, '')), 'D')
    END
"""
VECTOR_SQL = VECTOR_TEMPLATE.format(
    title="it.title",
    closed="it.closed",
    decision="it.decision",
    decision_text="s.decision_text",
    body="s.body",
    titles="a.titles",
)
# The texts an item's vector reads from its sections and attachments, as ``vector_texts``
# gives them: the import sends them with the item's row, so the INSERT or UPDATE that writes
# the row writes its vector too (``vector_expression``), without a later REINDEX_SQL.
VECTOR_INPUTS = ("vector_decision", "vector_body", "vector_titles")


def vector_expression(row: str) -> str:
    """The vector of an item given as ``row`` with the columns title, closed, decision and
    VECTOR_INPUTS (quoted names, as the import's statements select them)."""
    names = ("decision_text", "body", "titles")
    return VECTOR_TEMPLATE.format(
        title=f'{row}."title"',
        closed=f'{row}."closed"',
        decision=f'{row}."decision"',
        **{name: f'{row}."{column}"' for name, column in zip(names, VECTOR_INPUTS, strict=True)},
    )


def vector_texts(sections, attachments) -> list[str | None]:
    """VECTOR_INPUTS of an item with these sections ([heading, kind, text], in order) and
    attachment titles: what REINDEX_SQL's string_agg makes of its rows (None for none)."""

    def joined(texts: list[str]) -> str | None:
        return "\n".join(texts) if texts else None

    return [
        joined([text for _, kind, text in sections if kind == "decision"]),
        joined([text for _, kind, text in sections if kind != "decision"]),
        joined(list(attachments)),
    ]


REINDEX_SQL = f"""
UPDATE meetings_agendaitem AS target SET search_vector = v.vector
FROM (
    SELECT it.id, {VECTOR_SQL} AS vector
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


def reindex(ids: list[int]) -> None:
    sql = REINDEX_SQL.format(
        section_where="WHERE item_id = ANY(%s)",
        attachment_where="WHERE item_id = ANY(%s)",
        item_where="WHERE it.id = ANY(%s)",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, ids, ids])


def rebuild(conn) -> None:
    sql = REINDEX_SQL.format(section_where="", attachment_where="", item_where="")
    with conn.cursor() as cursor:
        cursor.execute(sql)


# ---------------------------------------------------------------------------------------
# Queries.


def _lexeme(word: str, prefix: bool) -> str:
    # Words hold word characters only, so quoting cannot be broken out of.
    return f"'{word}'" + (":*" if prefix else "")


def _term_sql(term: Term, expand: bool, loose: bool = False) -> str:
    prefix = term.prefix or (expand and term.compound and not term.negated)
    parts = [_lexeme(w, prefix and i == len(term.words) - 1) for i, w in enumerate(term.words)]
    text = (" & " if loose else " <-> ").join(parts)
    if len(parts) > 1:
        text = f"({text})"
    return f"!{text}" if term.negated else text


def tsquery_text(query: ParsedQuery, *, expand: bool, loose: bool = False) -> str:
    """The ``to_tsquery('danish', …)`` text for a parsed query; ``expand`` adds compounds.
    ``loose``: each phrase as all its words in any order and excluded phrases left out, so
    that every exact match also matches and the GIN index answers without rechecking."""
    alternatives = []
    for alternative in query.alternatives:
        terms = [t for t in alternative if not (loose and t.negated and len(t.words) > 1)]
        alternatives.append("(" + " & ".join(_term_sql(t, expand, loose) for t in terms) + ")")
    return " | ".join(alternatives)


def has_phrase(query: ParsedQuery) -> bool:
    return any(len(t.words) > 1 for alt in query.alternatives for t in alt)


def matching(query: ParsedQuery, *, expand: bool) -> Q:
    return Q(search_vector=tsquery(query, expand=expand))


def tsquery(query: ParsedQuery, *, expand: bool, loose: bool = False) -> SearchQuery:
    text = tsquery_text(query, expand=expand, loose=loose)
    return SearchQuery(text, config="danish", search_type="raw")


# A phrase is checked against each item's positions (the GIN index cannot): the newest-first
# walk for a phrase of common words ("kommune borgere") would test hundreds of thousands of
# items. It examines at most this many of the newest items holding all the phrase's words.
PHRASE_WALK_LIMIT = 2000

# The walk streams: it stops at the LIMIT's hits, and the row numbered PHRASE_WALK_LIMIT (a
# sentinel, returned whether or not it is a hit) tells that the walk reached the bound. The
# phrase test and the rank are computed while the rows are read (inner), so the sort of the
# newest rows carries a flag and a number, not each item's vector (a third of the time).
PHRASE_SQL = """
SELECT {columns}, walk.walk_rank, walk.walk_matched, walk.walked FROM (
    SELECT inner_rows.*,
        row_number() OVER (ORDER BY inner_rows.date DESC, inner_rows.meeting_id DESC,
                                    inner_rows.position ASC) AS walked
    FROM ({inner}) AS inner_rows
) AS walk
WHERE walk.walk_matched OR walk.walked = %s
ORDER BY walk.date DESC, walk.meeting_id DESC, walk.position ASC
LIMIT %s
"""


def candidate_rows(
    queryset: QuerySet, query: ParsedQuery, fields, limit: int, *, ranked: bool, expand: bool
) -> tuple[list[tuple], bool]:
    """Up to ``limit`` matches, newest first, as ``fields`` plus the rank (0 unranked), and
    whether a phrase search stopped at PHRASE_WALK_LIMIT items (older matches not seen).

    One walk of the newest-first index: ts_rank runs only on the rows returned. Many
    matches expected: the newest date slice first (slices.py), the whole archive only when
    the slice holds fewer than ``limit``."""
    if has_phrase(query):
        return _phrase_rows(queryset, query, fields, limit, ranked=ranked, expand=expand)
    wanted = tsquery(query, expand=expand)
    matches = queryset.filter(search_vector=wanted)

    def newest(since) -> QuerySet:
        rows = matches.filter(date__gte=since) if since is not None else matches
        rows = rows.newest_first()
        if ranked:
            rows = rows.annotate(rank=SearchRank(F("search_vector"), wanted))
            return rows.values_list(*fields, "rank")[:limit]
        return rows.values_list(*fields)[:limit]

    def read(statement: QuerySet) -> list[tuple]:
        rows = _plain_rows(statement)
        return rows if ranked else [(*row, 0.0) for row in rows]

    whole = newest(None)
    since = slices.cutoff(whole, limit)
    if since is not None:
        rows = read(newest(since))
        if len(rows) >= limit:  # the newest matches of all (every other match is older)
            return rows, False
    return read(whole), False


def exact_and_compound_rows(
    queryset: QuerySet, query: ParsedQuery, fields, limit: int, *, ranked: bool
) -> list[tuple] | None:
    """Up to ``limit`` matches of the compound-expanded query, newest first, in one statement,
    each as ``fields`` plus its rank and whether it is an exact match too (ranked with the
    exact query then, as candidate_rows would). None for a phrase (its own walk)."""
    if has_phrase(query):
        return None
    exact, wide = tsquery(query, expand=False), tsquery(query, expand=True)
    is_exact = Q(search_vector=exact)
    rank = (
        Case(
            When(is_exact, then=SearchRank(F("search_vector"), exact)),
            default=SearchRank(F("search_vector"), wide),
            output_field=FloatField(),
        )
        if ranked
        else Value(0.0, output_field=FloatField())
    )
    rows = (
        queryset.filter(search_vector=wide)
        .newest_first()
        .annotate(
            candidate_rank=rank,
            exact_match=ExpressionWrapper(is_exact, output_field=BooleanField()),
        )
        .values_list(*fields, "candidate_rank", "exact_match")
    )
    return _plain_rows(rows[:limit])


def ranked_rows(rows: list[tuple], query: ParsedQuery, exact: set[int]) -> list[tuple]:
    """The candidate rows as they are: candidate_rows ranked them with ts_rank already."""
    return rows


def _plain_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list() as the driver returns them: a thousand candidates without
    the ORM's per-value converters (none of these columns needs one on PostgreSQL)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _phrase_rows(queryset, query, fields, limit, *, ranked, expand):
    """The newest PHRASE_WALK_LIMIT items with all the words (the GIN index answers that),
    the phrase tested on those only, in one statement; many such items expected: in the
    newest date slice first (slices.py)."""
    loose = queryset.filter(search_vector=tsquery(query, expand=expand, loose=True))
    since = slices.cutoff(loose.newest_first().values("pk")[:PHRASE_WALK_LIMIT], PHRASE_WALK_LIMIT)
    if since is not None:
        hits, walked_all = _phrase_walk(
            loose.filter(date__gte=since), query, fields, limit, ranked=ranked, expand=expand
        )
        # Exact when the slice held the whole walk (its last row was reached) or more hits
        # than asked for (the newest hits of all are then in the slice).
        if walked_all or len(hits) > limit:
            return hits[:limit], walked_all
    hits, walked_all = _phrase_walk(loose, query, fields, limit, ranked=ranked, expand=expand)
    return hits[:limit], walked_all


def _phrase_walk(loose, query, fields, limit, *, ranked, expand):
    """(the phrase's hits among the newest PHRASE_WALK_LIMIT rows of ``loose``, at most
    ``limit`` + 1; whether the walk reached its PHRASE_WALK_LIMIT-th row)."""
    phrase = tsquery(query, expand=expand)
    is_phrase = Q(search_vector=phrase)
    rank = (
        Case(
            When(is_phrase, then=SearchRank(F("search_vector"), phrase)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        if ranked
        else Value(0.0, output_field=FloatField())
    )
    inner = (
        loose.newest_first()
        .annotate(
            walk_matched=ExpressionWrapper(is_phrase, output_field=BooleanField()), walk_rank=rank
        )
        .values(*fields, "walk_matched", "walk_rank")[:PHRASE_WALK_LIMIT]
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    sql = PHRASE_SQL.format(
        inner=inner_sql,
        columns=", ".join(f"walk.{f}" for f in fields),  # values() names them so
    )
    params = [*inner_params, PHRASE_WALK_LIMIT, limit + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hits = [row[:-2] for row in rows if row[-2]]
    return hits, any(row[-1] == PHRASE_WALK_LIMIT for row in rows)


def exists(queryset: QuerySet, query: ParsedQuery) -> bool:
    return queryset.filter(search_vector=tsquery(query, expand=True)).exists()
