"""manage.py import_minutes and parse_minutes, run as a newcomer would run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.models import AgendaItem, Meeting, SourceDocument
from meetings.parsing import MEETING_FLAGS
from tests.importing.conftest import (
    BALLERUP,
    DIREKTIONEN,
    NAMELESS_TEXT,
    ROOT,
    SEED_FILES,
    SEEDS,
    snapshot_tables,
)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> tuple[str, str, CommandError]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), failure.value


# ---------------------------------------------------------------------------------------
# import_minutes


def test_import_folder_with_fallback_municipality(kalundborg):
    out, _ = run("import_minutes", str(SEEDS), "--municipality", "326")

    lines = out.strip().splitlines()
    assert len(lines) == 6
    for path, line in zip(SEED_FILES, lines, strict=False):
        assert line.startswith("oprettet")
        assert path.name in line
    assert lines[-1].startswith("I alt: 5 filer: 5 oprettet, 0 opdateret, 0 uændret, 0 fejlede")
    assert "7 møder, 40 punkter" in lines[-1]
    assert Meeting.objects.count() == 7
    assert AgendaItem.objects.count() == 40
    assert Meeting.objects.get(body__name="Direktionen").body.municipality == kalundborg
    # Fallback only: the other four keep the municipality their text names.
    assert Meeting.objects.get(body__name="Magistraten").body.municipality.code == 751
    assert Meeting.objects.get(body__name="Chefforum").body.municipality.code == 165


def test_import_folder_twice_reports_unchanged_and_changes_nothing(kalundborg):
    run("import_minutes", str(SEEDS), "--municipality", "Kalundborg")
    before = snapshot_tables()

    out, _ = run("import_minutes", str(SEEDS))  # direktionen: inferred from 326- this time

    lines = out.strip().splitlines()
    assert all(line.startswith("uændret") for line in lines[:-1])
    assert "0 oprettet, 0 opdateret, 5 uændret, 0 fejlede" in lines[-1]
    assert snapshot_tables() == before


def test_a_bad_file_fails_alone_and_the_command_exits_non_zero(db, tmp_path):
    shutil.copy(SEEDS / BALLERUP, tmp_path / BALLERUP)
    shutil.copy(SEEDS / DIREKTIONEN, tmp_path / "sub-folder-direktionen.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "no-meeting.txt").write_text("Lorem ipsum dolor sit amet.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("skal springes over", encoding="utf-8")
    (tmp_path / "x.expected.json").write_text("{}", encoding="utf-8")

    out, _, error = run_failing("import_minutes", str(tmp_path))

    lines = out.strip().splitlines()
    by_name = {line.split()[1].rsplit("/", 1)[-1].rstrip(":"): line for line in lines[:-1]}
    assert set(by_name) == {
        BALLERUP,
        "sub-folder-direktionen.txt",
        "empty.txt",
        "binary.txt",
        "no-meeting.txt",
    }
    assert by_name[BALLERUP].startswith("oprettet")
    assert by_name["sub-folder-direktionen.txt"].startswith("oprettet")
    assert by_name["empty.txt"].startswith("fejlede")
    assert "tom" in by_name["empty.txt"]
    assert by_name["binary.txt"].startswith("fejlede")
    assert "tekstfil" in by_name["binary.txt"]
    assert "genkendeligt møde" in by_name["no-meeting.txt"]
    assert "2 oprettet, 0 opdateret, 0 uændret, 3 fejlede" in lines[-1]
    assert error.returncode == 1
    assert "3 af 5 filer fejlede" in str(error)
    names = set(SourceDocument.objects.values_list("original_name", flat=True))
    assert names == {BALLERUP, "sub-folder-direktionen.txt"}


def test_allow_failures_reports_the_bad_file_and_exits_zero(db, tmp_path):
    shutil.copy(SEEDS / BALLERUP, tmp_path / BALLERUP)
    (tmp_path / "no-meeting.txt").write_text("Lorem ipsum dolor sit amet.\n", encoding="utf-8")

    out, _ = run("import_minutes", str(tmp_path), "--allow-failures")

    lines = out.strip().splitlines()
    assert any(line.startswith("fejlede") and "no-meeting.txt" in line for line in lines)
    assert "1 oprettet, 0 opdateret, 0 uændret, 1 fejlede" in lines[-1]
    assert Meeting.objects.filter(body__name__startswith="Digitaliserings").exists()


def test_text_naming_no_municipality_tells_to_pass_one(db, tmp_path):
    path = tmp_path / "okonomiudvalget.txt"
    path.write_text(NAMELESS_TEXT, encoding="utf-8")

    out, _, error = run_failing("import_minutes", str(path))

    assert out.startswith("fejlede")
    assert "--municipality" in out
    assert "1 af 1 filer fejlede" in str(error)
    assert not SourceDocument.objects.exists()
    assert not Meeting.objects.exists()

    out, _ = run("import_minutes", str(path), "--municipality", "Ballerup Kommune")
    assert out.startswith("oprettet")
    assert Meeting.objects.get().body.municipality.code == 151


def test_dry_run_prints_what_would_happen_and_writes_nothing(db):
    before = snapshot_tables()

    out, _ = run("import_minutes", str(SEEDS / BALLERUP), "--dry-run")

    assert out.startswith("oprettet")
    assert "Prøvekørsel (intet gemt)" in out
    assert snapshot_tables() == before


def test_unknown_municipality_option_is_an_error(db):
    _, _, error = run_failing("import_minutes", str(SEEDS), "--municipality", "Atlantis")
    assert "Atlantis" in str(error)
    assert not SourceDocument.objects.exists()


def test_missing_path_is_reported_and_fails(db):
    out, err, error = run_failing("import_minutes", str(SEEDS / BALLERUP), "findes-ikke.txt")

    assert out.startswith("oprettet")
    assert "findes-ikke.txt: findes ikke" in err
    assert "1 af 2 filer fejlede" in str(error)


def test_progress_line_for_many_files(db, tmp_path):
    for n in range(7):
        (tmp_path / f"tom-{n}.txt").write_text("", encoding="utf-8")

    _, err, _ = run_failing("import_minutes", str(tmp_path))

    assert "Fremdrift: 7/7 filer" in err


def test_verbose_output_lists_warnings(db):
    out, _ = run("import_minutes", str(SEEDS / DIREKTIONEN), "-v", "2")
    assert "(1 advarsel)" in out
    assert "udledt af kommunekoden 326" in out


# ---------------------------------------------------------------------------------------
# parse_minutes


ITEM_TYPES = {
    "number": int,
    "title": str,
    "closed": bool,
    "case_numbers": list,
    "sections": list,
    "attachments": list,
}


def _check_person(person: dict) -> None:
    assert isinstance(person["name"], str)
    assert person["party"] is None or isinstance(person["party"], str)
    assert person["role"] is None or isinstance(person["role"], str)


def check_schema(document: dict) -> None:
    """The documented schema of parse_minutes --json (keys and types)."""
    assert set(document) == {"municipality", "meetings", "warnings"}
    assert document["municipality"] is None or isinstance(document["municipality"], str)
    for warning in document["warnings"]:
        assert isinstance(warning["line"], int) and isinstance(warning["message"], str)
    assert document["meetings"]
    for meeting in document["meetings"]:
        assert set(meeting) == {
            "body",
            "date",
            "start_time",
            "end_time",
            "location",
            "kind",
            "participants",
            "absent",
            "items",
            "flags",
        }
        assert isinstance(meeting["body"], str)
        assert len(meeting["date"]) == 10 and meeting["date"][4] == "-"
        assert all(flag in MEETING_FLAGS for flag in meeting["flags"])
        for key in ("start_time", "end_time"):
            assert meeting[key] is None or (len(meeting[key]) == 5 and meeting[key][2] == ":")
        assert meeting["location"] is None or isinstance(meeting["location"], str)
        assert meeting["kind"] in ("referat", "dagsorden")
        for person in meeting["participants"] + meeting["absent"]:
            _check_person(person)
        for item in meeting["items"]:
            assert set(item) == {
                "number",
                "title",
                "closed",
                "case_numbers",
                "sections",
                "decision",
                "attachments",
            }
            for key, kind in ITEM_TYPES.items():
                assert isinstance(item[key], kind), key
            assert item["decision"] is None or isinstance(item["decision"], str)
            for case in item["case_numbers"]:
                assert isinstance(case["value"], str) and isinstance(case["scheme"], str)
            for section in item["sections"]:
                assert set(section) == {"heading", "kind", "text"}
                assert all(isinstance(section[k], str) for k in ("heading", "kind", "text"))
            for attachment in item["attachments"]:
                assert isinstance(attachment["title"], str)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_parse_minutes_json_prints_one_object_matching_the_schema(path):
    """No database fixture: any query would raise, so the command touches no database."""
    out, _ = run("parse_minutes", str(path), "--json")

    document = json.loads(out)  # exactly one JSON value, and an object
    assert isinstance(document, dict)
    check_schema(document)
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert document["municipality"] == expected.get("municipality", document["municipality"])


def test_parse_minutes_json_for_several_files_is_an_array():
    out, _ = run("parse_minutes", *map(str, SEED_FILES), "--json")

    documents = json.loads(out)
    assert isinstance(documents, list) and len(documents) == 5
    for document in documents:
        check_schema(document)
    assert sum(len(d["meetings"]) for d in documents) == 7


def test_parse_minutes_summary_without_json():
    out, _ = run("parse_minutes", str(SEEDS / BALLERUP))

    assert out.startswith(f"{SEEDS / BALLERUP}: kommune Ballerup Kommune; 1 møde, 6 punkter")
    assert "Digitaliserings- og Teknologiudvalget 13.10.2021 kl. 16:30" in out
    assert "    5. " in out and "Lukket" in out


def test_parse_minutes_reads_utf16_and_cp1252_like_the_importer(tmp_path):
    text = (SEEDS / BALLERUP).read_text(encoding="utf-8")
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252", errors="replace"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))

    outs = [
        json.loads(run("parse_minutes", str(tmp_path / name), "--json")[0])
        for name in ("utf16.txt", "cp1252.txt", "bom.txt")
    ]

    assert all(o["meetings"][0]["body"] == "Digitaliserings- og Teknologiudvalget" for o in outs)
    assert outs[0] == outs[2]


def test_parse_minutes_missing_or_binary_file_fails(tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)

    _, _, missing = run_failing("parse_minutes", str(tmp_path / "nope.txt"), "--json")
    _, _, binary = run_failing("parse_minutes", str(tmp_path / "binary.txt"))

    assert "findes ikke" in str(missing)
    assert "tekstfil" in str(binary)


def test_parse_minutes_runs_without_a_reachable_database():
    """A fresh process whose DATABASE_URL points nowhere: the command must not need it."""
    env = dict(os.environ, DATABASE_URL="postgres://nobody@127.0.0.1:1/nowhere")
    completed = subprocess.run(
        [sys.executable, "manage.py", "parse_minutes", str(SEEDS / DIREKTIONEN), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["meetings"][0]["body"] == "Direktionen"

    failed = subprocess.run(
        [sys.executable, "manage.py", "parse_minutes", "nope.txt"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode != 0
    assert "nope.txt" in failed.stderr


def test_import_folder_reads_word_files(db, tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (SEEDS / BALLERUP).read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    document.save(tmp_path / "ballerup.docx")

    out, _ = run("import_minutes", str(tmp_path))

    assert out.startswith("oprettet")
    assert "ballerup.docx" in out
    assert Meeting.objects.get().items.count() == 6


def test_a_shell_glob_over_the_seed_folder_skips_expected_json(kalundborg):
    paths = sorted(str(p) for p in SEEDS.iterdir())
    assert any(p.endswith(".expected.json") for p in paths)

    out, _ = run("import_minutes", *paths, "--municipality", "326")

    assert out.strip().splitlines()[-1].startswith("I alt: 5 filer: 5 oprettet")
