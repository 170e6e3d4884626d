"""Imports as jobs: ``import_minutes --queue`` with worker processes against a synchronous
``import_minutes`` of the same folder.

    python bench/jobs.py                          # 1,000 generated documents, 2 workers
    python bench/jobs.py --documents 200 --workers 1 --items 8
    PGURL=postgres://postgres@127.0.0.1:5432 python bench/jobs.py

Needs PostgreSQL (the queue lives there). Two throwaway databases are created next to the
server's others (``referat_benchjobs_sync_<pid>`` and ``referat_benchjobs_queue_<pid>``),
migrated, and dropped at the end. The documents (tests/jobs/documents.py: each a new meeting
of a Ballerup body, --items agenda items with case numbers, Sagsfremstilling and Beslutning)
are written to a temporary folder.

1. **Synchronous**: ``manage.py import_minutes FOLDER --municipality 151`` in one process.
2. **Queued**: ``manage.py import_minutes --queue FOLDER --municipality 151`` (one job per file),
   then --workers ``manage.py procrastinate worker`` processes, each started here and
   stopped by its PID once no job is queued or running.

Both run with DJANGO_DEBUG=0 as in production (no query log; a worker keeps its database
connection between jobs). Both wall times include the start of the Django processes. Then the row counts of every
table of the meetings app (except the jobs' own table) are compared between the two
databases: they must be equal. Printed with the CPU count and the 1-minute load average:
on a shared machine wall time is not the importer's alone.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.jobs.documents import write_minutes  # noqa: E402

TABLES_SQL = (
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
    "AND tablename LIKE 'meetings\\_%' AND tablename <> 'meetings_importjob' ORDER BY 1"
)


def manage(url: str, *args: str, **popen) -> subprocess.Popen:
    # As in production: DEBUG off (no query log in memory; connections kept between jobs).
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("DATABASE_REPLICA_URLS", None)
    env["REFERAT_JOBS_IN_PROCESS"] = "0"
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=env,
        start_new_session=True,
        **popen,
    )


def run(url: str, *args: str) -> float:
    started = time.perf_counter()
    process = manage(url, *args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if process.wait() != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return time.perf_counter() - started


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute(TABLES_SQL)]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def pending_jobs(url: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT count(*) FROM meetings_importjob WHERE status IN ('queued', 'running')"
        ).fetchone()[0]


def job_statuses(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return dict(
            conn.execute("SELECT status, count(*) FROM meetings_importjob GROUP BY 1").fetchall()
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--items", type=int, default=8, help="agenda items per document")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    server = os.environ.get("PGURL", "postgres://postgres@127.0.0.1:5432")
    names = {kind: f"referat_benchjobs_{kind}_{os.getpid()}" for kind in ("sync", "queue")}
    urls = {kind: f"{server}/{name}" for kind, name in names.items()}
    admin = psycopg.connect(f"{server}/postgres", autocommit=True)
    workers: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="referat-bench-jobs-") as folder:
        try:
            for name in names.values():
                admin.execute(f'CREATE DATABASE "{name}"')
            for url in urls.values():
                run(url, "migrate", "-v", "0")
            write_minutes(Path(folder), args.documents, items=args.items)
            load_before = os.getloadavg()[0]

            sync = run(urls["sync"], "import_minutes", folder, "--municipality", "151")
            load_sync = os.getloadavg()[0]

            started = time.perf_counter()
            enqueue = run(
                urls["queue"], "import_minutes", "--queue", folder, "--municipality", "151"
            )
            for _ in range(args.workers):
                workers.append(
                    manage(
                        urls["queue"],
                        "procrastinate",
                        "worker",
                        "-q",
                        "imports",
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
            while pending_jobs(urls["queue"]):
                if any(w.poll() is not None for w in workers):
                    raise SystemExit("a worker stopped before the queue was empty")
                time.sleep(0.2)
            queued = time.perf_counter() - started
            load_queue = os.getloadavg()[0]
        finally:
            for worker in workers:
                if worker.poll() is None:
                    os.kill(worker.pid, signal.SIGTERM)
                    worker.wait(timeout=30)
        try:
            sync_counts, queue_counts = counts(urls["sync"]), counts(urls["queue"])
            statuses = job_statuses(urls["queue"])
        finally:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    items = sync_counts.get("meetings_agendaitem", 0)
    print(
        f"{args.documents} generated documents, {items} agenda items; {os.cpu_count()} CPUs; "
        f"1-minute load average {load_before:.2f} before"
    )
    print(
        f"  synchronous import_minutes:          {sync:7.1f} s  "
        f"({args.documents / sync:5.1f} documents/s; load {load_sync:.2f})"
    )
    print(
        f"  import_minutes --queue + {args.workers} worker(s): {queued:7.1f} s  "
        f"({args.documents / queued:5.1f} documents/s; enqueueing took {enqueue:.1f} s; "
        f"load {load_queue:.2f}); jobs: {statuses}"
    )
    same = sync_counts == queue_counts
    print(f"  row counts equal in all {len(sync_counts)} meetings tables: {same}")
    for table, n in sync_counts.items():
        if n or queue_counts.get(table):
            mark = "" if queue_counts.get(table) == n else f"  ≠ {queue_counts.get(table)}"
            print(f"    {table:<40} {n:>8}{mark}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
