"""Submitting import jobs (bestil indlæsning): the one API the views, the command and the
admin use.

On PostgreSQL (unless REFERAT_JOBS_IN_PROCESS is set) the job row and its procrastinate job
are written in one transaction, so a job is never queued without its row nor the other way
round; a worker (``manage.py procrastinate worker``) runs it. On SQLite there is no queue:
the job runs in-process at once, so the newcomer's two README commands need nothing else.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from ..importing import MeetingIncomplete
from .models import ImportJob, JobKind, JobStatus
from .runner import clerk_values_to_json, run_job, store_upload_file

QUEUE = "imports"


class AlreadySubmitted(ValueError):
    """The preview was confirmed already (e.g. a second click); the message is Danish."""


def queue_enabled() -> bool:
    """True when jobs go to procrastinate's queue, False when they run in-process."""
    return not getattr(settings, "REFERAT_JOBS_IN_PROCESS", True)


def submit_upload_import(
    data: bytes,
    *,
    original_name: str,
    municipality,
    user,
    pending_key: str | None = None,
    clerk: dict | None = None,
) -> ImportJob:
    """Import a clerk's confirmed upload as a job; returns the job (already finished when
    jobs run in-process). ``pending_key`` names the confirmed preview: confirming the same
    preview twice raises AlreadySubmitted, whoever wins the race. ``clerk`` holds the values
    the clerk set in the preview (meetings.importing.ClerkValues by meeting index)."""
    job = ImportJob(
        kind=JobKind.UPLOAD,
        municipality=municipality,
        submitted_by=user,
        original_name=original_name,
        pending_key=pending_key,
        clerk_values=clerk_values_to_json(clerk),
    )
    store_upload_file(job, data)
    try:
        _submit(job)
    except IntegrityError as exc:
        job.file.delete(save=False)
        raise AlreadySubmitted(
            "Forhåndsvisningen er allerede bekræftet. Se dine uploads, eller upload filen igen."
        ) from exc
    return _finish_in_process(job)


def raise_if_incomplete(job: ImportJob) -> None:
    """An in-process job that failed because a meeting still lacks its body or date is
    removed (nothing was stored, the preview stays confirmable) and MeetingIncomplete is
    raised, so the preview can ask the clerk. A queued job reports it on its status page."""
    if job.status != JobStatus.FAILED or not job.incomplete:
        return
    missing = [(index, line, tuple(fields)) for index, line, fields in job.incomplete]
    message = job.message
    job.file.delete(save=False)
    job.delete()
    raise MeetingIncomplete(message, missing)


def submit_file_import(path: str | Path, *, municipality=None, user=None) -> ImportJob:
    """Import a file on disk (``import_minutes --queue``) as a job. The worker reads the file
    from the same path: workers must see the folder (same machine or a shared mount)."""
    path = Path(path).resolve()
    job = ImportJob(
        kind=JobKind.FILE,
        municipality=municipality,
        submitted_by=user,
        original_name=path.name[:255],
        path=str(path),
    )
    _submit(job)
    return _finish_in_process(job)


def retry(job: ImportJob) -> ImportJob:
    """Queue a failed (or crashed, still "running") job again; a finished job is left alone."""
    with transaction.atomic():
        updated = ImportJob.objects.filter(
            pk=job.pk, status__in=(JobStatus.FAILED, JobStatus.RUNNING)
        ).update(status=JobStatus.QUEUED, message="", finished_at=None)
        if updated and queue_enabled():
            _defer(job)
    job.refresh_from_db()
    if updated:
        return _finish_in_process(job)
    return job


def _submit(job: ImportJob) -> None:
    with transaction.atomic():
        job.save()
        if queue_enabled():
            _defer(job)


def _defer(job: ImportJob) -> None:
    from .tasks import import_job

    queue_job_id = import_job.configure(queue=QUEUE).defer(job_id=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(queue_job_id=queue_job_id)
    job.queue_job_id = queue_job_id


def _finish_in_process(job: ImportJob) -> ImportJob:
    if queue_enabled():
        return job
    return run_job(job.pk) or job
