"""Public load with and without a hostile upload: gunicorn on loopback, pages and searches.

    python bench/load_hostile.py                               # SQLite in a temporary folder
    python bench/load_hostile.py --duration 30 --concurrency 8 32 --workers 3
    createdb -h 127.0.0.1 -U postgres referat_bench_load && \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/referat_bench_load python bench/load_hostile.py

1. A throwaway database (a temporary SQLite file unless DATABASE_URL names one; never the
   project's db.sqlite3) is migrated and filled with every fixture the parser reads
   (fixtures/minutes and fixtures/layouts, through ``manage.py import_minutes``), a clerk is
   created, and the static files are collected (production settings: DJANGO_DEBUG=0).
2. gunicorn serves ``referat.wsgi`` on a free loopback port in its own process group
   (stopped by its PID at the end).
3. For each concurrency, ``--duration`` seconds of a bounded mix of public requests (front
   page, searches, search filters, meeting, item, case and municipality pages) from that many
   threads, first alone, then while a clerk uploads a hostile file over and over (a maximal
   text whose items fold into tens of thousands of sections, or ``--hostile docx``, a DOCX
   whose paragraphs decompress to hundreds of MB).
4. Printed per run: public requests, req/s, p50/p95/p99 in ms and the count of errors (5xx or
   failed connections), and for the hostile uploads their number and status codes. The last
   line compares public p95 during the hostile upload with p95 without it.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO_ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CLERK = "bench-sekretariat"
CLERK_PASSWORD = "bench-" + secrets.token_urlsafe(12)
SEARCH_WORDS = (
    "budget",
    "skole",
    "godkendt",
    "lokalplan",
    "økonomi",
    '"taget til efterretning"',
    "daginstitution",
    "byggeri",
    "klima",
    "personale",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, media: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_STATIC_ROOT": str(media.parent / "static"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "REFERAT_LOGIN_FAILURE_LIMIT": "1000",
        "BENCH_CLERK_PASSWORD": CLERK_PASSWORD,
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO_ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(
        env,
        "import_minutes",
        str(REPO_ROOT / "fixtures" / "minutes"),
        str(REPO_ROOT / "fixtures" / "layouts"),
        "--allow-failures",
    )
    manage(
        env,
        "create_clerk",
        CLERK,
        "--municipality",
        "151",
        "--password-from-env",
        "BENCH_CLERK_PASSWORD",
    )


def public_urls(env: dict) -> list[str]:
    """A bounded mix of public URLs, read from the throwaway database."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SECRET_KEY")})
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()
    from meetings.models import AgendaItem, CaseNumber, Meeting, Municipality

    meetings = [m.get_absolute_url() for m in Meeting.objects.select_related("body__municipality")]
    items = [i.get_absolute_url() for i in AgendaItem.objects.only("pk")[:400]]
    cases = [c.get_absolute_url() for c in CaseNumber.objects.public()[:100]]
    places = [m.get_absolute_url() for m in Municipality.objects.filter(bodies__isnull=False)]
    searches = [f"/soeg/?{urlencode({'q': w})}" for w in SEARCH_WORDS]
    searches += [f"/soeg/?{urlencode({'q': w, 'sortering': 'dato'})}" for w in SEARCH_WORDS[:4]]
    searches += ["/soeg/?kle=00.01", "/soeg/?kommune=aarhus", "/soeg/"]
    weighted = (
        ["/"] * 4
        + searches * 3
        + random.Random(1).sample(items, min(len(items), 40))
        + random.Random(2).sample(meetings, min(len(meetings), 20))
        + cases[:10]
        + places
    )
    from django.db import connections

    connections.close_all()
    return weighted


class Server:
    """gunicorn in its own process group, stopped by PID."""

    def __init__(self, env: dict, port: int, workers: int):
        self.port = port
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "referat.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            cwd=REPO_ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def request(port: int, method: str, path: str, body=None, headers=None, timeout=300):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data
    finally:
        connection.close()


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: Counter = field(default_factory=Counter)


def drive(port: int, urls: list[str], concurrency: int, duration: float) -> tuple[Run, float]:
    run = Run()
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            url = rng.choice(urls)
            start = time.perf_counter()
            try:
                status = request(port, "GET", url, timeout=60)[0]
            except OSError:
                status = None
            elapsed = time.perf_counter() - start
            with lock:
                run.latencies.append(elapsed)
                run.statuses[status] += 1
                if status is None or status >= 500:
                    run.errors += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run, time.monotonic() - started


def hostile_text(limit: int) -> bytes:
    """A maximal minutes text: one meeting whose items fold into ever more sections."""
    head = (
        "REFERAT Økonomiudvalget d. 14-03-2022\n\nMødedato Mandag d. 14. marts 2022 kl. 17:00\n\n"
    )
    lines = [head, "Punkt 1: Budget\n\n"]
    size = len(head)
    n = 0
    while size < limit - 200:
        n += 1
        line = f"Afsnit {n}\n\nTekst {n} " + "budget " * 8 + "\n\n"
        lines.append(line)
        size += len(line.encode())
    return "".join(lines).encode("utf-8")[:limit]


