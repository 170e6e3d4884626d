"""Import jobs run in-process (SQLite's default; the suite's setting on both databases):
same rows as a synchronous import, idempotent, atomic on a crash, retried from the admin,
and the clerk's confirm and status page."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.core.management import call_command

from meetings.jobs import (
    AlreadySubmitted,
    run_job,
    runner,
    submit_file_import,
    submit_upload_import,
)
from meetings.jobs.models import ImportJob
from meetings.models import AgendaItem, Meeting, SourceDocument, Upload
from tests.clerks.helpers import (
    BALLERUP_SEED,
    SEEDS,
    confirm_token,
    seed_bytes,
    upload_file,
)

from .helpers import admin_retry, archive_counts, synchronous_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(tmp_path):
    """A copy of the seed minutes (the jobs keep their paths)."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return sorted(folder.glob("*.txt"))


def test_file_jobs_write_the_rows_a_synchronous_import_writes(seeds, ballerup):
    expected = synchronous_counts(seeds, municipality=ballerup)
    assert archive_counts()["meetings.AgendaItem"] == 0
    jobs = [submit_file_import(path, municipality=ballerup) for path in seeds]
    assert [job.status for job in jobs] == ["succeeded"] * len(seeds)
    assert {job.result for job in jobs} == {"created"}
    assert archive_counts() == expected
    assert sum(job.items_count for job in jobs) == AgendaItem.objects.count()
    assert sum(job.meetings_count for job in jobs) == Meeting.objects.count()
    assert all(job.source_id and job.attempts == 1 and job.finished_at for job in jobs)


def test_running_a_job_again_changes_nothing(seeds, ballerup):
    job = submit_file_import(seeds[0], municipality=ballerup)
    before = row_counts_with_jobs()
    again = run_job(job.pk)
    assert again.status == "succeeded" and again.attempts == 1
    assert row_counts_with_jobs() == before
    # A second job for the same file: the import service finds it unchanged.
    twin = submit_file_import(seeds[0], municipality=ballerup)
    assert twin.status == "succeeded" and twin.result == "unchanged"
    after = row_counts_with_jobs()
    assert after.pop("meetings.ImportJob") == before.pop("meetings.ImportJob") + 1
    assert after == before


def row_counts_with_jobs() -> dict[str, int]:
    counts = archive_counts()
    counts["meetings.ImportJob"] = ImportJob.objects.count()
    counts["meetings.Upload"] = Upload.objects.count()
    return counts


def test_failed_job_says_why_in_danish_and_the_admin_retries_it(
    tmp_path, seeds, ballerup, client, superuser
):
    path = tmp_path / "referat.txt"
    path.write_text("Hej. Dette er ikke et referat.\n", encoding="utf-8")
    job = submit_file_import(path, municipality=ballerup)
    assert job.status == "failed"
    assert job.message.startswith("Teksten indeholder ikke et genkendeligt møde.")
    assert archive_counts()["meetings.Meeting"] == 0
    assert SourceDocument.objects.count() == 0

    # The file is fixed; the admin's action runs the job again.
    shutil.copy(seeds[0], path)
    client.force_login(superuser)
    listing = client.get("/admin/meetings/importjob/").content.decode()
    assert "Prøv valgte fejlede indlæsninger igen" in listing
    assert "1 indlæsning(er) er sat i kø igen." in admin_retry(client, superuser, job)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result == "created" and job.attempts == 2
    assert Meeting.objects.count() == job.meetings_count > 0


def test_retry_leaves_a_finished_job_alone(seeds, ballerup, client, superuser):
    job = submit_file_import(seeds[0], municipality=ballerup)
    assert "kun fejlede eller afbrudte" in admin_retry(client, superuser, job)
    job.refresh_from_db()
    assert job.attempts == 1


def test_crash_inside_the_import_leaves_no_rows_and_the_retry_succeeds(
    seeds, ballerup, monkeypatch
):
    """The worker dies after the import wrote its rows but before the job was finished:
    the transaction is rolled back as a whole; the retry imports once."""
    expected = synchronous_counts(seeds[:1], municipality=ballerup)
    written = {}

    def crash(job, result):
        written["items"] = AgendaItem.objects.count()  # the rows exist inside the transaction
        raise MemoryError("simulated crash")

    monkeypatch.setattr(runner, "_store_result", crash)
    job = submit_file_import(seeds[0], municipality=ballerup)
    assert written["items"] > 0
    assert job.status == "failed"
    assert job.message.startswith("Uventet fejl under indlæsningen (MemoryError). Intet er gemt.")
    assert archive_counts()["meetings.AgendaItem"] == 0
    assert SourceDocument.objects.count() == Meeting.objects.count() == 0

    monkeypatch.undo()
    from meetings.jobs import retry

    job = retry(job)
    assert job.status == "succeeded" and job.result == "created" and job.attempts == 2
    assert archive_counts() == expected


class DeadlockDetected(Exception):
    sqlstate = "40P01"  # what psycopg's DeadlockDetected carries


