"""Capacity figures of a PostgreSQL database filled by bench/search.py: rows, sizes, and
public pages per second, for docs/scaling.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_scale_1m \\
        .venv/bin/python bench/capacity.py --seconds 30

Prints, for the database DATABASE_URL names:

1. **Rows** of the archive's tables (items, meetings, sections, case numbers, attachments…).
2. **Sizes**: the whole database (pg_database_size), and per table its heap, TOAST and
   indexes (pg_relation_size, pg_table_size, pg_indexes_size), the search index (the GIN
   index on agenda items' search_vector) on its own, and bytes per agenda item.
3. **Pages per second** of one process: for --seconds, one Django test Client requests a
   mix of public pages in turn (front page, municipality, body, meeting, item, case, source,
   a rare-word search and a common-word search) with DEBUG off; reported per page type and
   for the mix. A replica serves such processes side by side, one per core.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from meetings.models import (  # noqa: E402
    AgendaItem,
    Body,
    CaseNumber,
    Meeting,
    Municipality,
    SourceDocument,
)

ARCHIVE_TABLES = (
    "meetings_agendaitem",
    "meetings_meeting",
    "meetings_section",
    "meetings_attachment",
    "meetings_casenumber",
    "meetings_itemcasenumber",
    "meetings_participant",
    "meetings_sourcedocument",
    "meetings_body",
)
MB = 1024 * 1024


def sizes() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        database = cursor.fetchone()[0]
        cursor.execute(
            "SELECT s.relname, pg_relation_size(c.oid), pg_table_size(c.oid), "
            "pg_indexes_size(c.oid), n_live_tup "
            "FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE s.relname LIKE 'meetings\\_%%' ORDER BY pg_total_relation_size(c.oid) DESC"
        )
        tables = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_relation_size(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_am a ON a.oid = i.relam "
            "WHERE t.relname = 'meetings_agendaitem' AND a.amname = 'gin'"
        )
        gin = cursor.fetchall()
        cursor.execute(
            "SELECT sum(pg_indexes_size(c.oid)) FROM pg_class c WHERE relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace"
        )
        all_indexes = cursor.fetchone()[0]
    return {"database": database, "tables": tables, "gin": gin, "indexes": all_indexes}


def page_mix(rng: random.Random) -> list[tuple[str, callable]]:
    municipalities = list(
        Municipality.objects.filter(bodies__meetings__isnull=False)
        .distinct()
        .values_list("slug", flat=True)
    )
    bodies = list(Body.objects.filter(meetings__isnull=False).distinct()[:200])
    max_item = AgendaItem.objects.order_by("-pk").values_list("pk", flat=True).first()
    open_items = list(
        AgendaItem.objects.filter(
            pk__in=[rng.randint(1, max_item) for _ in range(3000)], closed=False
        ).values_list("pk", flat=True)
    )
    meetings = list(
        Meeting.objects.filter(
            pk__in=[rng.randint(1, max_item // 10) for _ in range(600)]
        ).select_related("body__municipality")[:200]
    )
    max_case = CaseNumber.objects.order_by("-pk").values_list("pk", flat=True).first()
    cases = list(
        CaseNumber.objects.filter(
            scheme="esdh",
            pk__in=[rng.randint(1, max_case) for _ in range(2000)],
            links__item__closed=False,
        )
        .values_list("value", flat=True)
        .distinct()[:200]
    )
    sources = list(
        SourceDocument.objects.filter(pk__in=[m.source_id for m in meetings]).values_list(
            "pk", flat=True
        )
    )
    return [
        ("front page", lambda: "/"),
        ("municipality", lambda: f"/kommuner/{rng.choice(municipalities)}/"),
        ("body", lambda: rng.choice(bodies).get_absolute_url()),
        ("meeting", lambda: rng.choice(meetings).get_absolute_url()),
        ("item", lambda: f"/punkter/{rng.choice(open_items)}/"),
        ("case", lambda: f"/sager/{rng.choice(cases)}/"),
        ("source", lambda: f"/kilder/{rng.choice(sources)}/"),
        ("search, rare word", lambda: "/soeg/?q=skybrudssikring"),
        ("search, common word", lambda: "/soeg/?q=kommune"),
    ]


def throughput(seconds: float) -> tuple[dict, int, float]:
    rng = random.Random(3)
    settings.DEBUG = False
    client = Client()
    mix = page_mix(rng)
    for _label, make in mix:  # warm-up
        assert client.get(make()).status_code == 200
    per_page: dict[str, list[float]] = {label: [] for label, _ in mix}
    started = time.perf_counter()
    count = 0
    while time.perf_counter() - started < seconds:
        label, make = mix[count % len(mix)]
        url = make()
        begin = time.perf_counter()
        response = client.get(url)
        per_page[label].append(time.perf_counter() - begin)
        assert response.status_code == 200, (url, response.status_code)
        count += 1
    return per_page, count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/capacity.py measures PostgreSQL (DATABASE_URL=postgres://…).")
    items = AgendaItem.objects.count()
    print(f"database {connection.settings_dict['NAME']}: {items:,} agenda items")
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        print(
            f"  PostgreSQL shared_buffers {cursor.fetchone()[0]}; {os.cpu_count()} CPUs; "
            f"1-minute load average {os.getloadavg()[0]:.2f}"
        )
    found = sizes()
    print(
        f"  database size {found['database'] / MB:,.0f} MB "
        f"({found['database'] / max(items, 1):,.0f} bytes per agenda item); "
        f"all indexes {found['indexes'] / MB:,.0f} MB"
    )
    print(f"  {'table':<36} {'rows':>11} {'heap MB':>9} {'+TOAST MB':>10} {'indexes MB':>11}")
    for name, heap, table, indexes, rows in found["tables"]:
        if table + indexes > MB:
            print(
                f"  {name:<36} {rows:>11,} {heap / MB:>9.0f} {table / MB:>10.0f} "
                f"{indexes / MB:>11.0f}"
            )
    for name, size in found["gin"]:
        print(f"  search index {name}: {size / MB:,.0f} MB")
    per_page, count, wall = throughput(args.seconds)
    print(
        f"  one process, {args.seconds:.0f} s of a page mix: {count} pages, "
        f"{count / wall:.1f} pages/s"
    )
    for label, times in per_page.items():
        if times:
            times.sort()
            print(
                f"    {label:<22} n={len(times):<4} mean {sum(times) / len(times) * 1000:7.1f} ms"
                f"  p50 {times[len(times) // 2] * 1000:7.1f} ms"
            )


if __name__ == "__main__":
    main()
