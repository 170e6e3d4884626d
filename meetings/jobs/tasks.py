"""The procrastinate task of an import job (PostgreSQL only; see meetings/jobs/submit.py).

The task carries only the job's id: the ImportJob row holds everything else, and run_job is
idempotent, so procrastinate may run a job again after a crash without harm. procrastinate's
own retry is off: a failed import (bad text) fails the same way again; the admin retries.

A job whose worker died (killed, out of memory, machine restarted) stays "doing" in the queue
and "I gang" on its status page; every few minutes a periodic task puts such jobs back in the
queue, found by their worker's missed heartbeats (procrastinate's stalled jobs), and the next
worker runs them again (run_job is idempotent; the dead attempt's transaction was rolled back).
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from procrastinate.contrib.django import app

from .runner import run_job

logger = logging.getLogger(__name__)

IMPORT_TASK = "referat.import_job"
QUEUE = "imports"
# A worker that sent no heartbeat for this long is dead (it sends one every 10 s).
STALLED_AFTER_SECONDS = 60


@app.task(name=IMPORT_TASK, queue=QUEUE, pass_context=False)
def import_job(job_id: int) -> None:
    """Run one import job (indlæsningsjob)."""
    run_job(job_id)


async def _requeue_stalled() -> list[int]:
    stalled = await app.job_manager.get_stalled_jobs(
        queue=QUEUE, task_name=IMPORT_TASK, seconds_since_heartbeat=STALLED_AFTER_SECONDS
    )
    for job in stalled:
        await app.job_manager.retry_job(job)
    return [job.id for job in stalled]


def requeue_stalled_imports() -> list[int]:
    """Put the import jobs of dead workers back in the queue; their queue ids."""
    requeued = async_to_sync(_requeue_stalled)()
    if requeued:
        logger.warning("Import jobs of a dead worker put back in the queue: %s", requeued)
    return requeued


@app.periodic(cron="*/5 * * * *", periodic_id="referat-requeue-stalled-imports")
@app.task(
    name="referat.requeue_stalled_imports",
    queue=QUEUE,
    queueing_lock="referat-requeue-stalled-imports",
    pass_context=False,
)
async def requeue_stalled(timestamp: int) -> None:
    """Every five minutes: the import jobs of dead workers go back in the queue."""
    await _requeue_stalled()
