"""Benchmark the feeds, calendars and the OParl API through a real server.

    python bench/reuse.py                  # 100,000 synthetic items in the configured database
    python bench/reuse.py --items 1000000  # a million (PostgreSQL: a few minutes to build)
    python bench/reuse.py --reuse          # measure the data already generated

Use a database of its own, migrated first, e.g.
    createdb -h 127.0.0.1 -U postgres referat_bench_reuse
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_bench_reuse \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_bench_reuse \\
        .venv/bin/python bench/reuse.py

The synthetic archive is bench/search.py's (same generator). The script then starts gunicorn
(DJANGO_DEBUG=0, 2 workers) on a free, checked loopback port in its own process group, times
every URL over HTTP (wall-clock per request, after one warm-up request), prints p50/p95 per
URL, and stops the server by its PID. API lists are keyset-paged, so the deep page (reached
by following links.next) costs what the first does.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from meetings.models import AgendaItem, Body, CaseNumber, Meeting, Municipality  # noqa: E402


def _search_bench():
    """bench/search.py's generator and wipe (one synthetic corpus for every benchmark)."""
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_server(port: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret-" * 3),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
    )
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "referat.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    # Its own session and process group, so stopping it stops its workers too.
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        if server.poll() is not None:
            sys.exit("gunicorn did not start")
        try:
            fetch(f"http://127.0.0.1:{port}/oparl/v1/")
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    sys.exit("gunicorn did not answer")


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> bytes:
    with OPENER.open(url, timeout=60) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
        return response.read()


def deep_page(base: str, path: str, depth: int) -> str:
    """Follow links.next ``depth`` times from the first page of a list."""
    import json

    url = base + path
    for _ in range(depth):
        following = json.loads(fetch(url))["links"].get("next")
        if not following:
            break
        url = following
    return url.removeprefix(base)


def targets(base: str) -> list[tuple[str, str]]:
    """The URLs to time: the busiest municipality, body and case."""
    busiest = (
        Municipality.objects.annotate(n=Count("bodies__meetings")).order_by("-n", "pk").first()
    )
    body = (
        Body.objects.filter(municipality=busiest)
        .annotate(n=Count("meetings"))
        .order_by("-n", "pk")
        .first()
    )
    case = (
        CaseNumber.objects.filter(municipality=busiest)
        .exclude(scheme="kle")
        .annotate(n=Count("links"))
        .order_by("-n", "pk")
        .first()
    )
    meeting = Meeting.objects.filter(body=body).order_by("-date").first()
    code, slug = busiest.code, busiest.slug
    api = "/oparl/v1"
    urls = [
        ("api system", f"{api}/"),
        ("api body list", f"{api}/body"),
        ("api organization list", f"{api}/body/{code}/organization"),
        ("api meeting list", f"{api}/body/{code}/meeting"),
        ("api meeting list, page 50", deep_page(base, f"{api}/body/{code}/meeting", 49)),
        ("api agendaItem list", f"{api}/body/{code}/agendaItem"),
        ("api agendaItem list, page 50", deep_page(base, f"{api}/body/{code}/agendaItem", 49)),
        (
            "api agendaItem list, modified_since",
            f"{api}/body/{code}/agendaItem?modified_since=2000-01-01T00:00:00%2B00:00",
        ),  # fmt: skip
        ("api paper list", f"{api}/body/{code}/paper"),
        ("api consultation list", f"{api}/body/{code}/consultation"),
        ("api file list", f"{api}/body/{code}/file"),
        ("api organization meetings", f"{api}/organization/{body.pk}/meeting"),
        ("api meeting", f"{api}/meeting/{meeting.pk}"),
        ("api paper", f"{api}/paper/{case.pk}"),
        ("feed municipality", f"/kommuner/{slug}/feed/"),
        ("feed body", f"/kommuner/{slug}/{body.slug}/feed/"),
        ("feed case", f"/sager/{case.value}/feed/"),
        ("feed search", "/soeg/feed/?q=skybrudssikring"),
        ("calendar body", f"/kommuner/{slug}/{body.slug}/kalender.ics"),
        ("calendar municipality", f"/kommuner/{slug}/kalender.ics"),
    ]
    return urls


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40, help="requests per URL")
    parser.add_argument("--reuse", action="store_true", help="measure the data already there")
    parser.add_argument("--wipe", action="store_true", help="delete all meetings first")
    args = parser.parse_args()

    existing = AgendaItem.objects.count()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; items: {existing:,}")
    if args.wipe or not existing:
        if existing and not args.wipe:
            sys.exit("The database already holds items: use --reuse or --wipe.")
        bench = _search_bench()
        if args.wipe:
            bench.wipe()
        if args.reuse and not args.wipe:
            sys.exit("Nothing to reuse: the database holds no items.")
        start = time.perf_counter()
        bench.generate(args.items)
        print(f"generated in {time.perf_counter() - start:.0f} s")
    elif not args.reuse:
        sys.exit("The database already holds items: use --reuse or --wipe.")
    print(f"items: {AgendaItem.objects.count():,}; meetings: {Meeting.objects.count():,}")
    connection.close()

    port = free_port()
    if port_in_use(port):
        sys.exit(f"port {port} is taken")
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"gunicorn (2 workers, DEBUG off) on port {port}, pid {server.pid}")
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        print(f"load average before: {load} on {os.cpu_count()} cores (wall-clock suffers)")
        print("cpu ms: the Django side alone (views, ORM, serialising) in this process,")
        print("        median over the same runs through the test client: load-proof")
        print(f"{'url':42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu ms':>8} {'kB':>7}")
        client = Client()
        for label, path in targets(base):
            size = len(fetch(base + path))  # warm-up
            samples = []
            for _ in range(args.runs):
                start = time.perf_counter()
                fetch(base + path)
                samples.append((time.perf_counter() - start) * 1000)
            client.get(path, HTTP_HOST="127.0.0.1")
            cpu = []
            for _ in range(args.runs):
                start = time.process_time()
                client.get(path, HTTP_HOST="127.0.0.1")
                cpu.append((time.process_time() - start) * 1000)
            print(
                f"{label:42} {statistics.median(samples):8.1f} {percentile(samples, 0.95):8.1f}"
                f" {max(samples):8.1f} {statistics.median(cpu):8.1f} {size / 1024:7.1f}"
            )
        print(f"load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    finally:
        stop_server(server)


if __name__ == "__main__":
    main()