def test_a_deadlocked_import_is_run_again_and_imports_once(seeds, ballerup, monkeypatch):
    """The database aborts the job's transaction as a deadlock after its rows were written:
    the job runs the import again at once and it counts as one success, rows written once."""
    from django.db import OperationalError

    expected = synchronous_counts(seeds[:1], municipality=ballerup)
    store, calls = runner._store_result, []

    def deadlock_once(job, result):
        calls.append(AgendaItem.objects.count())
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from DeadlockDetected()
        store(job, result)

    monkeypatch.setattr(runner, "_store_result", deadlock_once)
    job = submit_file_import(seeds[0], municipality=ballerup)
    assert job.status == "succeeded" and job.result == "created" and job.attempts == 1
    assert calls[0] == calls[1] > 0  # the first try's rows were rolled back before the second
    assert archive_counts() == expected


def test_other_database_errors_fail_the_job_without_a_second_try(seeds, ballerup, monkeypatch):
    from django.db import OperationalError

    calls = []

    def broken(job, result):
        calls.append(1)
        raise OperationalError("disk full")

    monkeypatch.setattr(runner, "_store_result", broken)
    job = submit_file_import(seeds[0], municipality=ballerup)
    assert job.status == "failed" and len(calls) == 1
    assert job.message.startswith("Uventet fejl under indlæsningen (OperationalError).")
    assert archive_counts()["meetings.AgendaItem"] == 0


def test_confirm_runs_the_job_and_shows_the_upload(client_a, ballerup):
    preview = upload_file(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    response = client_a.post("/upload/bekraeft/", {"token": confirm_token(preview)})
    job = ImportJob.objects.get()
    assert job.status == "succeeded" and job.kind == "upload" and job.upload_id
    assert response.status_code == 302 and response.url == job.upload.get_absolute_url()
    assert job.upload.file.name == job.file.name  # one stored copy of the file
    assert job.upload.file.read() == seed_bytes(BALLERUP_SEED)
    page = client_a.get(job.get_absolute_url()).content.decode()
    assert "Indlæsningen er færdig" in page
    assert 'http-equiv="refresh"' not in page
    assert job.upload.get_absolute_url() in page
    assert f"<dd>{job.items_count} ({job.items_count} nye, 0 ændrede, 0 slettede)</dd>" in page


def test_crash_during_confirm_stores_nothing_and_the_admin_retry_makes_the_upload(
    client_a, ballerup, monkeypatch, superuser, client
):
    def crash(job, result):
        raise OSError("disk full")

    monkeypatch.setattr(runner, "_record_upload", crash)
    preview = upload_file(client_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    response = client_a.post("/upload/bekraeft/", {"token": confirm_token(preview)})
    assert response.status_code == 400
    assert "Uventet fejl under indlæsningen (OSError). Intet er gemt." in response.content.decode()
    assert Upload.objects.count() == 0 and Meeting.objects.count() == 0
    job = ImportJob.objects.get()
    assert job.status == "failed"
    page = client_a.get(job.get_absolute_url()).content.decode()
    assert "Filen blev ikke indlæst. Intet er gemt." in page and "OSError" in page

    monkeypatch.undo()
    admin = client.__class__()
    admin.force_login(superuser)
    admin.post("/admin/meetings/importjob/", {"action": "retry_jobs", "_selected_action": [job.pk]})
    job.refresh_from_db()
    assert job.status == "succeeded" and Upload.objects.get() == job.upload
    assert job.upload.uploaded_by.username == "clerk_a"
    assert Meeting.objects.count() == 1


def test_the_same_preview_cannot_be_submitted_twice(clerk_a, ballerup):
    data = seed_bytes(BALLERUP_SEED)
    kwargs = dict(original_name=BALLERUP_SEED, municipality=ballerup, user=clerk_a)
    submit_upload_import(data, pending_key="a" * 32, **kwargs)
    with pytest.raises(AlreadySubmitted, match="allerede bekræftet"):
        submit_upload_import(data, pending_key="a" * 32, **kwargs)
    assert ImportJob.objects.count() == 1 and Upload.objects.count() == 1


def test_status_page_refreshes_while_queued_and_is_the_clerks_own(
    client_a, client, clerk_b, ballerup
):
    job = ImportJob.objects.create(
        kind="upload", municipality=ballerup, original_name="stor-fil.pdf", status="queued"
    )
    page = client_a.get(job.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Filen venter i køen" in page and "I kø" in page
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    page = client_a.get(job.get_absolute_url()).content.decode()
    assert "Filen indlæses nu" in page and 'http-equiv="refresh"' in page

    other = client.__class__()
    other.force_login(clerk_b)
    assert other.get(job.get_absolute_url()).status_code == 403
    anonymous = client.__class__()
    response = anonymous.get(job.get_absolute_url())
    assert response.status_code == 302 and "/login" in response.url


def test_import_minutes_queue_runs_in_process_and_prints_the_totals(seeds, ballerup):
    out = io.StringIO()
    call_command(
        "import_minutes", "--queue", str(seeds[0].parent), "--municipality", "151", stdout=out
    )
    text = out.getvalue()
    total = re.search(r"I alt \(job\): (\d+) filer: (\d+) oprettet", text)
    assert total and int(total.group(1)) == int(total.group(2)) == len(seeds), text
    assert ImportJob.objects.filter(kind="file", status="succeeded").count() == len(seeds)
    assert f"{AgendaItem.objects.count()} punkter" in text
