"""export_archive: JSON Lines, CSV and SQLite with a manifest; the SQLite file holds the
public counts; closed items title-only; the Data page lists it and serves its files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3

import pytest
from django.core.management import call_command
from django.test import override_settings

from meetings.models import AgendaItem, Attachment, Body, ItemCaseNumber, Meeting, Section
from tests.reuse.conftest import SECRETS

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path, corpus, closed_meeting):
    call_command("export_archive", str(tmp_path), stdout=io.StringIO())
    (folder,) = [p for p in tmp_path.iterdir() if p.name.startswith("referat-")]
    return folder


def test_export_writes_every_format_and_a_manifest(exported):
    manifest = json.loads((exported / "manifest.json").read_text())
    assert manifest["name"] == exported.name
    assert manifest["exported_at"][:10] == exported.name.removeprefix("referat-")
    names = {entry["name"] for entry in manifest["files"]}
    for table in manifest["tables"]:
        assert {f"{table}.jsonl", f"{table}.csv"} <= names
    assert "referat.sqlite3" in names
    for entry in manifest["files"]:
        data = (exported / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_sqlite_holds_the_public_counts(exported):
    db = sqlite3.connect(exported / "referat.sqlite3")

    def count(table, where=""):
        return db.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]

    assert count("meetings") == Meeting.objects.count()
    assert count("bodies") == Body.objects.count()
    assert count("agenda_items") == AgendaItem.objects.count()
    assert (
        count("agenda_items", "WHERE closed = 1")
        == AgendaItem.objects.filter(closed=True).count()
        > 0
    )
    assert count("sections") == Section.objects.filter(item__closed=False).count()
    assert count("attachments") == Attachment.objects.filter(item__closed=False).count()
    assert count("item_case_numbers") == ItemCaseNumber.objects.filter(item__closed=False).count()
    assert count("agenda_items", "WHERE closed = 1 AND decision != ''") == 0
    titles = {row[0] for row in db.execute("SELECT title FROM agenda_items WHERE closed = 1")}
    assert {"Personalesag", "Lukket sag 1", "Lukket sag 2", "Lukket sag 3"} <= titles
    case_values = {row[0] for row in db.execute("SELECT value FROM case_numbers")}
    assert "20/030692" in case_values and "77/123456" not in case_values


def test_jsonl_and_csv_agree_with_sqlite(exported):
    db = sqlite3.connect(exported / "referat.sqlite3")
    rows = [json.loads(line) for line in (exported / "agenda_items.jsonl").open()]
    with (exported / "agenda_items.csv").open(newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert (
        len(rows) == len(csv_rows) == db.execute("SELECT count(*) FROM agenda_items").fetchone()[0]
    )
    assert [r["title"] for r in rows] == [r["title"] for r in csv_rows]
    digital = next(r for r in rows if r["title"].startswith("Erfaringer med digitale"))
    assert digital["decision"].startswith("Fremsendes til byrådet.")
    assert digital["date"] == "2020-08-24"
    assert digital["created_at"].endswith(("+01:00", "+02:00"))


def test_no_closed_content_in_any_file(exported):
    for path in exported.iterdir():
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, (path.name, secret)


def test_export_again_the_same_day_replaces_it(tmp_path, exported):
    call_command("export_archive", str(exported.parent), stdout=io.StringIO())
    assert sorted(p.name for p in exported.parent.iterdir()) == [exported.name]


def test_data_page_lists_the_latest_export(client, exported):
    with override_settings(REFERAT_EXPORT_DIR=str(exported.parent)):
        html = client.get("/data/").content.decode()
        assert exported.name in html
        assert "referat.sqlite3" in html and "agenda_items.csv" in html
        assert "/oparl/v1/" in html
        response = client.get(f"/data/{exported.name}/referat.sqlite3")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == (exported / "referat.sqlite3").read_bytes()
        for bad in ("../manifest.json", "passwd", "%2e%2e"):
            assert client.get(f"/data/{exported.name}/{bad}").status_code == 404
        assert client.get("/data/referat-1999-01-01/manifest.json").status_code == 404


def test_data_page_without_export(client, tmp_path, db):
    with override_settings(REFERAT_EXPORT_DIR=str(tmp_path / "ingen")):
        response = client.get("/data/")
        assert response.status_code == 200
        assert "Der er endnu ingen eksport" in response.content.decode()
