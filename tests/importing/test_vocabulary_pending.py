"""The search vocabulary on PostgreSQL: an import appends its word counts to the pending table
and a fold, every FOLD_ROWS rows, moves them into meetings_search_word; readers add both.
Whatever the folds, the counts are those of the items (vocabulary._item_words)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from meetings.importing import import_path
from meetings.models import AgendaItem
from meetings.search import vocabulary
from tests.importing.conftest import SEED_FILES

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the pending counts are PostgreSQL's"
)


def _table(name: str) -> Counter:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, frequency FROM {name}")
        counts: Counter = Counter()
        for word, frequency in cursor.fetchall():
            counts[word] += frequency
        return counts


def _items_words() -> Counter:
    ids = sorted(AgendaItem.objects.values_list("pk", flat=True))
    return vocabulary._item_words(ids, connection)


def test_imports_append_counts_that_readers_and_a_fold_add_up(kalundborg, monkeypatch):
    monkeypatch.setattr(vocabulary, "FOLD_ROWS", 10**9)  # no fold during the imports
    for path in SEED_FILES:
        assert import_path(path, municipality=kalundborg).status == "created"

    pending, folded = _table(vocabulary.PENDING), _table(vocabulary.TABLE)
    assert not folded and pending == _items_words()
    # Readers see the pending counts: a word is known, a misspelling finds it.
    assert vocabulary.known("ballerup")
    assert "ballerup" in vocabulary.nearest("balerup")

    vocabulary.fold()
    assert not _table(vocabulary.PENDING)
    assert _table(vocabulary.TABLE) == _items_words()
    assert vocabulary.known("ballerup") and "ballerup" in vocabulary.nearest("balerup")


def test_a_fold_is_due_every_fold_rows_rows(kalundborg, monkeypatch):
    monkeypatch.setattr(vocabulary, "FOLD_ROWS", 150)
    folds = []
    fold = vocabulary.fold
    monkeypatch.setattr(vocabulary, "fold", lambda conn=None: (folds.append(1), fold(conn)))
    for path in SEED_FILES:
        import_path(path, municipality=kalundborg)

    appended = sum(_items_words().values())  # one pending row per word and document at most
    assert folds and len(folds) <= appended // 150 + 1
    # Folded or pending, every count is there once.
    assert _table(vocabulary.TABLE) + _table(vocabulary.PENDING) == _items_words()
    assert _table(vocabulary.TABLE)
