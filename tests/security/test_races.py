"""Finding 6 of issue 9: races. Two confirmations of one preview at once give one upload (the
others are sent to the first with "allerede bekræftet"); concurrent imports of one text give
one import, the others "uændret". Real threads, each with its own database connection
(scenarios in tests/security/races.py).

Before: on PostgreSQL the second confirmation was a 500 (IntegrityError) and concurrent
imports failed with IntegrityError; on SQLite the preview was imported twice (two Upload rows).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from meetings.models import Upload

from . import races
from .conftest import closed_text

ROOT = Path(__file__).resolve().parents[2]


def _run_races(name: str, database: Path, media: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "referat.test_settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.security.races", name],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A file database migrated once for this module's SQLite scenarios (each copies it)."""
    folder = tmp_path_factory.mktemp("race-template")
    _run_races("migrate", folder / "template.sqlite3", folder / "media")
    return folder / "template.sqlite3"


def _scenario(name: str, tmp_path, *args, template: Path | None = None) -> dict:
    """PostgreSQL: run in this process. SQLite: in a subprocess on a copy of a freshly
    migrated file database (the in-memory test database's shared cache cannot wait for
    locks; see races.py)."""
    if connection.vendor == "postgresql":
        return getattr(races, f"concurrent_{name}")(*args)
    database = tmp_path / "race.sqlite3"
    shutil.copyfile(template, database)
    stdout = _run_races(name, database, tmp_path / "race-media")
    return json.loads(stdout.strip().splitlines()[-1])


@pytest.fixture
def template(request):
    """The migrated SQLite file (built only when a test runs on SQLite)."""
    if connection.vendor == "postgresql":
        return None
    return request.getfixturevalue("migrated_sqlite")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_imports_of_one_text(albertslund, tmp_path, template):
    result = _scenario("imports", tmp_path, albertslund, template=template)
    assert result["errors"] == []
    assert result["statuses"] == ["created"] + ["unchanged"] * (races.THREADS - 1)
    assert (result["sources"], result["meetings"], result["items"]) == (1, 1, 4)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_confirms_of_one_preview(albertslund, clerk_b, tmp_path, template):
    result = _scenario("confirms", tmp_path, albertslund, clerk_b, template=template)
    assert result["errors"] == []
    assert (result["uploads"], result["sources"], result["meetings"]) == (1, 1, 1)
    # One confirmation imports and goes to its upload; the others say "allerede bekræftet"
    # and link to that upload.
    assert result["status_codes"] == [302] + [400] * (races.THREADS - 1)
    assert result["locations"] == [result["first_url"]]
    assert result["already_confirmed"] == races.THREADS - 1


@pytest.mark.django_db
def test_confirm_twice_in_a_row(client, albertslund, clerk_b):
    """The same without threads: a second click on "Bekræft" after the first finished."""
    client.force_login(clerk_b)
    handle = io.BytesIO(closed_text().encode("utf-8"))
    handle.name = "lukkede-punkter.txt"
    preview = client.post("/upload/", {"municipality": albertslund.pk, "file": handle})
    token = preview.context["confirm_form"].initial["token"]
    first = client.post("/upload/bekraeft/", {"token": token})
    second = client.post("/upload/bekraeft/", {"token": token})
    assert Upload.objects.count() == 1
    assert second.status_code == 400
    html = second.content.decode()
    assert "allerede bekræftet" in html and f'href="{first.headers["Location"]}"' in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_imports_into_different_municipalities_do_not_deadlock(tmp_path, template):
    """Imports into different municipalities run side by side (no municipality lock between
    them); the words they add to the search vocabulary are written in one order, so two of
    them never wait for each other in a cycle (before: "deadlock detected" on PostgreSQL,
    a failed import job when two workers imported a folder of several municipalities)."""
    result = _scenario("imports_across_municipalities", tmp_path, template=template)
    assert result["errors"] == []
    assert result["sources"] == len(races.SEEDS) and result["meetings"] >= len(races.SEEDS)
