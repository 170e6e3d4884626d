"""Imports as jobs (indlæsningsjob): a clerk's confirmed upload, or the files of
``import_minutes --queue``, imported by a worker instead of inside the web request.

On PostgreSQL the queue is procrastinate (its broker is the PostgreSQL database Referat
already runs: no Redis or RabbitMQ); ``manage.py procrastinate worker`` runs the jobs. On
SQLite, or with REFERAT_JOBS_IN_PROCESS=1, a job runs in-process as soon as it is submitted.

- models.py  the ImportJob record: status, Danish reason, counts, the upload it made
- submit.py  the API: submit_upload_import, submit_file_import, retry
- runner.py  what a job does: one transaction around the import service, idempotent
- tasks.py   the procrastinate task that calls the runner
- views.py   the clerk's status page (meta refresh until done)
- admin.py   the jobs in the admin, with the "retry" action

The names are loaded lazily: meetings/models.py imports the model while the app loads.
"""

from __future__ import annotations

_API = {
    "submit_upload_import": "submit",
    "submit_file_import": "submit",
    "retry": "submit",
    "raise_if_incomplete": "submit",
    "AlreadySubmitted": "submit",
    "queue_enabled": "submit",
    "run_job": "runner",
}


def __getattr__(name: str):
    if name in _API:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_API[name]}"), name)
    raise AttributeError(name)
