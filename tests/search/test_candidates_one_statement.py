"""PostgreSQL: a filtered search reads its exact and compound matches in one statement
(postgres.exact_and_compound_rows); the candidates, their ranks and which are exact must be
what the two statements give (exact first, then compounds), below and above the cap."""

from __future__ import annotations

import pytest
from django.db import connection

from meetings.models import AgendaItem
from meetings.search import parse_query, postgres, results

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's"
    ),
    pytest.mark.django_db,
]

FILTERED = [
    ("valg", {"municipality__code": 751}),  # "valglister": a compound only
    ("digital", {"municipality__code": 751}),  # "digitale" exact, "digitalisering" compound
    ("digital", {"closed": False}),
    ("møde -venstre", {"municipality__code": 751}),
    ("digital eller valg", {"date__year__gte": 2020}),
]


def _both_ways(monkeypatch, text, filters, ranked):
    queryset = AgendaItem.objects.filter(**filters)
    query = parse_query(text)
    one = results.candidates(queryset, query, ranked=ranked)
    with monkeypatch.context() as patched:
        patched.delattr(postgres, "exact_and_compound_rows")
        two = results.candidates(queryset, query, ranked=ranked)
    return one, two


@pytest.mark.parametrize(("text", "filters"), FILTERED)
@pytest.mark.parametrize("ranked", [True, False])
def test_one_statement_gives_what_two_give(corpus, monkeypatch, text, filters, ranked):
    (one, one_capped, _), (two, two_capped, _) = _both_ways(monkeypatch, text, filters, ranked)
    assert one, text  # the plan finds something for each query
    assert [(c.pk, c.exact) for c in one] == [(c.pk, c.exact) for c in two]
    assert [c.rank for c in one] == pytest.approx([c.rank for c in two])
    assert one_capped == two_capped


def test_above_the_cap_the_exact_matches_come_first(corpus, monkeypatch):
    """More compound matches than the cap: the exact matches are read on their own."""
    monkeypatch.setattr(results, "CANDIDATE_LIMIT", 2)
    (one, one_capped, _), (two, two_capped, _) = _both_ways(
        monkeypatch, "digital", {"municipality__code__in": [751, 151]}, True
    )
    assert one_capped and two_capped
    assert [(c.pk, c.exact) for c in one] == [(c.pk, c.exact) for c in two]
    assert all(c.exact for c in one)


def test_above_the_cap_newest_matches_all_exact_need_no_second_statement(corpus, monkeypatch):
    """More compound matches than the cap, but every one of the newest is exact: those are
    the newest exact matches, so the one statement is the whole answer, as two would give."""
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(results, "CANDIDATE_LIMIT", 2)
    one_statement = 0
    for text in ("møde", "digital", "budget", "skole", "kommune", "beslutning"):
        queryset = AgendaItem.objects.filter(closed=False)
        query = parse_query(text)
        if not query.expands:
            continue
        with CaptureQueriesContext(connection) as queries:
            one, one_capped, _ = results.candidates(queryset, query, ranked=True)
        with monkeypatch.context() as patched:
            patched.delattr(postgres, "exact_and_compound_rows")
            two, two_capped, _ = results.candidates(queryset, query, ranked=True)
        assert [(c.pk, c.exact) for c in one] == [(c.pk, c.exact) for c in two], text
        assert [c.rank for c in one] == pytest.approx([c.rank for c in two])
        assert one_capped == two_capped
        if one_capped and len(queries) == 1:
            one_statement += 1
            assert all(c.exact for c in one)
    assert one_statement  # the corpus holds such a search, so the shortcut was taken
