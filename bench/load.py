"""Load through a real server: gunicorn on loopback, driven by a closed loop of HTTP clients.

    # a corpus first (bench/search.py builds one), then:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_bench_search \\
        .venv/bin/python bench/load.py                       # concurrency 1, 4 and 16
    .venv/bin/python bench/load.py --concurrency 4 --seconds 30 --workers 2
    .venv/bin/python bench/load.py --kinds punkt møde                # item and meeting pages only
    .venv/bin/python bench/load.py --kinds søgning                   # the searches only

What it does, in order:
1. Reads the database DATABASE_URL names (never writes to it) and builds a mix of distinct URLs:
   searches for words sampled from item titles (frequent and rare), two-word phrases, OR-lists,
   searches with a municipality, body, date range or KLE filter, KLE-only and case-number
   listings, and item, meeting, body and municipality pages. The *adversarial* queries (a phrase
   of the two most common title words, many ORs, the whole date range, a KLE topic alone) are
   measured on their own as well.
2. Runs ``collectstatic`` into a temporary folder and starts gunicorn (``--workers``, sync) on a
   free loopback port with DEBUG off, as in production, in its own process group; stops it by
   its PID at the end, whatever happens.
3. For each concurrency, N client threads each walk their own rotation of the URL mix (never the
   same URL twice in a row), one request at a time, for --seconds. Prints pages/s, p50/p95/p99
   of the whole request, errors (non-2xx/3xx or failed connections), and CPU per page split into
   the gunicorn processes and the PostgreSQL backends serving them (from /proc), then the
   PostgreSQL settings in force and the load average: on a busy machine wall time is not the
   server's alone.

No response cache serves the measured requests (Referat has none).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from meetings.models import AgendaItem, Body, CaseNumber, Meeting, Municipality  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PG_SETTINGS = (
    "server_version",
    "shared_buffers",
    "work_mem",
    "effective_cache_size",
    "random_page_cost",
    "jit",
    "max_parallel_workers_per_gather",
    "statement_timeout",
)


# --- the URL mix ----------------------------------------------------------------------------


def q(path: str, **params) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


def title_words(limit: int = 20000) -> Counter:
    words: Counter = Counter()
    for title in AgendaItem.objects.filter(closed=False).values_list("title", flat=True)[:limit]:
        for word in title.lower().split():
            word = word.strip(".,:;()»«\"'-–")
            if len(word) >= 4 and word.isalpha():
                words[word] += 1
    return words


def url_mix(rng: random.Random) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(kind, url) pairs: the everyday mix, and the adversarial queries on their own."""
    words = title_words()
    if len(words) < 10:
        raise SystemExit("The database holds too little to measure: build a corpus first.")
    common = [w for w, _ in words.most_common(50)]
    rare = [w for w, n in words.items() if n <= 2][:2000] or common
    municipalities = list(
        Municipality.objects.filter(bodies__meetings__isnull=False).distinct()[:50]
    )
    bodies = list(Body.objects.select_related("municipality")[:200])
    kle = list(
        CaseNumber.objects.filter(scheme="kle").values_list("value", flat=True).distinct()[:200]
    )
    cases = list(CaseNumber.objects.values_list("value", flat=True)[:500])
    item_ids = list(AgendaItem.objects.filter(closed=False).values_list("pk", flat=True)[:5000])
    meetings = list(Meeting.objects.select_related("body__municipality")[:2000])
    years = sorted({m.date.year for m in meetings if m.date}) or [2020]

    mix: list[tuple[str, str]] = []
    for _ in range(60):
        mix.append(("søgning: ét ord", q("/soeg/", q=rng.choice(common + rare))))
        mix.append(("søgning: to ord", q("/soeg/", q=f"{rng.choice(common)} {rng.choice(rare)}")))
        mix.append(("søgning: frase", q("/soeg/", q=f'"{rng.choice(rare)} {rng.choice(rare)}"')))
        mix.append(("søgning: nyeste", q("/soeg/", q=rng.choice(common), sortering="dato")))
        if municipalities:
            m = rng.choice(municipalities)
            mix.append(("søgning + kommune", q("/soeg/", q=rng.choice(common), kommune=m.slug)))
        year = rng.choice(years)
        mix.append(
            (
                "søgning + datoer",
                q("/soeg/", q=rng.choice(rare), fra=f"{year}-01-01", til=f"{year}-06-30"),
            )
        )
        if item_ids:
            mix.append(("punkt", f"/punkter/{rng.choice(item_ids)}/"))
        if meetings:
            mix.append(("møde", rng.choice(meetings).get_absolute_url()))
        if bodies:
            mix.append(("udvalg", rng.choice(bodies).get_absolute_url()))
        if municipalities:
            mix.append(("kommune", rng.choice(municipalities).get_absolute_url()))
        if cases:
            mix.append(("sag", f"/sager/{urllib.parse.quote(rng.choice(cases))}/"))
    rng.shuffle(mix)
    # Distinct URLs only, in a rotation where no URL follows itself.
    mix = list(dict.fromkeys(mix))

    adversarial = [
        ("frase af to almindelige ord", q("/soeg/", q=f'"{common[0]} {common[1]}"')),
        ("mange OR", q("/soeg/", q=" or ".join(common[:12]))),
        (
            "hele perioden",
            q("/soeg/", q=common[2], fra=f"{years[0]}-01-01", til=f"{years[-1]}-12-31"),
        ),
        ("almindeligt ord, nyeste", q("/soeg/", q=common[0], sortering="dato")),
    ]
    if kle:
        adversarial.append(("KLE alene", q("/soeg/", kle=kle[0][:5])))
    return mix, adversarial


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group, stopped by its PID."""

    def __init__(self, workers: int):
        self.workers = workers
        self.port = free_port()
        self.static = tempfile.mkdtemp(prefix="referat-load-static-")
        self.process: subprocess.Popen | None = None

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "bench-load-not-secret-" + "x" * 40),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_STATIC_ROOT=self.static,
        )
        return env

    def __enter__(self):
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=self.env(),
            check=True,
        )
        self.process = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "referat.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env(),
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = fetch(self.port, "/")
                if status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit("gunicorn stopped during start-up")
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 60 s")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [self.process.pid]
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        return pids

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the group we started, by its PID
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        subprocess.run(["rm", "-rf", self.static], check=False)


def fetch(port: int, url: str) -> tuple[int, int]:
    """One GET on a fresh connection, read to the end; (status, body bytes).

    A plain socket and the status line only: this client shares the server's two cores, so
    what it spends per page is taken from the server being measured (http.client cost
    0.54–0.58 ms of client CPU a page, this 0.29–0.30 ms). Its CPU per page is printed too."""
    request = (
        f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Language: da\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].split()
    if len(status_line) < 2 or not status_line[1].isdigit():
        raise OSError(f"no HTTP status line: {status_line!r}")
    return int(status_line[1]), len(body)


# --- CPU accounting -------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLOCK_TICKS


def postgres_backends() -> list[int]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return [row[0] for row in cursor.fetchall()]


def postgres_settings() -> dict[str, str]:
    if connection.vendor != "postgresql":
        return {}
    found = {}
    with connection.cursor() as cursor:
        for name in PG_SETTINGS:
            cursor.execute(f"SHOW {name}")
            found[name] = cursor.fetchone()[0]
    return found


# --- the closed loop ------------------------------------------------------------------------


def run_loop(port: int, urls: list[tuple[str, str]], concurrency: int, seconds: float):
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors: Counter = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        position = offset
        while time.monotonic() < stop_at:
            kind, url = urls[position % len(urls)]
            position += 1
            started = time.perf_counter()
            try:
                status, _ = fetch(port, url)
                ok = status < 400
            except OSError as error:
                status, ok = type(error).__name__, False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                by_kind.setdefault(kind, []).append(elapsed)
                if not ok:
                    errors[f"{status} {url}"] += 1

    step = max(1, len(urls) // concurrency)
    threads = [threading.Thread(target=client, args=(i * step,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, by_kind, errors, time.monotonic() - started


def pct(samples: list[float], p: float) -> float:
    if not samples:
        return float("nan")
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[int(p) - 1]


def line(label: str, samples: list[float], wall: float | None = None) -> str:
    rate = f"{len(samples) / wall:7.1f} pages/s  " if wall else ""
    return (
        f"{label:<28} {rate}n={len(samples):<6} p50 {pct(samples, 50):7.1f} ms  "
        f"p95 {pct(samples, 95):7.1f} ms  p99 {pct(samples, 99):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=20, help="per concurrency level")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--adversarial-runs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--kinds",
        nargs="+",
        metavar="KIND",
        help="only these kinds of the mix, e.g. --kinds punkt møde, or the prefix søgning "
        "for every search",
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    urls, adversarial = url_mix(rng)
    if args.kinds:
        urls = [(kind, url) for kind, url in urls if kind.startswith(tuple(args.kinds))]
        if len(urls) < 2:
            raise SystemExit(f"No URLs of the kinds {args.kinds} in the mix.")
    items = AgendaItem.objects.count()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, {items:,} items")
    print(f"URL mix: {len(urls)} distinct URLs, {len(adversarial)} adversarial queries")
    for name, value in postgres_settings().items():
        print(f"  postgresql {name} = {value}")

    with Server(args.workers) as server:
        print(f"gunicorn: {args.workers} sync workers on 127.0.0.1:{server.port}, DEBUG off")
        run_loop(server.port, urls, 2, 3)  # warm-up: connections opened, templates loaded
        for concurrency in args.concurrency:
            backends = postgres_backends()
            workers = server.worker_pids()
            cpu_web, cpu_db = cpu_seconds(workers), cpu_seconds(backends)
            cpu_client = time.process_time()
            latencies, by_kind, errors, wall = run_loop(
                server.port, urls, concurrency, args.seconds
            )
            cpu_web = cpu_seconds(workers) - cpu_web
            cpu_db = cpu_seconds(backends) - cpu_db
            cpu_client = time.process_time() - cpu_client
            pages = max(1, len(latencies))
            print(f"\nconcurrency {concurrency}, {wall:.1f} s:")
            print(line("all pages", latencies, wall))
            for kind in sorted(by_kind):
                print("  " + line(kind, by_kind[kind]))
            print(
                f"  CPU per page: gunicorn {cpu_web / pages * 1000:.1f} ms, "
                f"PostgreSQL {cpu_db / pages * 1000:.1f} ms"
                + ("" if backends else " (backends not visible: not PostgreSQL or not local)")
                + f"; this client {cpu_client / pages * 1000:.2f} ms"
            )
            print(f"  errors: {sum(errors.values())}")
            for what, count in errors.most_common(5):
                print(f"    {count} × {what}")
            print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

        print("\nadversarial queries, one client, each repeated:")
        for label, url in adversarial:
            samples = []
            statuses = Counter()
            for _ in range(args.adversarial_runs):
                started = time.perf_counter()
                status, _ = fetch(server.port, url)
                samples.append((time.perf_counter() - started) * 1000)
                statuses[status] += 1
            print("  " + line(label, samples) + f"  status {dict(statuses)}  {url}")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
