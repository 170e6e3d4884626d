"""Several documents per transaction (import_minutes over a folder, bench/parse.py).

A transaction per document costs a commit (a WAL flush) and a vocabulary upsert per
document; a batch shares both. Each document still imports atomically: it runs in its own
savepoint (import_document's atomic block nests), so a document that fails rolls back alone
and the others of the batch stay. Its result says what happened once the batch committed.

Locks stay in the order concurrent imports rely on (no deadlocks): a batch's transaction
holds one municipality's lock (a document of another municipality ends the batch and starts
the next), and the search vocabulary's words are upserted once, at the batch's end, in word
order, with the counts of the documents that were kept.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.db import transaction

from ..search import vocabulary
from .results import ImportFailed, ImportResult

Task = TypeVar("Task")


class OtherMunicipality(Exception):
    """The document belongs to another municipality than the batch's transaction holds."""


class _Batch(threading.local):
    active = False
    municipality_id: int | None = None
    locked = False  # a document kept in this transaction locked the municipality already
    in_savepoint = False  # a document runs in the savepoint _one made for it
    memo: dict | None = None  # remembered(): lookups made once per batch


_batch = _Batch()


def claim(municipality_id: int) -> bool:
    """Called by import_document before it locks the municipality: whether the transaction
    holds the lock already (a document kept in it took it; a lock taken in a savepoint that
    was rolled back is gone). Raises OtherMunicipality when the batch's transaction holds
    another one (nothing is written yet; the document goes into the next batch)."""
    if not _batch.active:
        return False
    if _batch.municipality_id is None:
        _batch.municipality_id = municipality_id
    elif _batch.municipality_id != municipality_id:
        raise OtherMunicipality
    return _batch.locked


def remembered(key, find: Callable[[], object]):
    """``find()``, looked up once per batch for ``key`` (outside a batch: every time). For
    what an import never changes, such as the municipality a name stands for."""
    if not _batch.active or _batch.memo is None:
        return find()
    if key not in _batch.memo:
        _batch.memo[key] = find()
    return _batch.memo[key]


def savepoint_needed() -> bool:
    """Whether import_document needs a savepoint of its own: not when the batch made one for
    the document (one SAVEPOINT and RELEASE per document, not two)."""
    return not _batch.in_savepoint


def import_batches(
    tasks: Iterable[Task], run: Callable[[Task], ImportResult], *, size: int = 50
) -> Iterator[tuple[Task, ImportResult]]:
    """Yield (task, ``run(task)``) for each task, ``size`` documents per transaction, each
    batch's results once it committed. ``run`` imports one document (import_path or
    import_document); an exception other than ImportFailed is a failed result, as the command
    reports it. A batch whose transaction fails as a whole is run again one document per
    transaction."""
    pending = list(tasks)
    while pending:
        done, pending = _run_batch(pending, run, size)
        yield from done


def _run_batch(tasks: list, run, size: int) -> tuple[list, list]:
    """Import up to ``size`` of ``tasks`` in one transaction: (done, the tasks left)."""
    if size <= 1:
        return [(tasks[0], _one(tasks[0], run))], tasks[1:]
    done: list = []
    words: Counter = Counter()
    try:
        with transaction.atomic():
            _batch.active, _batch.municipality_id, _batch.locked = True, None, False
            _batch.memo = {}
            try:
                for task in tasks[:size]:
                    with vocabulary.collected() as counted:
                        try:
                            result = _one(task, run, savepoint=True)
                        except OtherMunicipality:
                            break
                    done.append((task, result))
                    if result.status != "failed" and not result.dry_run:
                        words.update(counted)
                        _batch.locked = True
            finally:
                _batch.active, _batch.municipality_id, _batch.locked = False, None, False
                _batch.memo = None
            vocabulary.add_counts(words)
    except Exception:
        # The transaction itself failed (the connection, the commit): each again, alone.
        redo = [task for task, _ in done] or tasks[:1]
        return [(task, _one(task, run)) for task in redo], tasks[len(redo) :]
    return done, tasks[len(done) :]


def _one(task, run, *, savepoint: bool = False) -> ImportResult:
    try:
        if savepoint:
            with transaction.atomic():
                _batch.in_savepoint = True
                try:
                    return run(task)
                finally:
                    _batch.in_savepoint = False
        return run(task)
    except OtherMunicipality:
        raise
    except ImportFailed as exc:
        return ImportResult.failure(str(exc))
    except Exception as exc:  # one broken file must not stop the others
        return ImportResult.failure(f"Uventet fejl ({type(exc).__name__}): {exc}")
