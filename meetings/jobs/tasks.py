"""The procrastinate task of an import job (PostgreSQL only; see meetings/jobs/submit.py).

The task carries only the job's id: the ImportJob row holds everything else, and run_job is
idempotent, so procrastinate may run a job again after a crash without harm. procrastinate's
own retry is off: a failed import (bad text) fails the same way again; the admin retries.
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from .runner import run_job


@app.task(name="referat.import_job", queue="imports", pass_context=False)
def import_job(job_id: int) -> None:
    """Run one import job (indlæsningsjob)."""
    run_job(job_id)
