"""Hostile and broken files: a Danish message, no row changed, the worker unharmed.

Each file is built here: a DOCX zip bomb (40 MB of spaces or letters in a ~50 KB file), a
PDF of more pages than allowed, AES-encrypted PDFs with and without a user password, PDFs
whose text holds NUL or a lone surrogate, texts with NUL behind a UTF-8 / UTF-16 BOM, a text
longer than allowed, a text with more items than a meeting may have. Each goes through the
upload view (Django test client) and, where it matters, import_minutes.
"""

from __future__ import annotations

import codecs
import io
import resource

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.extract import ExtractionFailed, Limits, clean_text, extract_text
from meetings.models import Meeting, SourceDocument

from ..clerks.helpers import BALLERUP_SEED, row_counts, seed_text, upload_file
from .hostile import (
    encrypted_pdf,
    many_page_pdf,
    pdf_with_tounicode,
    zip_bomb_docx,
)
from .render import to_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, clerk_a):
    client.force_login(clerk_a)
    return client


def refused(client, municipality, data: bytes, name: str, message: str) -> None:
    before = row_counts()
    response = upload_file(client, municipality, data, name)
    assert response.status_code == 400, response.content.decode()[:500]
    page = response.content.decode()
    assert message in page, page[:3000]
    assert row_counts() == before


@pytest.mark.parametrize("fill", [" ", "a"], ids=["whitespace", "letters"])
def test_docx_zip_bomb_is_refused_before_it_is_unpacked(logged_in, ballerup, fill):
    bomb = zip_bomb_docx(40, fill)
    assert len(bomb) < 200_000  # 40 MB inside
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    refused(logged_in, ballerup, bomb, "bombe.docx", "zip-bombe")
    # The check reads the zip's directory only: this process grew by far less than 40 MB.
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - usage
    assert grown_kb < 40 * 1024


def test_docx_larger_than_allowed_unpacked_is_refused(ballerup):
    bomb = zip_bomb_docx(12, "x")
    limits = Limits(max_unzipped_bytes=8 * 1024 * 1024, max_zip_ratio=10_000)
    with pytest.raises(ExtractionFailed, match="udpakket; højst 8 MB"):
        extract_text(bomb, "stor.docx", limits=limits)


def test_pdf_with_too_many_pages_is_refused(logged_in, ballerup):
    refused(logged_in, ballerup, many_page_pdf(2_001), "mange-sider.pdf", "2001 sider; højst 2000")


def test_encrypted_pdf_without_user_password_is_read(logged_in, ballerup):
    pdf = encrypted_pdf(to_pdf(seed_text(BALLERUP_SEED)), user_password="")
    response = upload_file(logged_in, ballerup, pdf, "krypteret.pdf")
    assert response.status_code == 200, response.content.decode()[:800]
    assert "Digitaliserings- og Teknologiudvalget" in response.content.decode()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_pdf_with_a_password_gets_a_danish_message(logged_in, ballerup, algorithm):
    pdf = encrypted_pdf(
        to_pdf(seed_text(BALLERUP_SEED)), user_password="hemmelig", algorithm=algorithm
    )
    refused(logged_in, ballerup, pdf, "laast.pdf", "beskyttet med en adgangskode")


def test_nul_and_lone_surrogate_in_pdf_text_are_dropped(logged_in, ballerup, clerk_a):
    lines = [line.encode("cp1252") for line in seed_text(BALLERUP_SEED).split("\n")[:40]]
    lines[6] += b" ~|"  # ~ maps to a lone surrogate, | to NUL
    pdf = pdf_with_tounicode(lines, {0x7E: "D800", 0x7C: "0000"})
    raw = extract_text(pdf, "r.pdf", limits=Limits(), sandbox=False)
    assert "\x00" not in raw and "\ud800" not in raw
    response = upload_file(logged_in, ballerup, pdf, "nul.pdf")
    assert response.status_code == 200, response.content.decode()[:800]
    confirm = logged_in.post(
        "/upload/bekraeft/", {"token": response.context["confirm_form"].initial["token"]}
    )
    assert confirm.status_code == 302
    stored = SourceDocument.objects.get().text
    assert "\x00" not in stored and "\ud800" not in stored


def test_pdf_text_of_mostly_nul_is_refused(logged_in, ballerup):
    pdf = pdf_with_tounicode([b"REFERAT " + b"|" * 200], {0x7C: "0000"})
    refused(logged_in, ballerup, pdf, "nuller.pdf", "binære data")


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF8 + b"\x00" + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + ("\x00" + text).encode("utf-16-le"),
        lambda text: codecs.BOM_UTF8 + text.replace("\n\n", "\n\x00\n", 3).encode("utf-8"),
    ],
    ids=["utf8-bom-nul", "utf16-bom-nul", "nul-inside"],
)
def test_nul_behind_a_bom_is_dropped_and_the_text_imports(logged_in, ballerup, encode):
    data = encode(seed_text(BALLERUP_SEED))
    response = upload_file(logged_in, ballerup, data, "bom.txt")
    assert response.status_code == 200, response.content.decode()[:800]
    token = response.context["confirm_form"].initial["token"]
    assert logged_in.post("/upload/bekraeft/", {"token": token}).status_code == 302
    assert "\x00" not in SourceDocument.objects.get().text
    assert Meeting.objects.count() == 1


