"""Parsing throughput on the seeds and the layout corpus; import throughput on the seeds.

    python bench/parse.py                       # parse 50 MB; import 200 variants of each seed
    python bench/parse.py --target-mb 5 --variants 50
    python bench/parse.py --skip-import --repeat 3   # parsing only, best of three runs
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_bench python bench/parse.py
    … python bench/parse.py --skip-parse --per-transaction 50   # as import_minutes on a folder

1. **Parsing** (no database): the seeds (fixtures/minutes/) and the layout corpus
   (fixtures/layouts/) parsed round after round until at least --target-mb MB of text went
   through parse(); MB per CPU second and per wall second and items/s on one core, for each
   corpus and for all texts, with the load average (bench/parse_speed.py's
   parse_benchmark()); --repeat N runs it N times and prints the best run again.
2. **Import** into the database DATABASE_URL selects, through meetings.importing exactly as
   the import command uses it (history rows, search index; one transaction per document, or
   with --per-transaction N as import_minutes does: N documents per transaction, each in its
   own savepoint, meetings/importing/batch.py),
   with DEBUG off as in production (DEBUG keeps every query and its parameters in memory).
   The rows go into a *throwaway database*: Django's test-database machinery creates
   ``test_<name>`` next to the configured one (PostgreSQL) or a temporary SQLite file,
   migrates it, and drops it at the end, so the configured database is never written to.
   Two shapes: *seed documents*, each seed as --variants synthetic variants (every meeting
   moved on by k × 366 days, so each is a new meeting of the same body; the text gets a
   variant line, so each is a new source document), 8 items per document on average; and
   *bundles*, --variants documents that each hold all seven seed meetings (40 items), in
   Aarhus, under bodies named "… (bundt)".
   Parsing happens before the clock starts; ANALYZE runs between the measurements (the
   statistics autovacuum keeps on a live database). Reported for each shape: fresh imports
   (all rows created), re-imports of the same texts (unchanged: nothing written), newer
   versions where one item's decision changed (updated: one item), and newer versions where
   every item's decision changed (updated: every item). Each line gives items/s,
   documents/s, wall time, the CPU time of this process and (PostgreSQL on this machine) of
   the database backend, the SQL statements per document (BEGIN and COMMIT not counted) and
   the 1-minute load average when the measurement ended: wall time on a busy machine is not
   the importer's alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

# As in production: DEBUG on would log every query (and its parameters) in memory.
settings.DEBUG = False

from meetings.parsing import decode_bytes, parse  # noqa: E402
from meetings.parsing.records import ParsedDocument  # noqa: E402

SEED_DIR = REPO_ROOT / "fixtures" / "minutes"


# ---------------------------------------------------------------------------------------
# Parsing


def parse_rates(target_mb: float, repeat: int = 1) -> dict:
    """The parse rates of the seeds, the layout corpus and both (bench/parse_speed.py),
    printed per run; the best run is returned."""
    from bench.parse_speed import run

    return run(target_mb, repeat)


# ---------------------------------------------------------------------------------------
# Import


@dataclasses.dataclass
class Variant:
    name: str
    text: str
    parsed: ParsedDocument


def _moved(meetings, k: int, body_suffix: str = "") -> tuple:
    """The meetings moved k × 366 days on (so no two variants share a body, date and time:
    the seeds' meetings of one body lie fewer than 366 days apart), bodies kept."""
    return tuple(
        dataclasses.replace(
            m, date=m.date + dt.timedelta(days=366 * k), body=f"{m.body}{body_suffix}"
        )
        for m in meetings
    )


def variants(count: int) -> list[Variant]:
    """``count`` variants of every seed: each a new meeting and a new source document."""
    out = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        text = decode_bytes(path.read_bytes())
        parsed = parse(text)
        for k in range(1, count + 1):
            out.append(
                Variant(
                    name=f"bench-{k}-{path.name}",
                    text=f"{text}\nBenchmarkvariant {k}\n",
                    parsed=dataclasses.replace(parsed, meetings=_moved(parsed.meetings, k)),
                )
            )
    return out


def bundles(count: int) -> list[Variant]:
    """``count`` documents that each hold all seven seed meetings (40 items), as a bundle
    of several meetings does (the Aarhus seed holds three), placed in one municipality."""
    texts = [decode_bytes(p.read_bytes()) for p in sorted(SEED_DIR.glob("*.txt"))]
    meetings = tuple(m for text in texts for m in parse(text).meetings)
    joined = "\n".join(texts)
    return [
        Variant(
            name=f"bench-bundle-{k}.txt",
            text=f"{joined}\nBenchmarkbundt {k}\n",
            parsed=ParsedDocument(
                municipality="Aarhus Kommune", meetings=_moved(meetings, k, " (bundt)")
            ),
        )
        for k in range(1, count + 1)
    ]


def edited(variant: Variant, every_item: bool = True) -> Variant:
    """A newer version: every item's decision changed, or only the first item's."""

    def revised(item, index: int):
        if index and not every_item:
            return item
        return dataclasses.replace(item, decision=f"{item.decision or ''} (revideret)")

    meetings, index = [], 0
    for meeting in variant.parsed.meetings:
        items = []
        for item in meeting.items:
            items.append(revised(item, index))
            index += 1
        meetings.append(dataclasses.replace(meeting, items=tuple(items)))
    return Variant(
        name=variant.name,
        text=variant.text + ("revideret\n" if every_item else "rettet\n"),
        parsed=dataclasses.replace(variant.parsed, meetings=tuple(meetings)),
    )


def _server_cpu_reader():
    """A function giving the CPU seconds used so far by this connection's PostgreSQL backend,
    when the server runs on this machine (read from /proc); None otherwise."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    if not stat.exists():
        return None

    def read() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    return read


def timed_imports(
    batch: list[Variant], fallback, server_cpu=None, per_transaction: int = 1, jobs: int = 1
) -> tuple[dict, dict]:
    """Import each variant (``per_transaction`` per transaction, in ``jobs`` processes); wall
    and CPU seconds, the SQL statements sent, and the statuses. With worker processes the
    statements and the database's CPU time are not counted (other connections), and the CPU
    time here includes the workers'."""
    from meetings.importing import import_document
    from meetings.importing.batch import import_batches
    from meetings.importing.workers import import_in_workers

    statuses: dict[str, int] = {}
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    if jobs > 1:
        server_cpu = None
    server_start = server_cpu() if server_cpu else 0.0
    children_start = sum(os.times()[2:4])
    cpu_start, start = time.process_time(), time.perf_counter()

    def run(variant: Variant):
        return import_document(
            variant.parsed, text=variant.text, original_name=variant.name, municipality=fallback
        )

    with connection.execute_wrapper(count):
        if jobs > 1:
            done = import_in_workers(batch, run, jobs=jobs, size=per_transaction)
            results = (r for _, r in done)
        elif per_transaction > 1:
            results = (r for _, r in import_batches(batch, run, size=per_transaction))
        else:
            results = (run(variant) for variant in batch)
        for result in results:
            statuses[result.status] = statuses.get(result.status, 0) + 1
    times = {
        "wall": time.perf_counter() - start,
        "client_cpu": time.process_time() - cpu_start + sum(os.times()[2:4]) - children_start,
        "server_cpu": server_cpu() - server_start if server_cpu else None,
        "statements": statements if jobs <= 1 else None,
        "load": os.getloadavg()[0],
    }
    return times, statuses


MEASUREMENTS = (
    # label, how the batch is made from the variants, the status every import must report
    ("fresh", lambda batch: batch, "created"),
    ("unchanged", lambda batch: batch, "unchanged"),
    ("updated: one item", lambda batch: [edited(v, every_item=False) for v in batch], "updated"),
    ("updated: every item", lambda batch: [edited(v) for v in batch], "updated"),
)


def import_rates(batch: list[Variant], per_transaction: int = 1, jobs: int = 1) -> dict:
    """Fresh import, unchanged re-import and newer versions of ``batch``, timed."""
    from meetings.models import Municipality

    items = sum(len(m.items) for v in batch for m in v.parsed.meetings)
    fallback = Municipality.objects.get(code=326)  # for the seed that names no municipality
    server_cpu = _server_cpu_reader()
    report = {"documents": len(batch), "items": items, "rates": {}}
    for label, make, status in MEASUREMENTS:
        documents = make(batch)
        times, statuses = timed_imports(documents, fallback, server_cpu, per_transaction, jobs)
        assert statuses == {status: len(batch)}, (label, statuses)
        report["rates"][label] = times
        analyze()
    return report


def analyze() -> None:
    """Refresh the planner's statistics, as autovacuum does on a live PostgreSQL database
    (the throwaway database would otherwise have none: the lookups by item or meeting id
    would be planned as scans of whole tables)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def throwaway_database():
    """Create and migrate a scratch database beside the configured one; return a teardown."""
    if connection.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="referat-bench-")
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"{folder}/bench.sqlite3"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)

    def teardown() -> None:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)

    return teardown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target-mb", type=float, default=50, help="MB of text to parse")
    parser.add_argument(
        "--variants", type=int, default=200, help="variants of each seed (at most 7000)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="parse runs (the best is printed again last)"
    )
    parser.add_argument(
        "--per-transaction",
        type=int,
        default=1,
        metavar="N",
        help="documents per transaction (import_minutes imports 50)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes, as import_minutes --jobs (PostgreSQL)",
    )
    parser.add_argument("--skip-parse", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args()

    if not args.skip_parse:
        parse_rates(args.target_mb, args.repeat)
    if not args.skip_import:
        database = f"{connection.vendor} ({settings.DATABASES['default']['NAME']})"
        load_before = os.getloadavg()[0]
        teardown = throwaway_database()
        how = (args.per_transaction, args.jobs)
        try:
            shapes = [
                ("seed documents", import_rates(variants(args.variants), *how)),
                ("bundles", import_rates(bundles(args.variants), *how)),
            ]
        finally:
            teardown()
        each = (
            f"{args.per_transaction} documents per transaction"
            if args.per_transaction > 1
            else "one transaction per document"
        )
        if args.jobs > 1:
            each += f", {args.jobs} worker processes"
        print(f"import into a throwaway copy of {database}, {each}:")
        print(
            f"  {os.cpu_count()} CPUs; 1-minute load average {load_before:.2f} before the "
            "import, and as given after each line"
        )
        for shape, report in shapes:
            documents = report["documents"]
            print(
                f"  {shape}: {documents} documents, {report['items']} items "
                f"({report['items'] / documents:.0f} per document)"
            )
            for label, times in report["rates"].items():
                print("    " + _rate_line(label, times, documents, report["items"]))


def _rate_line(label: str, times: dict, documents: int, items: int) -> str:
    wall = times["wall"]
    cpu = f"CPU {times['client_cpu']:.2f} s here"
    if times["server_cpu"] is not None:
        cpu += f" + {times['server_cpu']:.2f} s PostgreSQL"
    return (
        f"{label:<20} {items / wall:>6.0f} items/s {documents / wall:>6.1f} documents/s "
        f"{wall / documents * 1000:>5.1f} ms/document  ({wall:.2f} s wall; {cpu}; "
        f"{_per_document(times['statements'], documents)} statements/document; "
        f"load {times['load']:.2f})"
    )


def _per_document(count: int | None, documents: int) -> str:
    return "n/a" if count is None else f"{count / documents:.1f}"


if __name__ == "__main__":
    main()
