"""Import jobs on procrastinate's PostgreSQL queue, run by real worker processes
(``manage.py procrastinate worker``), each started and stopped by its PID."""

from __future__ import annotations

import io

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from meetings.jobs import run_job
from meetings.jobs.models import ImportJob
from meetings.models import AgendaItem, Meeting, SourceDocument, Upload
from tests.clerks.helpers import BALLERUP_SEED, SEEDS, confirm_token, seed_bytes, upload_file

from .conftest import postgresql_only, wait_until
from .documents import minutes_text, write_minutes
from .helpers import admin_retry, archive_counts, synchronous_counts

pytestmark = postgresql_only


def queued_rows(job_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, queue_name, task_name FROM procrastinate_jobs "
            "WHERE (args->>'job_id')::bigint = %s",
            [job_id],
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_confirm_enqueues_the_import_and_returns_at_once(client_a, ballerup, queue):
    preview = upload_file(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    response = client_a.post("/upload/bekraeft/", {"token": confirm_token(preview)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == "queued" and job.queue_job_id
    # The job row and the queue's row are written in the same transaction.
    assert queued_rows(job.pk) == [("todo", "imports", "referat.import_job")]
    assert Meeting.objects.count() == 0 and Upload.objects.count() == 0
    page = client_a.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "venter i køen" in page

    run_job(job.pk)  # what the worker's task does
    job.refresh_from_db()
    assert job.status == "succeeded" and job.upload.municipality == ballerup
    page = client_a.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in page and job.upload.get_absolute_url() in page


@pytest.mark.django_db
def test_import_minutes_queue_enqueues_one_job_per_file(tmp_path, ballerup, queue):
    paths = write_minutes(tmp_path / "mappe", 3, items=2)
    out = io.StringIO()
    call_command("import_minutes", "--queue", str(tmp_path / "mappe"), stdout=out)
    assert "3 filer sat i kø til indlæsning" in out.getvalue()
    jobs = list(ImportJob.objects.order_by("pk"))
    assert [job.path for job in jobs] == [str(path) for path in paths]
    assert all(queued_rows(job.pk) == [("todo", "imports", "referat.import_job")] for job in jobs)
    assert Meeting.objects.count() == 0


def registered_workers() -> int:
    """Workers that announced themselves (procrastinate's heartbeat table)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_workers")
        return cursor.fetchone()[0]


TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@TRANSACTIONAL
def test_two_workers_import_a_queued_folder_like_a_synchronous_import(
    tmp_path, ballerup, queue, workers
):
    paths = write_minutes(tmp_path / "mappe", 30, items=4)
    paths += [tmp_path / "mappe" / seed.name for seed in sorted(SEEDS.glob("*.txt"))]
    for seed in sorted(SEEDS.glob("*.txt")):
        (tmp_path / "mappe" / seed.name).write_bytes(seed.read_bytes())
    expected = synchronous_counts(sorted(paths), municipality=ballerup)

    first, second = workers.start(), workers.start()
    wait_until(lambda: registered_workers() == 2, timeout=120)  # both ready before the jobs
    call_command("import_minutes", "--queue", str(tmp_path / "mappe"), "--municipality", "151")
    assert ImportJob.objects.count() == len(paths)
    wait_until(lambda: not ImportJob.objects.exclude(status__in=["succeeded", "failed"]).exists())
    assert first.poll() is None and second.poll() is None  # both still serving
    failed = list(ImportJob.objects.filter(status="failed").values_list("path", "message"))
    assert failed == [], workers.output()
    assert archive_counts() == expected
    # Both workers took jobs: procrastinate records which worker ran each one.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT worker_id) FROM procrastinate_jobs")
        assert cursor.fetchone()[0] == 2


@TRANSACTIONAL
@pytest.mark.parametrize("retry", ["admin", "stalled-check"])
def test_worker_killed_mid_job_leaves_no_rows_and_the_retry_succeeds(
    tmp_path, ballerup, clerk_a, superuser, client, queue, workers, retry
):
    """A worker is killed (SIGKILL, by PID) while its import transaction has written the
    archive's rows: PostgreSQL rolls the transaction back, nothing is left. The job is run
    again on a new worker and imports once: retried by the admin, or put back in the queue
    by the periodic check for jobs of dead workers (no heartbeat)."""
    from meetings.jobs import submit_upload_import

    data = minutes_text(1, items=40).encode()
    path = tmp_path / "stor.txt"
    path.write_bytes(data)
    expected = synchronous_counts([path], municipality=ballerup)
    job = submit_upload_import(data, original_name="stor.txt", municipality=ballerup, user=clerk_a)
    assert job.status == "queued"

    db = connection.settings_dict
    blocker = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        dbname=db["NAME"],
    )
    try:
        # Hold the uploads table: the worker's import blocks on its last INSERT, mid-job.
        blocker.execute("LOCK TABLE meetings_upload IN ACCESS EXCLUSIVE MODE")
        worker = workers.start()

        def waiting_backend():
            # pg_stat_activity is read once per transaction: clear the blocker's snapshot.
            blocker.execute("SELECT pg_stat_clear_snapshot()")
            row = blocker.execute(
                # This database only: another run's same test may be waiting likewise.
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database() "
                "AND query LIKE 'INSERT INTO \"meetings_upload\"%%'"
            ).fetchone()
            return row and row[0]

        backend = wait_until(waiting_backend, timeout=120)
        # The same transaction has written agenda items (it holds their table's write lock).
        blocker.execute("SELECT pg_stat_clear_snapshot()")
        written = blocker.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND c.relname IN ('meetings_agendaitem', 'meetings_meeting', "
            "'meetings_sourcedocument') AND l.mode = 'RowExclusiveLock'",
            [backend],
        ).fetchone()[0]
        assert written == 3
        workers.kill(worker)
    finally:
        blocker.rollback()
        blocker.close()
    with connection.cursor() as cursor:

        def backend_gone():
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            return cursor.fetchone()[0] == 0

        wait_until(backend_gone, timeout=30)
    assert AgendaItem.objects.count() == Meeting.objects.count() == 0
    assert SourceDocument.objects.count() == Upload.objects.count() == 0
    job.refresh_from_db()
    assert job.status == "running"  # the crashed attempt, as the admin sees it

    if retry == "admin":
        assert "1 indlæsning(er) er sat i kø igen." in admin_retry(client, superuser, job)
    else:
        from meetings.jobs.tasks import STALLED_AFTER_SECONDS, requeue_stalled_imports

        assert requeue_stalled_imports() == []  # the dead worker's heartbeat is still recent
        with connection.cursor() as cursor:  # time passes: no heartbeat since
            cursor.execute(
                "UPDATE procrastinate_workers SET last_heartbeat = now() - %s * interval '1 second'",
                [STALLED_AFTER_SECONDS + 1],
            )
        assert requeue_stalled_imports() == [job.queue_job_id]
        assert queued_rows(job.pk) == [("todo", "imports", "referat.import_job")]
    workers.start()
    wait_until(lambda: ImportJob.objects.get(pk=job.pk).done)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result == "created" and job.attempts == 2
    assert archive_counts() == expected
    assert Upload.objects.get() == job.upload and job.items_count == 40