def hostile_docx(paragraph_mb: int = 200) -> bytes:
    """A DOCX whose document.xml decompresses to ``paragraph_mb`` MB of one paragraph."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        with archive.open("word/document.xml", "w") as handle:
            handle.write(
                b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(paragraph_mb):
                handle.write(chunk)
            handle.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


class HostileClerk(threading.Thread):
    """A clerk who uploads the hostile file again and again until stopped."""

    def __init__(self, port: int, name: str, data: bytes, municipality_id: int):
        super().__init__(daemon=True)
        self.port, self.name_, self.data = port, name, data
        self.municipality_id = municipality_id
        self.stopped = threading.Event()
        self.statuses: Counter = Counter()
        self.cookies: dict[str, str] = {}

    def _cookie_header(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep_cookies(self, headers) -> None:
        for name, value in headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]

    def _csrf(self, path: str) -> str:
        status, headers, body = request(self.port, "GET", path, headers=self._cookie_header())
        self._keep_cookies(headers)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        return match.group(1).decode() if match else ""

    def login(self) -> None:
        token = self._csrf("/konto/login/")
        body = urlencode(
            {"csrfmiddlewaretoken": token, "username": CLERK, "password": CLERK_PASSWORD}
        )
        headers = {**self._cookie_header(), "Content-Type": "application/x-www-form-urlencoded"}
        status, response_headers, _ = request(self.port, "POST", "/konto/login/", body, headers)
        self._keep_cookies(response_headers)
        if status != 302:
            raise SystemExit(f"the bench clerk could not log in ({status})")

    def upload_once(self) -> int:
        token = self._csrf("/upload/")
        boundary = "----bench" + secrets.token_hex(8)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{token}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="municipality"\r\n\r\n'
            f"{self.municipality_id}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{self.name_}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + self.data
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        headers = {
            **self._cookie_header(),
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        return request(self.port, "POST", "/upload/", b"".join(parts), headers)[0]

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                self.statuses[self.upload_once()] += 1
            except OSError as exc:
                self.statuses[type(exc).__name__] += 1


def ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(label: str, concurrency: int, run: Run, seconds: float, extra: str = "") -> float:
    count = len(run.latencies)
    p95 = ms(run.latencies, 0.95)
    print(
        f"{label:<22} c={concurrency:<3} {count:>6} req {count / seconds:>7.1f} req/s  "
        f"p50 {ms(run.latencies, 0.50):>7.1f}  p95 {p95:>7.1f}  p99 {ms(run.latencies, 0.99):>7.1f} ms"
        f"  errors {run.errors}{extra}",
        flush=True,
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--hostile", choices=["text", "docx"], default="text")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="referat-load-") as folder:
        folder = Path(folder)
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'load.sqlite3'}"
        env = server_env(database_url, folder / "media")
        print(f"database: {database_url.split('@')[-1]}; preparing…", flush=True)
        prepare(env)
        urls = public_urls(env)
        from meetings.models import Municipality

        municipality_id = Municipality.objects.get(code=151).pk
        from django.db import connections

        connections.close_all()
        if args.hostile == "text":
            limit = 19 * 1024 * 1024
            data, name = hostile_text(limit), "fjendtlig.txt"
        else:
            data, name = hostile_docx(), "fjendtlig.docx"
        print(
            f"{len(set(urls))} distinct public URLs; hostile upload: {name} "
            f"({len(data) / 1e6:.1f} MB); gunicorn workers: {args.workers}; "
            f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        server = Server(env, free_port(), args.workers)
        try:
            for concurrency in args.concurrency:
                drive(server.port, urls, concurrency, 3)  # warm up
                calm, seconds = drive(server.port, urls, concurrency, args.duration)
                p95_calm = report("public", concurrency, calm, seconds)
                clerk = HostileClerk(server.port, name, data, municipality_id)
                clerk.login()
                clerk.start()
                time.sleep(1)
                busy, seconds = drive(server.port, urls, concurrency, args.duration)
                clerk.stopped.set()
                clerk.join(timeout=600)
                uploads = ", ".join(f"{k}×{v}" for k, v in sorted(clerk.statuses.items(), key=str))
                p95_busy = report(
                    "public+hostile upload",
                    concurrency,
                    busy,
                    seconds,
                    f"  (uploads: {uploads or 'none finished'})",
                )
                print(
                    f"{'':<22} c={concurrency:<3} p95 during the hostile upload / without: "
                    f"{p95_busy / p95_calm:.2f}×",
                    flush=True,
                )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
