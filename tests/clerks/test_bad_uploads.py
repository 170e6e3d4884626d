"""Bad uploads get a clear Danish message and change nothing: no row in any table."""

from __future__ import annotations

import codecs
import os

import pytest
from django.core import signing
from django.core.files.storage import default_storage

from meetings import pending
from meetings.models import Upload

from .helpers import (
    AARHUS_SEED,
    BALLERUP_SEED,
    minimal_pdf,
    row_counts,
    seed_bytes,
    upload_file,
)

pytestmark = pytest.mark.django_db


def pending_files() -> list[str]:
    try:
        return default_storage.listdir(pending.FOLDER)[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def logged_in_a(client, clerk_a):
    client.force_login(clerk_a)
    return client


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tom.txt", "Filen er tom."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "foto.txt", "binær fil"),
        (codecs.BOM_UTF8 + b"REFERAT \xff\xfe m\xf8de", "kodning.txt", "tegnkodningen er ukendt"),
        (
            "Indkøbsliste\n\nmælk\nrugbrød\nkaffe\n".encode(),
            "indkob.txt",
            "Der blev ikke fundet noget møde i teksten",
        ),
        (minimal_pdf([]), "scannet.pdf", "PDF-filen indeholder ingen tekst"),
        (b"MZ\x90\x00\x03", "program.exe", "Filtypen .exe understøttes ikke"),
    ],
    ids=["empty", "binary", "undecodable", "no-meeting", "scanned-pdf", "exe"],
)
def test_bad_file_is_refused_and_changes_nothing(logged_in_a, ballerup, data, name, message):
    before = row_counts()
    response = upload_file(logged_in_a, ballerup, data, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Filen blev ikke indlæst. Intet er gemt." in response.content.decode()
    assert row_counts() == before
    assert pending_files() == []


def test_file_over_the_size_limit_is_refused(logged_in_a, ballerup, settings):
    settings.REFERAT_MAX_UPLOAD_BYTES = 1000
    before = row_counts()
    response = upload_file(logged_in_a, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Filen er for stor (8,2\xa0KB). Den største tilladte størrelse er 1000\xa0bytes." in page
    assert row_counts() == before
    assert pending_files() == []


def test_municipality_the_clerk_does_not_belong_to_is_forbidden(logged_in_a, albertslund):
    before = row_counts()
    response = upload_file(logged_in_a, albertslund, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    assert response.status_code == 403
    assert "Du kan kun uploade og rette referater for dine egne kommuner." in (
        response.content.decode()
    )
    assert row_counts() == before
    assert pending_files() == []


def test_text_naming_another_municipality_is_refused(logged_in_a, ballerup):
    """Uploading Aarhus' minutes as Ballerup's: the importer's strict check says no."""
    before = row_counts()
    response = upload_file(logged_in_a, ballerup, seed_bytes(AARHUS_SEED), AARHUS_SEED)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Aarhus" in page and "Filen blev ikke indlæst. Intet er gemt." in page
    assert row_counts() == before
    assert pending_files() == []


def _confirm(client, token: str):
    return client.post("/upload/bekraeft/", {"token": token})


def test_tampered_preview_token_is_refused(logged_in_a, clerk_a, ballerup):
    token = pending.stash(
        seed_bytes(BALLERUP_SEED),
        original_name=BALLERUP_SEED,
        municipality_id=ballerup.pk,
        user_id=clerk_a.pk,
    )
    before = row_counts()
    # Swap the signed payload for another (e.g. another municipality) but keep the signature.
    payload, signature = token.rsplit(":", 1)
    forged_payload = signing.dumps({"k": "0" * 32, "m": 1}, salt=pending.SALT, compress=True)
    forged = forged_payload.rsplit(":", 1)[0] + ":" + signature
    for bad in (forged, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "", "x" * 40):
        response = _confirm(logged_in_a, bad)
        assert response.status_code == 400, bad
        page = response.content.decode()
        assert "Forhåndsvisningen" in page and "Upload filen igen" in page
    assert row_counts() == before
    assert Upload.objects.count() == 0


def test_expired_preview_is_refused(logged_in_a, clerk_a, ballerup, monkeypatch, settings):
    settings.REFERAT_PENDING_MAX_AGE = 600
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 601)
    token = pending.stash(
        seed_bytes(BALLERUP_SEED),
        original_name=BALLERUP_SEED,
        municipality_id=ballerup.pk,
        user_id=clerk_a.pk,
    )
    monkeypatch.setattr(signing.time, "time", real_time)
    before = row_counts()
    response = _confirm(logged_in_a, token)
    assert response.status_code == 400
    assert "Forhåndsvisningen er udløbet" in response.content.decode()
    assert row_counts() == before


def test_pending_file_changed_after_preview_is_refused(logged_in_a, clerk_a, ballerup):
    token = pending.stash(
        seed_bytes(BALLERUP_SEED),
        original_name=BALLERUP_SEED,
        municipality_id=ballerup.pk,
        user_id=clerk_a.pk,
    )
    waiting = pending.load(token)
    with open(default_storage.path(waiting.path), "ab") as handle:
        handle.write(b"\nPunkt 7: Sneget ind efter forhaandsvisningen\n")
    before = row_counts()
    response = _confirm(logged_in_a, token)
    assert response.status_code == 400
    assert "Den ventende fil er ændret" in response.content.decode()
    assert row_counts() == before


def test_confirm_requires_post(logged_in_a):
    assert logged_in_a.get("/upload/bekraeft/").status_code == 405


def test_abandoned_previews_are_swept(logged_in_a, clerk_a, ballerup, settings):
    settings.REFERAT_PENDING_MAX_AGE = 60
    token = pending.stash(
        b"old", original_name="gammel.txt", municipality_id=ballerup.pk, user_id=clerk_a.pk
    )
    old = default_storage.path(pending.load(token).path)
    stale = os.path.getmtime(old) - 3600
    os.utime(old, (stale, stale))
    pending.stash(b"new", original_name="ny.txt", municipality_id=ballerup.pk, user_id=clerk_a.pk)
    assert not os.path.exists(old)
    assert len(pending_files()) == 1
