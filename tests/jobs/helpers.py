"""Helpers for the job tests: archive row counts and a synchronous import to compare with."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from meetings.importing import import_path
from tests.clerks.helpers import row_counts

BOOKKEEPING = ("ImportJob", "Upload")


def archive_counts() -> dict[str, int]:
    """Rows of every meetings table except the jobs' and uploads' own bookkeeping."""
    return {label: n for label, n in row_counts().items() if not label.endswith(BOOKKEEPING)}


def synchronous_counts(paths: list[Path], **kwargs) -> dict[str, int]:
    """The archive's row counts after importing ``paths`` one by one, as import_minutes does
    without --queue; everything is rolled back afterwards."""
    with transaction.atomic():
        for path in paths:
            import_path(path, **kwargs)
        counts = archive_counts()
        transaction.set_rollback(True)
    return counts


def admin_retry(client, superuser, job) -> str:
    """The admin's "retry" action on ``job`` (its list page's POST); the page it leads to."""
    client.force_login(superuser)
    response = client.post(
        "/admin/meetings/importjob/",
        {"action": "retry_jobs", "_selected_action": [job.pk]},
        follow=True,
    )
    return response.content.decode()
