"""What an import job does (kørsel): the import service inside one transaction.

``run_job`` is idempotent: it marks the job running in its own short transaction, then locks
the job's row and, in one transaction, imports the file through meetings/importing/, records
the upload (for a clerk's upload) and stores the result. A crash anywhere in that transaction
leaves no partial row (the database rolls it back); running the job again afterwards, or twice
at once, imports once: the second run waits for the row lock and finds the job done, and a
re-import of an already imported text is "unchanged" anyway.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone

from ..extract import ExtractionFailed, extract_text
from ..importing import (
    ClerkValues,
    ImportFailed,
    ImportResult,
    MeetingIncomplete,
    import_path,
    import_text,
)
from ..models import AgendaItem, ImportConflict, Upload
from .models import ImportJob, JobKind, JobStatus

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Uventet fejl under indlæsningen ({name}). Intet er gemt. Prøv igen fra administrationen; "
    "fejler den igen, så kontakt en administrator."
)
# A job whose transaction the database aborted as a deadlock or serialisation failure is run
# again at once, up to this many times in all, before it counts as failed.
TRANSIENT_ATTEMPTS = 3
TRANSIENT_SQLSTATES = {"40P01", "40001"}
MISSING_FILE = "Filen til indlæsningen findes ikke længere. Intet er gemt. Upload filen igen."


def run_job(job_id: int) -> ImportJob | None:
    """Run an import job; returns the job as it ended (None when there is no such job)."""
    # A running job is run again only after a crash (the admin's retry queues it again; a
    # twin that is really still running holds the row lock, and we find it done).
    started = ImportJob.objects.filter(pk=job_id, status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
    with transaction.atomic():
        job = started.select_for_update().first()
        if job is None:
            return ImportJob.objects.filter(pk=job_id).first()
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "attempts"])
    try:
        for attempt in range(1, TRANSIENT_ATTEMPTS + 1):
            try:
                return _run_once(job_id)
            except OperationalError as exc:
                if attempt == TRANSIENT_ATTEMPTS or not _transient(exc):
                    raise
                logger.warning("Import job %s: %s; trying again", job_id, exc)
                time.sleep(0.1 * attempt)
    except MeetingIncomplete as exc:
        missing = [[index, line, list(fields)] for index, line, fields in exc.missing]
        return _fail(job_id, str(exc), incomplete=missing)
    except (ImportFailed, ExtractionFailed) as exc:
        return _fail(job_id, str(exc))
    except Exception as exc:  # one broken file must not take the worker down
        logger.exception("Import job %s failed", job_id)
        return _fail(job_id, UNEXPECTED.format(name=type(exc).__name__))


def _run_once(job_id: int) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.SUCCEEDED:  # a twin run finished it while we waited
            return job
        result = _import(job)
        if job.kind == JobKind.UPLOAD:
            job.upload = _record_upload(job, result)
        _store_result(job, result)
        return job


def _transient(exc: OperationalError) -> bool:
    """A deadlock or serialisation failure: the transaction was rolled back whole and the
    same import run again succeeds (PostgreSQL SQLSTATE 40P01 / 40001)."""
    return getattr(exc.__cause__, "sqlstate", None) in TRANSIENT_SQLSTATES


def _import(job: ImportJob) -> ImportResult:
    municipality = job.municipality
    if job.kind == JobKind.FILE:
        return import_path(job.path, original_name=job.original_name, municipality=municipality)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError) as exc:
        raise ImportFailed(MISSING_FILE) from exc
    if job.sha256 and hashlib.sha256(data).hexdigest() != job.sha256:
        raise ImportFailed("Filen til indlæsningen er ændret. Intet er gemt. Upload filen igen.")
    text = extract_text(data, job.original_name)
    return import_text(
        text,
        original_name=job.original_name,
        municipality=municipality,
        strict_municipality=True,
        uploaded_by=job.submitted_by,
        clerk=clerk_values_from_json(job.clerk_values),
    )


def clerk_values_to_json(values: dict[int, ClerkValues] | None) -> dict:
    """The clerk's values by meeting index, as JSON for the job row."""
    return {
        str(index): {
            "body": given.body,
            "date": given.date.isoformat() if given.date else None,
            "start_time": given.start_time.isoformat() if given.start_time else None,
        }
        for index, given in (values or {}).items()
    }


def clerk_values_from_json(data: dict) -> dict[int, ClerkValues]:
    return {
        int(index): ClerkValues(
            body=given.get("body") or "",
            date=dt.date.fromisoformat(given["date"]) if given.get("date") else None,
            start_time=(
                dt.time.fromisoformat(given["start_time"]) if given.get("start_time") else None
            ),
        )
        for index, given in (data or {}).items()
    }


def _record_upload(job: ImportJob, result: ImportResult) -> Upload:
    """The clerk's upload row, pointing at the job's stored file (no second copy)."""
    record = Upload(
        preview_key=job.pending_key,  # one upload per confirmed preview (unique)
        municipality=job.municipality,
        uploaded_by=job.submitted_by,
        original_name=job.original_name,
        sha256=job.sha256,
        status=result.status,
        message=result.message,
        warnings=_jsonable(list(result.warnings)),
        conflicts=[conflict_snapshot(c) for c in result.conflicts],
        source=result.source,
    )
    record.file.name = job.file.name
    record.save()
    return record


def conflict_snapshot(conflict: ImportConflict) -> dict:
    """A conflict as plain JSON, kept on the Upload row and shown in the clerk's preview."""
    try:
        item_label = str(conflict.item) if conflict.item_id else ""
    except AgendaItem.DoesNotExist:
        item_label = ""
    return {
        "id": conflict.pk,
        "meeting_id": conflict.meeting_id,
        "item_id": conflict.item_id,
        "item": item_label,
        "field": conflict.field,
        "corrected": _jsonable(conflict.corrected_value),
        "parsed": _jsonable(conflict.parsed_value),
    }


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _store_result(job: ImportJob, result: ImportResult) -> None:
    job.status = JobStatus.SUCCEEDED
    job.result = result.status
    job.message = result.message
    job.source = result.source
    job.meetings_count = len(result.meetings)
    job.items_count = result.items
    job.items_created = result.items_created
    job.items_updated = result.items_updated
    job.items_deleted = result.items_deleted
    job.warnings_count = len(result.warnings)
    job.conflicts_count = len(result.conflicts)
    job.finished_at = timezone.now()
    job.save()


def _fail(job_id: int, reason: str, incomplete: list | None = None) -> ImportJob | None:
    """Record the Danish reason; the import's own transaction was rolled back."""
    ImportJob.objects.filter(pk=job_id).exclude(status=JobStatus.SUCCEEDED).update(
        status=JobStatus.FAILED,
        result="",
        message=reason,
        incomplete=incomplete or [],
        finished_at=timezone.now(),
    )
    return ImportJob.objects.filter(pk=job_id).first()


def store_upload_file(job: ImportJob, data: bytes) -> None:
    """Keep the uploaded bytes with the job (the worker reads them from storage)."""
    job.sha256 = hashlib.sha256(data).hexdigest()
    job.file.save(job.original_name, ContentFile(data), save=False)