def test_text_of_mostly_nul_behind_a_bom_is_refused(logged_in, ballerup):
    data = codecs.BOM_UTF8 + b"REFERAT\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    refused(logged_in, ballerup, data, "nul.txt", "binære data")


def test_text_longer_than_allowed_is_refused_before_parsing(logged_in, ballerup, settings):
    text = seed_text(BALLERUP_SEED)
    huge = (text + "\n") * (5_000_001 // len(text) + 1)
    refused(logged_in, ballerup, huge.encode(), "kaempe.txt", "Teksten er for lang")


def test_meeting_with_more_items_than_allowed_is_refused(logged_in, ballerup):
    items = "".join(
        f"Punkt {n}: Sag nummer {n}\n\nBeslutning\n\nGodkendt\n\n" for n in range(1, 1102)
    )
    text = "Ballerup Kommune\n\nREFERAT Økonomiudvalget d. 13-10-2021\n\n" + items
    refused(logged_in, ballerup, text.encode(), "mange-punkter.txt", "højst 1000 er tilladt")


def test_import_minutes_refuses_a_bomb_with_the_same_message(tmp_path, ballerup):
    path = tmp_path / "bombe.docx"
    path.write_bytes(zip_bomb_docx(40))
    out = io.StringIO()
    before = row_counts()
    with pytest.raises(CommandError):
        call_command("import_minutes", str(path), "--municipality", "151", stdout=out)
    assert "zip-bombe" in out.getvalue()
    assert row_counts() == before


def test_child_that_runs_out_of_memory_is_a_danish_message_not_a_crash():
    """An address space below what the reader needs: the child dies, this process answers."""
    pdf = to_pdf(seed_text(BALLERUP_SEED))
    tiny = Limits(max_memory_bytes=24 * 1024 * 1024)
    with pytest.raises(ExtractionFailed, match="grænser for hukommelse og tid"):
        extract_text(pdf, "r.pdf", limits=tiny)


def test_bomb_past_the_zip_checks_is_still_bounded_by_the_child():
    """With the zip checks switched off the bomb reaches python-docx, in the child: it fails
    there (memory or libxml2's node limit) and this process does not grow by the bomb."""
    bomb = zip_bomb_docx(40, "a")
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    open_limits = Limits(
        max_unzipped_bytes=2**31,
        max_zip_ratio=10**6,
        max_chars=10**9,
        max_memory_bytes=256 * 1024 * 1024,
    )
    with pytest.raises(ExtractionFailed):
        extract_text(bomb, "bombe.docx", limits=open_limits)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - usage < 40 * 1024


def test_child_that_takes_too_long_is_stopped():
    pdf = to_pdf(seed_text(BALLERUP_SEED))
    with pytest.raises(ExtractionFailed, match="for lang tid"):
        extract_text(pdf, "r.pdf", limits=Limits(timeout_seconds=0.001))


def test_clean_text_drops_few_and_refuses_many_unwanted_characters():
    text = "Referat om budget. " * 20
    assert clean_text("\x00" + text + "\ud800\x07") == text
    with pytest.raises(ExtractionFailed, match="binære data"):
        clean_text("ab\x00\x00\x00")


def test_long_text_is_parsed_in_the_child_like_in_process():
    from meetings.extract.sandbox import parse_in_child
    from meetings.parsing import parse

    text = seed_text(BALLERUP_SEED)
    assert parse_in_child(text, Limits()).to_dict(with_text=True) == parse(text).to_dict(
        with_text=True
    )


def test_parse_that_takes_too_long_is_a_danish_message():
    from meetings.extract.sandbox import parse_in_child

    items = "".join(f"Punkt {n}: Sag {n}\n\nBeslutning\n\nGodkendt\n\n" for n in range(1, 40_000))
    text = "REFERAT Økonomiudvalget d. 13-10-2021\n\n" + items
    with pytest.raises(ExtractionFailed, match="tidsgrænsen"):
        parse_in_child(text, Limits(max_cpu_seconds=1, timeout_seconds=1.5))


def test_long_upload_is_previewed_and_imported_through_the_bounded_parse(logged_in, ballerup):
    from meetings.extract import PARSE_IN_PROCESS_CHARS

    text = seed_text(BALLERUP_SEED).rstrip("\n")
    long_text = text + "\n\n" + ("Supplerende bemærkning til punktet. " * 9_000) + "\n"
    assert len(long_text) > PARSE_IN_PROCESS_CHARS
    response = upload_file(logged_in, ballerup, long_text.encode(), "lang.txt")
    assert response.status_code == 200, response.content.decode()[:800]
    token = response.context["confirm_form"].initial["token"]
    assert logged_in.post("/upload/bekraeft/", {"token": token}).status_code == 302
    assert Meeting.objects.get().items.count() == 6
