"""Race scenarios (kapløb), run by test_races.py: in the test process on PostgreSQL, and on
SQLite in a subprocess against a file database (``python -m tests.security.races <scenario>``).

SQLite's in-memory test database uses a shared cache whose table locks fail at once instead
of waiting ("database table is locked"), so it cannot stand for the production SQLite (a file
in WAL mode with a busy timeout); the subprocess migrates a fresh file database and runs the
same scenario there, with real threads and one connection each.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
from pathlib import Path

THREADS = 4
CLOSED_TEXT = Path(__file__).resolve().parents[2] / "fixtures" / "security" / "lukkede-punkter.txt"


def run_at_once(work, count: int) -> list:
    """Run ``work(i)`` in ``count`` threads released together; return results or exceptions."""
    from django.db import connection

    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as exc:  # returned, and asserted on by the caller
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError("a thread did not finish")
    return results


def _counts() -> dict:
    from meetings.models import AgendaItem, Meeting, SourceDocument, Upload

    return {
        "sources": SourceDocument.objects.count(),
        "meetings": Meeting.objects.count(),
        "items": AgendaItem.objects.count(),
        "uploads": Upload.objects.count(),
    }


def concurrent_imports(municipality) -> dict:
    """THREADS imports of one text into one municipality at once."""
    from meetings.importing import import_text

    text = CLOSED_TEXT.read_text(encoding="utf-8")
    results = run_at_once(
        lambda i: import_text(text, original_name=f"kopi-{i}.txt", municipality=municipality),
        THREADS,
    )
    return {
        "errors": [repr(r) for r in results if isinstance(r, Exception)],
        "statuses": sorted(r.status for r in results if not isinstance(r, Exception)),
        **_counts(),
    }


SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "minutes").glob("*.txt"))


def concurrent_imports_across_municipalities(rounds: int = 3) -> dict:
    """The seeds (each names its own municipality) imported at once, ``rounds`` times: no
    municipality lock orders them, so only the order of their shared writes (the search
    vocabulary's words) keeps them from deadlocking."""
    from django.db import transaction

    from meetings.importing import import_text

    texts = [seed.read_text(encoding="utf-8") for seed in SEEDS]
    errors: list[str] = []
    for round_number in range(rounds):

        def work(i: int, round_number=round_number):
            with transaction.atomic():
                result = import_text(texts[i], original_name=f"runde-{round_number}-{i}.txt")
                time.sleep(0.2)  # every transaction holds its locks a little longer
                transaction.set_rollback(round_number < rounds - 1)
                return result.status

        results = run_at_once(work, len(texts))
        errors += [repr(r) for r in results if isinstance(r, Exception)]
    return {"errors": errors, **_counts()}


def concurrent_confirms(municipality, user) -> dict:
    """One preview, then THREADS confirmations of it at once (two tabs, double clicks)."""
    from django.test import Client

    from meetings.models import Upload

    preview_client = Client()
    preview_client.force_login(user)
    handle = io.BytesIO(CLOSED_TEXT.read_bytes())
    handle.name = CLOSED_TEXT.name
    preview = preview_client.post("/upload/", {"municipality": municipality.pk, "file": handle})
    token = preview.context["confirm_form"].initial["token"]
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    results = run_at_once(lambda i: clients[i].post("/upload/bekraeft/", {"token": token}), THREADS)
    responses = [r for r in results if not isinstance(r, Exception)]
    from meetings.jobs.models import ImportJob

    first = Upload.objects.order_by("pk").first()
    first_url = first.get_absolute_url() if first else None
    # A confirmation refused while the first one's import job is still running links to that
    # job's status page (which leads to the upload when done); later ones to the upload.
    job = ImportJob.objects.order_by("pk").first()
    job_url = job.get_absolute_url() if job else None
    refused = [r.content.decode() for r in responses if r.status_code == 400]
    return {
        "errors": [repr(r) for r in results if isinstance(r, Exception)],
        "status_codes": sorted(r.status_code for r in responses),
        "locations": sorted({r.headers["Location"] for r in responses if r.status_code == 302}),
        "first_url": first_url,
        "already_confirmed": sum(
            "allerede bekræftet" in page
            and (f'href="{first_url}"' in page or f'href="{job_url}"' in page)
            for page in refused
        ),
        **_counts(),
    }


def _main(scenario: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client records templates' contexts

    from meetings.models import Municipality
    from meetings.permissions import make_clerk

    call_command("migrate", verbosity=0)
    if scenario == "migrate":  # the template database the tests copy
        return
    municipality = Municipality.objects.get(code=165)
    if scenario == "imports":
        result = concurrent_imports(municipality)
    elif scenario == "imports_across_municipalities":
        # SQLite has one writer at a time: one round shows imports wait instead of failing.
        result = concurrent_imports_across_municipalities(rounds=1)
    else:
        user = get_user_model().objects.create_user("clerk_race", password="x-kapløb-42")
        make_clerk(user, [municipality])
        result = concurrent_confirms(municipality, user)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.test_settings")
    _main(sys.argv[1])
