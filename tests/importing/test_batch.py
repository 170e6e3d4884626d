"""Several documents per transaction (meetings/importing/batch.py, import_minutes
--per-transaction): each document stays atomic, re-imports are unchanged, and a transaction
holds one municipality and upserts its words once."""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from meetings.importing import import_path, write
from meetings.importing.batch import import_batches
from meetings.models import AgendaItem, Meeting, SourceDocument
from meetings.search import vocabulary
from tests.importing.conftest import BALLERUP, SEED_FILES, SEEDS, snapshot_tables


def _import_all(paths, municipality, size):
    return list(
        import_batches(paths, lambda p: import_path(p, municipality=municipality), size=size)
    )


def test_a_document_failing_halfway_rolls_back_alone(kalundborg, monkeypatch):
    """The third document fails after its meetings and items were written: its savepoint
    takes them back; the documents before and after it in the same transaction stay."""
    children = write.Writer._children
    calls = []

    def fail_third(self, steps):
        calls.append(self.doc.original_name)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return children(self, steps)

    monkeypatch.setattr(write.Writer, "_children", fail_third)
    done = _import_all(SEED_FILES, kalundborg, size=50)

    statuses = [result.status for _, result in done]
    assert statuses == ["created", "created", "failed", "created", "created"]
    assert "RuntimeError" in done[2][1].message
    failed = SEED_FILES[2].name
    names = set(SourceDocument.objects.values_list("original_name", flat=True))
    assert names == {path.name for path in SEED_FILES} - {failed}
    # No meeting or item of the failed document is left.
    assert not Meeting.objects.filter(source__original_name=failed).exists()
    alone = list(import_batches([SEED_FILES[2]], lambda p: import_path(p), size=1))
    assert alone[0][1].status == "created"
    assert AgendaItem.objects.count() == 40


def test_batched_import_equals_one_transaction_per_document_and_is_idempotent(kalundborg, tmp_path):
    for path in SEED_FILES:
        shutil.copy(path, tmp_path / path.name)
    out = StringIO()
    call_command("import_minutes", str(tmp_path), "--municipality", "326", stdout=out)
    assert "5 oprettet" in out.getvalue()
    before = snapshot_tables()

    out = StringIO()
    call_command(
        "import_minutes", str(tmp_path), "--per-transaction", "2", stdout=out, stderr=StringIO()
    )
    assert "0 oprettet, 0 opdateret, 5 uændret, 0 fejlede" in out.getvalue()
    assert snapshot_tables() == before


def test_a_transaction_holds_one_municipality_and_upserts_its_words_once(kalundborg, monkeypatch):
    written = []
    add_counts = vocabulary.add_counts

    def spy(counts, conn=None):
        if vocabulary._collecting.counts is None:  # a write, not a batch collecting
            written.append(dict(counts))
        return add_counts(counts, conn)

    monkeypatch.setattr(vocabulary, "add_counts", spy)
    aarhus = [p for p in SEED_FILES if p.name.startswith("aarhus-")]
    assert len(aarhus) == 2
    # Ballerup, then two Aarhus texts: two transactions, one upsert each.
    done = _import_all([SEEDS / BALLERUP, *aarhus], kalundborg, size=50)

    assert [r.status for _, r in done] == ["created"] * 3
    assert {r.meetings[0].body.municipality.name for _, r in done[1:]} == {"Aarhus Kommune"}
    assert len(written) == 2
    ballerup_words, aarhus_words = written
    assert "ballerup" in ballerup_words and "ballerup" not in aarhus_words
    # The two Aarhus documents' counts were added up before the one upsert: their items' words.
    items = AgendaItem.objects.filter(meeting__source__in=[r.source for _, r in done[1:]])
    ids = sorted(items.values_list("pk", flat=True))
    assert aarhus_words == dict(vocabulary._item_words(ids, connection))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_processes_import_a_folder_as_one_process_does(tmp_path):
    """import_minutes --jobs 2: the files in runs of --per-transaction, in two processes
    (each with its own connection, so the rows must be committed to be seen here)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite imports in one process")
    for path in SEED_FILES:
        shutil.copy(path, tmp_path / path.name)
    out = StringIO()
    call_command(
        "import_minutes",
        str(tmp_path),
        "--municipality",
        "326",
        "--jobs",
        "2",
        "--per-transaction",
        "2",
        stdout=out,
        stderr=StringIO(),
    )

    lines = out.getvalue().strip().splitlines()
    assert [line.split()[1].rsplit("/", 1)[-1].rstrip(":") for line in lines[:-1]] == [
        path.name for path in SEED_FILES
    ]
    assert "5 oprettet, 0 opdateret, 0 uændret, 0 fejlede; 7 møder, 40 punkter" in lines[-1]
    assert (Meeting.objects.count(), AgendaItem.objects.count()) == (7, 40)
    before = snapshot_tables()
    out = StringIO()
    call_command(
        "import_minutes",
        str(tmp_path),
        *("--jobs", "2", "--per-transaction", "2"),
        stdout=out,
        stderr=StringIO(),
    )
    assert "0 oprettet, 0 opdateret, 5 uændret, 0 fejlede" in out.getvalue()
    assert snapshot_tables() == before
