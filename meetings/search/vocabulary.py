"""The index vocabulary (ordforråd): every public word form with the number of items it
occurs in, for "Mente du …?" suggestions when a search finds nothing.

The raw table ``meetings_search_word(word, frequency, initial, length)`` (migration
0007_search_vocabulary) is filled from the same text the search index holds: an open item's
title, decision, sections and attachment titles; a closed item's (Lukket) title only.
Frequencies only grow; a suggestion is offered only when the search index finds it, so a
word that has left the index (an item deleted or closed) is never suggested.

On PostgreSQL an import appends its counts to ``meetings_search_word_pending`` (migration
0014) instead of updating the words' rows: an UPDATE leaves a dead row version behind, and
with one per word and document every upsert walked past thousands of them until a vacuum.
Every FOLD_ROWS appended rows, the import that crosses the mark folds the pending counts
into the table in one sorted upsert (``fold``). Readers add both tables' counts.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection

from .analysis import STOP_WORDS, words

TABLE = "meetings_search_word"
PENDING = "meetings_search_word_pending"
PENDING_ROWS = "meetings_search_word_pending_rows"  # a sequence: the rows appended so far
FOLD_ROWS = 10_000  # pending rows (a few dozen documents' words) folded at a time
FOLD_LOCK = 0x5EA2C4  # pg_try_advisory_xact_lock key: one fold at a time
MIN_LENGTH, MAX_LENGTH = 3, 40
CANDIDATES = 3000  # vocabulary rows compared per misspelled word


_present: dict[str, set[str]] = {}


def table_exists(conn=None, table: str = TABLE) -> bool:
    """True once a migration has made the table (the vocabulary's tables found are
    remembered per database, all in one look)."""
    conn = conn or connection
    key = f"{conn.alias}:{conn.settings_dict['NAME']}"
    found = _present.setdefault(key, set())
    if table not in found:
        found.update({TABLE, PENDING} & set(conn.introspection.table_names()))
    return table in found


def _pending(conn=None) -> bool:
    """Whether counts are appended to the pending table (PostgreSQL, once it exists)."""
    conn = conn or connection
    return conn.vendor == "postgresql" and table_exists(conn, PENDING)


def _item_words(ids: Sequence[int], conn) -> Counter:
    """How many of these items each public word form occurs in."""
    marks = ",".join(["%s"] * len(ids))
    texts: dict[int, list[str]] = {}
    closed: set[int] = set()
    with conn.cursor() as cursor:
        cursor.execute(
            f"SELECT id, title, closed, decision FROM meetings_agendaitem WHERE id IN ({marks})",
            ids,
        )
        for item_id, title, is_closed, decision in cursor.fetchall():
            texts[item_id] = [title] if is_closed else [title, decision or ""]
            if is_closed:
                closed.add(item_id)
        cursor.execute(
            f"SELECT item_id, text FROM meetings_section WHERE item_id IN ({marks})", ids
        )
        for item_id, text in cursor.fetchall():
            if item_id not in closed and item_id in texts:
                texts[item_id].append(text)
        cursor.execute(
            f"SELECT item_id, title FROM meetings_attachment WHERE item_id IN ({marks})", ids
        )
        for item_id, title in cursor.fetchall():
            if item_id not in closed and item_id in texts:
                texts[item_id].append(title)
    return count_words(texts.values())


def item_texts(title: str, closed: bool, decision: str, sections, attachments) -> list[str]:
    """The texts of an item the vocabulary reads: a closed item's title only, else its title,
    decision, sections' text (sections as [heading, kind, text]) and attachment titles."""
    if closed:
        return [title]
    return [title, decision or "", *(text for _, _, text in sections), *attachments]


def count_words(items: Iterable[list[str]]) -> Counter:
    """How many of these items (each given by its texts) each public word form occurs in."""
    counts: Counter = Counter()
    for parts in items:
        found = set(words("\n".join(parts)))  # each form once per item, tested once
        found -= STOP_WORDS
        counts.update([w for w in found if MIN_LENGTH <= len(w) <= MAX_LENGTH and w.isalpha()])
    return counts


def add_items(ids: Sequence[int], conn=None, counted: Counter | None = None) -> None:
    """Add the words of these items (called with every reindex), and ``counted`` (word
    counts of other items, see count_words) in the same upsert."""
    conn = conn or connection
    if not (ids or counted) or not table_exists(conn):
        return
    counts: Counter = Counter(counted or {})
    for start in range(0, len(ids), 2000):
        counts.update(_item_words(ids[start : start + 2000], conn))
    add_counts(counts, conn)


# PostgreSQL: all rows in one statement (the arrays unnested in the order given), instead of
# one INSERT per word: a document adds a few hundred words.
_UPSERT_ARRAYS = (
    f"INSERT INTO {TABLE} (word, frequency, initial, length) "
    "SELECT r.word, r.frequency, r.initial, r.length FROM unnest("
    "%s::varchar[], %s::integer[], %s::varchar[], %s::smallint[]) "
    "WITH ORDINALITY AS r(word, frequency, initial, length, n) ORDER BY r.n "
    f"ON CONFLICT (word) DO UPDATE SET frequency = {TABLE}.frequency + excluded.frequency"
)
# The pending counts appended (words and counts each as one space-separated text: words are
# letters only, and one text parameter costs the driver far less than a list's elements),
# numbered by a sequence that counts every row appended: the first and last numbers taken.
_APPEND = (
    f"WITH added AS (INSERT INTO {PENDING} (word, frequency) "
    "SELECT * FROM unnest(string_to_array(%s, ' '), string_to_array(%s, ' ')::integer[]) "
    f"RETURNING 1) SELECT min(n), max(n) FROM (SELECT nextval('{PENDING_ROWS}') AS n "
    "FROM added) AS numbered"
)
# The pending counts moved into the table: deleted and summed per word, upserted in word
# order (the order every writer of the table keeps).
_FOLD = (
    f"WITH gone AS (DELETE FROM {PENDING} RETURNING word, frequency) "
    f"INSERT INTO {TABLE} (word, frequency, initial, length) "
    "SELECT word, sum(frequency), left(word, 1), length(word) FROM gone "
    "GROUP BY word ORDER BY word "
    f"ON CONFLICT (word) DO UPDATE SET frequency = {TABLE}.frequency + excluded.frequency"
)
_UPSERT_ROW = (
    f"INSERT INTO {TABLE} (word, frequency, initial, length) VALUES (%s, %s, %s, %s) "
    f"ON CONFLICT (word) DO UPDATE SET frequency = {TABLE}.frequency + excluded.frequency"
)


