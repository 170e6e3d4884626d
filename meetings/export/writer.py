"""Write one dated export: per table a JSON Lines and a CSV file, one SQLite database with
every table, and manifest.json (row counts, file sizes, SHA-256, export time, licence).

Rows stream from the database in chunks and go to all three files at once, so memory stays
constant however large the archive. The export is written to a hidden folder and renamed
into place, so the Data page never sees half an export.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from django.utils import timezone

from . import EXPORT_PREFIX, LICENCE, MANIFEST
from .tables import CHUNK, TABLES

SQLITE_NAME = "referat.sqlite3"


def write_export(root: Path, *, now=None) -> Path:
    """Write the archive into ``root/referat-YYYY-MM-DD/`` and return that folder."""
    now = timezone.localtime(now or timezone.now())
    root.mkdir(parents=True, exist_ok=True)
    name = f"{EXPORT_PREFIX}{now:%Y-%m-%d}"
    target = root / name
    work = root / f".{name}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    counts = {}
    database = sqlite3.connect(work / SQLITE_NAME)
    try:
        for table in TABLES:
            counts[table.name] = _write_table(work, database, table)
        database.commit()
    finally:
        database.close()
    files = [
        {"name": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)}
        for path in sorted(work.iterdir())
    ]
    manifest = {
        "name": name,
        "exported_at": now.isoformat(timespec="seconds"),
        "licence": LICENCE,
        "tables": {name: {"rows": n} for name, n in counts.items()},
        "files": files,
    }
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    if target.exists():
        old = root / f".{name}.old"
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(target)
    return target


def _write_table(folder: Path, database: sqlite3.Connection, table) -> int:
    columns = table.column_names
    database.execute(
        f'CREATE TABLE "{table.name}" ('
        + ", ".join(f'"{name}" {kind}' for name, kind in table.columns)
        + ", PRIMARY KEY (id))"
    )
    insert = f'INSERT INTO "{table.name}" VALUES (' + ", ".join("?" for _ in columns) + ")"
    count = 0
    batch: list[tuple] = []
    with (
        open(folder / f"{table.name}.jsonl", "w", encoding="utf-8") as jsonl,
        open(folder / f"{table.name}.csv", "w", encoding="utf-8", newline="") as csv_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(columns)
        for row in table.rows():
            jsonl.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
            jsonl.write("\n")
            writer.writerow("" if value is None else value for value in row)
            batch.append(row)
            count += 1
            if len(batch) >= CHUNK:
                database.executemany(insert, batch)
                batch.clear()
        if batch:
            database.executemany(insert, batch)
    for name in columns:
        if name.endswith("_id"):  # joins and Datasette's facets
            database.execute(f'CREATE INDEX "{table.name}_{name}" ON "{table.name}" ("{name}")')
    return count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def latest_export(root: Path) -> dict | None:
    """The newest export's manifest (with its folder as ``path``), or None."""
    if not root.is_dir():
        return None
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name.startswith(EXPORT_PREFIX)),
        reverse=True,
    )
    for folder in folders:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        manifest["path"] = folder
        return manifest
    return None
