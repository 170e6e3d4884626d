"""PostgreSQL backend: a weighted tsvector per agenda item under a GIN index.

``AgendaItem.search_vector`` holds the built-in ``danish`` configuration's lexemes (title A,
decision B, other sections C, attachment titles D). A parsed query becomes a ``to_tsquery``
text of the words as typed, so PostgreSQL stems them exactly as it stemmed the text; prefixes
and compounds use ``:*``. Ranking uses ``ts_rank``, snippets ``ts_headline``.

Closed items (Lukket) are indexed by their title only.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from .highlight import HIGHLIGHT_START, HIGHLIGHT_STOP, TRANSLATE
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


def _term_sql(term: Term, expand: bool) -> str:
    prefix = term.prefix or (expand and term.compound and not term.negated)
    parts = [_lexeme(w, prefix and i == len(term.words) - 1) for i, w in enumerate(term.words)]
    text = " <-> ".join(parts)
    if len(parts) > 1:
        text = f"({text})"
    return f"!{text}" if term.negated else text


def tsquery_text(query: ParsedQuery, *, expand: bool) -> str:
    """The ``to_tsquery('danish', …)`` text for a parsed query; ``expand`` adds compounds."""
    return " | ".join(
        "(" + " & ".join(_term_sql(t, expand) for t in alternative) + ")"
        for alternative in query.alternatives
    )


def matching(query: ParsedQuery, *, expand: bool) -> Q:
    return Q(search_vector=tsquery(query, expand=expand))


def tsquery(query: ParsedQuery, *, expand: bool) -> SearchQuery:
    return SearchQuery(tsquery_text(query, expand=expand), config="danish", search_type="raw")


def candidate_rows(
    queryset: QuerySet, query: ParsedQuery, fields, limit: int, *, ranked: bool, expand: bool
) -> list[tuple]:
    """Up to ``limit`` matches, newest first, as ``fields`` plus the rank (0 unranked)."""
    wanted = tsquery(query, expand=expand)
    newest = queryset.filter(search_vector=wanted).newest_first()
    if not ranked:
        return [(*row, 0.0) for row in newest.values_list(*fields)[:limit]]
    # Rank only the bounded candidate set: the LIMITed subquery is walked newest first,
    # and ts_rank runs on at most ``limit`` rows.
    return list(
        queryset.model.objects.filter(pk__in=newest.values("pk")[:limit])
        .annotate(rank=SearchRank(F("search_vector"), wanted))
        .order_by()
        .values_list(*fields, "rank")
    )


def exists(queryset: QuerySet, query: ParsedQuery) -> bool:
    return queryset.filter(search_vector=tsquery(query, expand=True)).exists()


# ---------------------------------------------------------------------------------------
# Snippets and highlighted titles.

TITLE_HEADLINE = (
    "ts_headline('danish', translate(meetings_agendaitem.title, %s, %s), "
    "to_tsquery('danish', %s), %s)"
)
SNIPPET_HEADLINE = """
CASE WHEN meetings_agendaitem.closed THEN '' ELSE ts_headline('danish', translate(concat_ws(
    E'\\n',
    coalesce(nullif(meetings_agendaitem.decision, ''), (
        SELECT string_agg(s.text, E'\\n' ORDER BY s.position) FROM meetings_section s
        WHERE s.item_id = meetings_agendaitem.id AND s.kind = 'decision')),
    (SELECT string_agg(s.text, E'\\n' ORDER BY s.position) FROM meetings_section s
        WHERE s.item_id = meetings_agendaitem.id AND s.kind NOT IN ('decision', 'attachments'))
), %s, %s), to_tsquery('danish', %s), %s) END
"""
TITLE_OPTIONS = f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, HighlightAll=true"
SNIPPET_OPTIONS = (
    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, MaxWords=32, MinWords=12, "
    'ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'
)


def with_headlines(items: QuerySet, query: ParsedQuery) -> QuerySet:
    """Annotate ``title_headline`` and ``snippet_headline`` (empty for closed items)."""
    text = tsquery_text(query, expand=True)
    return items.annotate(
        title_headline=RawSQL(TITLE_HEADLINE, (*TRANSLATE, text, TITLE_OPTIONS)),
        snippet_headline=RawSQL(SNIPPET_HEADLINE, (*TRANSLATE, text, SNIPPET_OPTIONS)),
    )