class _Collecting(threading.local):
    counts: Counter | None = None


_collecting = _Collecting()


@contextmanager
def collected() -> Iterator[Counter]:
    """Within this block add_counts adds to the Counter it yields instead of writing: a batch
    of imports in one transaction upserts its words once, at its end (see
    meetings/importing/batch.py), so a transaction locks its words in one order."""
    outer = _collecting.counts
    _collecting.counts = Counter()
    try:
        yield _collecting.counts
    finally:
        _collecting.counts = outer


def add_counts(counts: Counter, conn=None) -> None:
    """Add ``counts`` (word form → number of items it occurs in) to the vocabulary."""
    conn = conn or connection
    if _collecting.counts is not None:
        _collecting.counts.update(counts)
        return
    if not counts or not table_exists(conn):
        return
    if _pending(conn):
        rows = sorted(counts.items())
        with conn.cursor() as cursor:
            words_, counts_ = " ".join(w for w, _ in rows), " ".join(str(n) for _, n in rows)
            cursor.execute(_APPEND, [words_, counts_])
            first, last = cursor.fetchone()
        if last // FOLD_ROWS > (first - 1) // FOLD_ROWS:  # a multiple of FOLD_ROWS taken
            fold(conn)
        return
    _upsert(counts, conn)


def fold(conn=None) -> None:
    """Move the pending counts into the table (one at a time: a fold running in another
    transaction leaves them to the next)."""
    conn = conn or connection
    if not _pending(conn):
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FOLD_LOCK])
        if cursor.fetchone()[0]:
            cursor.execute(_FOLD)


def _upsert(counts: Counter, conn) -> None:
    """Add ``counts`` to the table's rows."""
    # In one order (by word): concurrent imports into different municipalities upsert shared
    # words, and rows locked in different orders would deadlock.
    rows = [(w, n, w[0], len(w)) for w, n in sorted(counts.items())]
    with conn.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            if conn.vendor == "postgresql":
                cursor.execute(
                    _UPSERT_ARRAYS, [list(column) for column in zip(*chunk, strict=True)]
                )
            else:
                cursor.executemany(_UPSERT_ROW, chunk)


def rebuild(conn=None) -> None:
    conn = conn or connection
    if not table_exists(conn):
        return
    with conn.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")
        if table_exists(conn, PENDING):
            cursor.execute(f"DELETE FROM {PENDING}")
        cursor.execute("SELECT id FROM meetings_agendaitem ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    counts: Counter = Counter()
    for start in range(0, len(ids), 2000):
        counts.update(_item_words(ids[start : start + 2000], conn))
    if counts:
        _upsert(counts, conn)


def distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count once), cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def nearest(word: str, how_many: int = 3) -> list[str]:
    """The vocabulary words nearest to a (misspelled) word, most frequent first among equals:
    same first letter, at most one edit for short words and two for longer ones."""
    word = word.lower()
    if not word.isalpha() or len(word) < MIN_LENGTH or not table_exists():
        return []
    allowed = 1 if len(word) <= 5 else 2
    lengths = [len(word) - allowed, len(word) + allowed]
    sql = (
        f"SELECT word, frequency FROM {TABLE} WHERE initial = %s AND length BETWEEN %s AND %s "
        "AND word <> %s ORDER BY frequency DESC LIMIT %s"
    )
    params = [word[0], *lengths, word, CANDIDATES]
    if table_exists(connection, PENDING):
        sql = (
            "SELECT word, sum(frequency) AS frequency FROM ("
            f"SELECT word, frequency FROM {TABLE} WHERE initial = %s "
            "AND length BETWEEN %s AND %s AND word <> %s UNION ALL "
            f"SELECT word, frequency FROM {PENDING} WHERE substr(word, 1, 1) = %s "
            "AND length(word) BETWEEN %s AND %s AND word <> %s"
            ") AS w GROUP BY word ORDER BY 2 DESC, 1 LIMIT %s"
        )
        params = [word[0], *lengths, word, word[0], *lengths, word, CANDIDATES]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    scored = []
    for candidate, frequency in rows:
        d = distance(word, candidate, allowed)
        if d <= allowed:
            scored.append((d, -frequency, candidate))
    return [candidate for _, _, candidate in sorted(scored)[:how_many]]


def known(word: str) -> bool:
    if not table_exists():
        return False
    sql, params = f"SELECT 1 FROM {TABLE} WHERE word = %s", [word.lower()]
    if table_exists(connection, PENDING):
        sql += f" UNION ALL SELECT 1 FROM {PENDING} WHERE word = %s"
        params.append(word.lower())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None
