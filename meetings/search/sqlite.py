"""SQLite backend: the FTS5 table ``meetings_item_fts(title, decision, body, attachments)``
keyed by item id.

It holds the same text as the PostgreSQL vector (title A, decision B, other sections C,
attachment titles D) as Snowball-stemmed Danish tokens, each stop word replaced by a
placeholder FTS5 does not index (analysis.positioned), so the stored text keeps PostgreSQL's
positions. A parsed query becomes an FTS5 MATCH expression over stems (prefixes and compounds
as ``"stem"*``). The candidates are the newest matches by meeting date, as on PostgreSQL, and
relevance is PostgreSQL's ts_rank computed from their stored text (tsrank.py). Snippets are
built in Python from the original text (highlight.py).

Closed items (Lukket) are indexed by their title only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from . import tsrank
from .analysis import positioned
from .query import ParsedQuery, Term

FTS_TABLE = "meetings_item_fts"


def _stemmed(text: str) -> str:
    return positioned(text or "")


def reindex(ids: Sequence[int], conn=None) -> None:
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
                rows.append((item_id, _stemmed(title), "", "", ""))
                continue
            own = sections.get(item_id, [])
            decision_text = decision or "\n".join(t for k, t in own if k == "decision")
            body = "\n".join(t for k, t in own if k != "decision")
            titles = "\n".join(attachments.get(item_id, []))
            rows.append(
                (
                    item_id,
                    _stemmed(title),
                    _stemmed(decision_text),
                    _stemmed(body),
                    _stemmed(titles),
                )
            )
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, title, decision, body, attachments) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def rebuild(conn) -> None:
    with conn.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute("SELECT id FROM meetings_agendaitem ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    for start in range(0, len(ids), 2000):
        reindex(ids[start : start + 2000], conn)


# ---------------------------------------------------------------------------------------
# Queries.


def _quoted(term: Term, expand: bool) -> str:
    prefix = term.prefix or (expand and term.compound and not term.negated)
    return '"' + " ".join(term.stems) + '"' + ("*" if prefix else "")


def fts5_expression(query: ParsedQuery, *, expand: bool = False) -> str:
    """The FTS5 MATCH expression for a parsed query (stems hold word characters only)."""
    parts = []
    for alternative in query.alternatives:
        positive = " AND ".join(_quoted(t, expand) for t in alternative if not t.negated)
        negative = [_quoted(t, expand) for t in alternative if t.negated]
        expression = f"({positive}) NOT ({' OR '.join(negative)})" if negative else positive
        parts.append(f"({expression})")
    return " OR ".join(parts)


# Up to this many matches, the candidates are read by primary key and sorted (a rare word);
# beyond it, the items are walked newest first through their date index until enough match
# (a common word: the walk stops early). Each way costs about as much at ~5,000 matches in
# a million items.
SPARSE_MATCHES = 5000

CANDIDATES_SQL = """
WITH matched AS MATERIALIZED (
    SELECT count(*) AS n FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH %s LIMIT {over})
)
SELECT * FROM ({sparse})
UNION ALL
SELECT * FROM ({dense} LIMIT (CASE WHEN (SELECT n FROM matched) > {sparse_max} THEN %s ELSE 0 END))
"""
SPARSE_WHERE = (
    f"meetings_agendaitem.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
    f"LIMIT (CASE WHEN (SELECT n FROM matched) <= {SPARSE_MATCHES} THEN {SPARSE_MATCHES} ELSE 0 END))"
)


def candidate_rows(
    queryset: QuerySet, query: ParsedQuery, fields, limit: int, *, ranked: bool, expand: bool
) -> tuple[list[tuple], bool]:
    """Up to ``limit`` matches, newest first, as ``fields`` plus a rank of 0 (``ranked_rows``
    ranks the candidates kept, exact and compound ones in one read).

    One statement: FTS5 counts the matches up to SPARSE_MATCHES + 1, and of two arms only
    one reads rows (the other's LIMIT is 0): few matches are read by primary key and sorted,
    many are found by walking the items newest first. FTS5 finds phrases from its own
    positions, so the walk is never cut short."""
    expression = fts5_expression(query, expand=expand)
    newest = queryset.newest_first()
    sparse = (
        newest.filter(RawSQL(SPARSE_WHERE, (expression,), output_field=BooleanField()))
        .values_list(*fields)[:limit]
        .query.sql_with_params()
    )
    dense = (
        newest.filter(matching(query, expand=expand)).values_list(*fields).query.sql_with_params()
    )
    sql = CANDIDATES_SQL.format(
        fts=FTS_TABLE,
        over=SPARSE_MATCHES + 1,
        sparse_max=SPARSE_MATCHES,
        sparse=sparse[0],
        dense=dense[0],
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *sparse[1], *dense[1], limit])
        rows = cursor.fetchall()
    dates = [i for i, name in enumerate(fields) if name == "date"]
    if dates:
        rows = [_with_dates(row, dates) for row in rows]
    return [(*row, 0.0) for row in rows], False


def _with_dates(row: tuple, indexes: list[int]) -> tuple:
    values = list(row)
    for index in indexes:
        if isinstance(values[index], str):
            values[index] = dt.date.fromisoformat(values[index])
    return tuple(values)


def ranked_rows(rows: list[tuple], query: ParsedQuery, exact: set[int]) -> list[tuple]:
    """The candidate rows (pk first, rank last) with PostgreSQL's ts_rank (tsrank.py),
    computed from their stored positioned text: exact matches for the query as typed, the
    others for the query with compounds."""
    if not rows:
        return rows
    queries = {expand: tsrank.rank_query(query, expand=expand) for expand in (False, query.expands)}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, title, decision, body, attachments FROM {FTS_TABLE} "
            "WHERE rowid IN (SELECT value FROM json_each(%s))",
            [json.dumps([row[0] for row in rows])],
        )
        texts = {row[0]: row[1:] for row in cursor.fetchall()}
    return [
        (*row[:-1], tsrank.rank(queries[row[0] not in exact], texts[row[0]]))
        if row[0] in texts
        else row
        for row in rows
    ]


def matching(query: ParsedQuery, *, expand: bool) -> RawSQL:
    # The unary + keeps SQLite from looking up every match by primary key and sorting them.
    return RawSQL(
        f"+meetings_agendaitem.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
        (fts5_expression(query, expand=expand),),
        output_field=BooleanField(),
    )


def exists(queryset: QuerySet, query: ParsedQuery) -> bool:
    return queryset.filter(matching(query, expand=True)).exists()
