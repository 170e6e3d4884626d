"""PostgreSQL: a newest-first walk that starts in the newest date slice (search/slices.py) gives
exactly what the walk over the whole archive gives: when the slice holds every row wanted,
and when it does not (then the whole archive is walked). Searches limited by date are never
sliced."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from meetings.models import AgendaItem
from meetings.search import parse_query, postgres, results, slices
from tests.pages.conftest import LAYOUTS, SEEDS, import_all

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the slices are PostgreSQL's"),
    pytest.mark.django_db,
]

QUERIES = [
    "møde",
    "kommune",
    "beslutning",
    "godkendt",
    "skole*",
    "budget",
    '"til orientering"',
    '"godkendelse af"',
]


@pytest.fixture
def archive(db):
    """The seeds and the layout corpus, imported: meetings on many dates."""
    import_all(SEEDS + LAYOUTS)


def _candidates(text: str, ranked: bool):
    found, capped, walk_limited = results.candidates(
        AgendaItem.objects.all(), parse_query(text), ranked=ranked
    )
    return [(c.pk, c.exact, round(c.rank, 6)) for c in found], capped, walk_limited


def test_a_slice_gives_what_the_whole_archive_gives(archive, monkeypatch):
    monkeypatch.setattr(results, "CANDIDATE_LIMIT", 3)
    monkeypatch.setattr(postgres, "PHRASE_WALK_LIMIT", 3)
    dates = sorted(AgendaItem.objects.values_list("date", flat=True).distinct(), reverse=True)
    assert len(dates) > 10
    expected = {}
    with monkeypatch.context() as whole:
        whole.setattr(slices, "cutoff", lambda matches, wanted: None)
        for text in QUERIES:
            for ranked in (True, False):
                expected[text, ranked] = _candidates(text, ranked)
    assert sum(capped for _, capped, _ in expected.values()) >= 6  # more matches than 3
    walked = []
    statements = []
    original_rows = postgres._plain_rows

    def counted_rows(queryset):
        statements.append(queryset)
        return original_rows(queryset)

    monkeypatch.setattr(postgres, "_plain_rows", counted_rows)
    original_walk = postgres._phrase_walk

    def counted_walk(loose, *args, **kwargs):
        walked.append(loose)
        return original_walk(loose, *args, **kwargs)

    monkeypatch.setattr(postgres, "_phrase_walk", counted_walk)
    # Cutoffs from "after every item" (the slice is empty: the whole archive is walked) to
    # "before every item" (the slice is the archive), and the dates between.
    cutoffs = [dates[0] + dt.timedelta(days=1), *dates[:8:2], dates[len(dates) // 2], dates[-1]]
    sufficed = 0
    for since in cutoffs:
        monkeypatch.setattr(slices, "cutoff", lambda matches, wanted, since=since: since)
        for (text, ranked), answer in expected.items():
            statements.clear()
            assert _candidates(text, ranked) == answer, (text, ranked, since)
            sufficed += len(statements) == 1  # the slice alone answered
    assert walked  # the phrases took the sliced walk too
    assert sufficed >= 10  # and for many searches the slice held every candidate


def test_a_slice_only_where_the_planner_reads_a_bitmap_of_many_matches(archive, monkeypatch):
    monkeypatch.setattr(slices, "_archives", {})  # another test's archive may be remembered
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_agendaitem")  # the planner's figures, as on a live site
    query = parse_query("beslutning")
    matches = AgendaItem.objects.filter(search_vector=postgres.tsquery(query, expand=False))
    statement = matches.newest_first().values("pk")[:3]
    size, oldest, newest = slices.archive(statement)
    assert size == AgendaItem.objects.count() and oldest < newest
    # What the planner reads: a bitmap of the GIN index (its expected rows), or a walk.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    assert slices.bitmap_rows(statement) > 0
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexscan = on")
    assert slices.bitmap_rows(statement) is None

    assert slices.cutoff(statement, 3) is None  # a small archive: nothing to gain
    monkeypatch.setattr(slices, "SMALL_ARCHIVE", 0)
    monkeypatch.setattr(slices, "bitmap_rows", lambda statement: 100 * slices.MARGIN * 3)
    since = slices.cutoff(statement, 3)  # a hundred times the rows wanted expected
    assert since is not None and oldest <= since <= newest
    # A hundredth of the archive's days back from its newest (the spread the slice assumes).
    assert (newest - since).days == int((newest - oldest).days * 0.01)
    monkeypatch.setattr(slices, "bitmap_rows", lambda statement: 2 * slices.MARGIN * 3)
    assert slices.cutoff(statement, 3) is None  # a slice of half the archive or more
    monkeypatch.setattr(slices, "bitmap_rows", lambda statement: None)
    assert slices.cutoff(statement, 3) is None  # the date index is walked: no slice
    # The user's own dates: never sliced.
    monkeypatch.setattr(slices, "bitmap_rows", lambda statement: 100 * slices.MARGIN * 3)
    dated = matches.filter(date__gte=oldest).newest_first().values("pk")[:3]
    assert slices.cutoff(dated, 3) is None
    assert slices.cutoff(matches.filter(date__in=[newest]).values("pk")[:3], 3) is None
