"""Compare the relevance order of the two databases on the same synthetic corpus.

    python bench/ranking.py                  # 30,000 items in a new PostgreSQL database and
                                             # SQLite file, compared, both dropped afterwards
    python bench/ranking.py --items 50000 --keep
    python bench/ranking.py --reuse          # compare what --keep left (no rebuild)

Each database is built in a subprocess of its own (DATABASE_URL set before Django starts):
migrate, then bench/search.py's generate(items, seed), which writes explicit ids, so an item
has the same id in both. For each query (bench/search.py's search cases plus a few two-word
AND queries) the search page (/soeg/, relevance order) is requested through the test Client
and the ids of its 20 hits kept. It prints "shared k of n" per query (n: the smaller hit
count, at most 20), the minimum, the timings and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "referat_ranking_bench"
SQLITE_PATH = Path("/tmp/referat_ranking_bench.sqlite3")

QUERIES = [
    "kommune",
    "borgerne",
    "skolebyggeri",
    "vinterberedskab",
    "skybrudssikring",
    '"digitale møder"',
    "kommune -budgettet",
    "hundeskoven or havnebadet",
    "hundeskoven eller havnebadet",
    "kommune ikke budgettet",
    "skole*",
    "skole",
    "hvad besluttede Byrådet om skolebyggeri",
    "kommune borgere",
    "budgettet skolen",
    "klimatilpasning havnen",
    "lokalplan området",
    "projektet økonomi",
]


# ------------------------------------------------------------------------------------------
# The worker: one database, in its own process.


def worker(action: str, items: int, seed: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from meetings.models import AgendaItem

    if action == "build":
        call_command("migrate", verbosity=0)
        from bench.search import generate

        if AgendaItem.objects.exists():
            sys.exit("the bench database already holds items")
        generate(items, seed)
        return
    setup_test_environment()
    settings.DEBUG = False
    client = Client()
    results = {}
    for query in QUERIES:
        url = "/soeg/?" + urlencode({"q": query})
        client.get(url)  # warm-up
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(url)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert response.status_code == 200, (query, response.status_code)
        found = response.context["results"]
        results[query] = {
            "ids": [hit.item.pk for hit in found.hits],
            "count": found.count,
            "ms": round(wall * 1000, 1),
            "cpu_ms": round(cpu * 1000, 1),
        }
    print("RESULT " + json.dumps({"vendor": connection.vendor, "results": results}))


# ------------------------------------------------------------------------------------------
# The driver.


def run_worker(url: str, action: str, items: int, seed: int) -> dict | None:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_DEBUG="1")
    command = [sys.executable, __file__, "--worker", action, "--items", str(items)]
    command += ["--seed", str(seed)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{action} on {url} failed:\n{done.stdout}\n{done.stderr}")
    print(f"  {action} {url.split('://')[0]}: {time.perf_counter() - started:.0f} s", flush=True)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    return None


def psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def drop() -> None:
    psql(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="compare the databases --keep left")
    parser.add_argument("--keep", action="store_true", help="keep both databases afterwards")
    parser.add_argument("--worker", choices=("build", "query"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.items, args.seed)
        return

    urls = {"postgresql": f"{PG_SERVER}/{PG_NAME}", "sqlite": f"sqlite:///{SQLITE_PATH}"}
    try:
        if not args.reuse:
            drop()
            psql(f"CREATE DATABASE {PG_NAME}")
            print(f"building {args.items:,} items (seed {args.seed}) in both databases")
            for url in urls.values():
                run_worker(url, "build", args.items, args.seed)
        found = {name: run_worker(url, "query", 0, 0)["results"] for name, url in urls.items()}
    finally:
        if not args.keep:
            drop()
    shared_counts, same_order = [], 0
    print(f"{'query':<42} {'shared':>14}  {'hits pg/sqlite':>15}  ms (cpu) pg / sqlite")
    for query in QUERIES:
        pg, lite = found["postgresql"][query], found["sqlite"][query]
        n = min(len(pg["ids"]), len(lite["ids"]))
        shared = len(set(pg["ids"]) & set(lite["ids"]))
        shared_counts.append((shared, n))
        same_order += pg["ids"] == lite["ids"]
        print(
            f"{query:<42} shared {shared:>2} of {n:<2}  {pg['count']:>6} / {lite['count']:<6}  "
            f"{pg['ms']:6.1f} ({pg['cpu_ms']:5.1f}) / {lite['ms']:6.1f} ({lite['cpu_ms']:5.1f})"
        )
    total = sum(s for s, _ in shared_counts)
    print(
        f"total shared {total} of {sum(n for _, n in shared_counts)}; "
        f"minimum {min(s for s, _ in shared_counts)} "
        f"(worst short of n: {max(n - s for s, n in shared_counts)}); "
        f"the same top-20 in the same order: {same_order} of {len(QUERIES)} queries"
    )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
