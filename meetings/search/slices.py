"""Date slices (datoudsnit) for the newest-first walks on PostgreSQL.

The candidates of a search are the newest matches (CANDIDATE_LIMIT of them, or the
PHRASE_WALK_LIMIT newest items holding a phrase's words). The GIN index gives every match, and
each one is read from the table to learn its date: a word found in 20,000 of a million items
reads 20,000 rows (88 ms when they are not in PostgreSQL's buffers) to keep the newest 1,001.

When the planner would read every match (a bitmap scan of the GIN index) and expects many,
the walk first reads only the items from a cutoff date on, chosen so that the slice should
hold ``MARGIN`` times the rows wanted (the archive's dates taken as evenly spread). When the
planner walks the date index instead (matches so common that the newest are found soon), a
slice would only push it to the bitmap scan: none is cut.

If the slice gives every row wanted, those are the newest matches of all (each match outside
the slice is older than each inside), so the answer is exactly the unsliced one; else the
caller walks the whole archive as before. A search the user limited
by date is not sliced (the cutoff could miss the user's period).
"""

from __future__ import annotations

import datetime as dt
import json
import time

from django.db import connections
from django.db.models import Max, Min, QuerySet

MARGIN = 2.5  # the slice is cut to hold this many times the rows wanted, by estimate
# An archive of fewer items than this many times the rows wanted is never sliced: it is read
# from memory anyway, and the estimate (one more statement per search) would not pay.
SMALL_ARCHIVE = 50
ARCHIVE_MAX_AGE = 300.0  # seconds a process keeps the archive's size and date span

_archives: dict[str, tuple[float, float, dt.date | None, dt.date | None]] = {}


def cutoff(statement: QuerySet, wanted: int) -> dt.date | None:
    """The date from which the matches of ``statement`` (the newest-first walk of a filtered
    AgendaItem queryset, limited to ``wanted`` rows) should hold ``wanted`` rows, or None when
    a slice would not pay (a small archive, a walk of the date index, few matches expected, a
    slice of half the archive or more, or a date filter already)."""
    if _mentions_date(statement.query.where):
        return None
    size, oldest, newest = archive(statement)
    if size < SMALL_ARCHIVE * wanted or oldest is None or newest is None:
        return None
    expected = bitmap_rows(statement)
    if expected is None:
        return None
    fraction = MARGIN * wanted / expected if expected else 1.0
    if fraction >= 0.5:
        return None
    return newest - dt.timedelta(days=int((newest - oldest).days * fraction))


def bitmap_rows(statement: QuerySet) -> float | None:
    """The rows the planner expects a bitmap scan of ``statement`` to read (EXPLAIN, nothing
    run); None when its plan reads no bitmap (it walks an index)."""
    sql, params = statement.query.sql_with_params()
    with connections[statement.db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str | bytes):
        plan = json.loads(plan)
    nodes = [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        if node.get("Node Type") == "Bitmap Heap Scan":
            return float(node["Plan Rows"])
        nodes.extend(node.get("Plans", ()))
    return None


def archive(queryset: QuerySet) -> tuple[float, dt.date | None, dt.date | None]:
    """The items table's size as the planner knows it (pg_class.reltuples; -1 before the
    first ANALYZE) and the oldest and newest item date, kept by each process for ARCHIVE_MAX_AGE
    seconds: stale figures only make a slice wider or narrower, never its answer wrong."""
    alias = queryset.db
    now = time.monotonic()
    kept = _archives.get(alias)
    if kept is None or now - kept[0] > ARCHIVE_MAX_AGE:
        model = queryset.model
        span = model.objects.using(alias).aggregate(oldest=Min("date"), newest=Max("date"))
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
            )
            size = float(cursor.fetchone()[0])
        kept = _archives[alias] = (now, size, span["oldest"], span["newest"])
    return kept[1], kept[2], kept[3]


def _mentions_date(node) -> bool:
    """Whether a where-tree has a lookup on the date column (fra/til, a date typed in the
    box)."""
    for child in getattr(node, "children", ()):
        if _mentions_date(child):
            return True
    target = getattr(getattr(node, "lhs", None), "target", None)
    return getattr(target, "name", None) == "date"
