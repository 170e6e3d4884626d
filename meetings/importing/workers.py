"""import_minutes --jobs N: N worker processes import a folder's files side by side.

The files are dealt out in runs of ``size`` consecutive files (a folder's files, often one
municipality's, stay together); each run is one batch (batch.py: one transaction, a savepoint
per file). Imports into one municipality still wait for each other's lock, so the workers
gain most on folders of several municipalities, and on a busy machine where one process
spends its time waiting for the database. The results come back in the files' order.

PostgreSQL only: SQLite lets one writer in at a time, so there the files are imported in
this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import connection, connections

from .batch import import_batches
from .results import ImportResult


def import_in_workers(
    files: list[Path], run: Callable[[Path], ImportResult], *, jobs: int, size: int
) -> Iterator[tuple[Path, ImportResult]]:
    """Yield (file, result) for each file, ``run(file)`` in ``jobs`` worker processes (in
    this one when ``jobs`` is 1 or the database is not PostgreSQL)."""
    size = max(1, size)
    if jobs <= 1 or connection.vendor != "postgresql" or len(files) <= size:
        yield from import_batches(files, run, size=size)
        return
    runs = [files[start : start + size] for start in range(0, len(files), size)]
    # A forked worker must not share the parent's connection: each opens its own.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(runs)), initializer=_start_worker, initargs=(run,)) as pool:
        for done in pool.imap(_import_run, runs):
            yield from done


_run: Callable[[Path], ImportResult] | None = None


def _start_worker(run: Callable[[Path], ImportResult]) -> None:
    global _run
    _run = run


def _import_run(paths: list[Path]) -> list[tuple[Path, ImportResult]]:
    try:
        return list(import_batches(paths, _run, size=len(paths)))
    finally:
        connections.close_all()
