"""Fixtures for the job tests: the clerks' personas, and real procrastinate workers
(subprocesses of ``manage.py procrastinate worker``) on the test's PostgreSQL database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.clerks import conftest as clerks
from tests.clerks.helpers import PASSWORD

# The clerks' fixtures: per-test media folder (autouse), municipalities and personas.
media_root = clerks.media_root
ballerup = clerks.ballerup
albertslund = clerks.albertslund
clerk_a = clerks.clerk_a
clerk_b = clerks.clerk_b
superuser = clerks.superuser

REPO = Path(__file__).resolve().parents[2]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the job queue (procrastinate) lives in PostgreSQL; on SQLite jobs run in-process",
)


@pytest.fixture
def client_a(client, clerk_a):
    assert client.login(username="clerk_a", password=PASSWORD)
    return client


@pytest.fixture
def queue(settings):
    """Jobs go to procrastinate's queue instead of running in-process."""
    settings.REFERAT_JOBS_IN_PROCESS = False


class Workers:
    """Worker subprocesses on the test database; each is stopped by its PID."""

    def __init__(self, media_root: Path) -> None:
        self.media_root = media_root
        self.processes: list[subprocess.Popen] = []
        self.logs: list = []

    def environment(self) -> dict[str, str]:
        db = connection.settings_dict
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="referat.settings",
            DATABASE_URL=(
                f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            DJANGO_MEDIA_ROOT=str(self.media_root),
            REFERAT_JOBS_IN_PROCESS="0",
            DJANGO_LOG_LEVEL="ERROR",
        )
        env.pop("DATABASE_REPLICA_URLS", None)
        return env

    def start(self, *, one_shot: bool = False) -> subprocess.Popen:
        command = [sys.executable, "manage.py", "procrastinate", "worker", "-q", "imports"]
        if one_shot:
            command.append("--one-shot")
        # The worker's log goes to a file: a pipe nobody reads fills after ~64 KB of
        # tracebacks and then blocks the worker mid-job.
        log = (self.media_root / f"worker-{len(self.processes)}.log").open("wb")
        self.logs.append(log)
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def output(self) -> str:
        """What the workers logged (for a failing assertion's message)."""
        return "\n".join(Path(log.name).read_text(errors="replace")[-3000:] for log in self.logs)

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL: the worker dies at once, mid-job, as in a crash."""
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.kill(process)
        for log in self.logs:
            log.close()


@pytest.fixture
def workers(media_root):
    pool = Workers(media_root)
    clear_queue()
    yield pool
    pool.stop_all()
    clear_queue()


def clear_queue() -> None:
    """procrastinate's tables are not emptied between transactional tests (not Django's)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")


def wait_until(predicate, timeout: float = 60, step: float = 0.05):
    """Poll ``predicate`` until it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not true after {timeout} s: {predicate}")
