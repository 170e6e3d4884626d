"""Text out of uploaded files: plain text, PDF, DOCX, and clear Danish refusals."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from meetings.extract import ExtractionFailed, extract_text
from meetings.parsing import parse

from .helpers import BALLERUP_SEED, minimal_docx, minimal_pdf, seed_bytes, seed_text


def test_plain_text_seed_is_returned_as_parsed_minutes():
    text = extract_text(seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    parsed = parse(text)
    assert parsed.municipality == "Ballerup Kommune"
    assert [item.number for item in parsed.meetings[0].items] == [1, 2, 3, 4, 5, 6]


def test_windows_1252_text_is_decoded():
    data = "REFERAT Økonomiudvalget – møde".encode("cp1252")
    assert extract_text(data, "referat.txt") == "REFERAT Økonomiudvalget – møde"


def test_pdf_text_layer_is_extracted_with_danish_letters():
    lines = [line for line in seed_text(BALLERUP_SEED).splitlines() if line.strip()][:12]
    text = extract_text(minimal_pdf(lines), "referat.pdf")
    assert "REFERAT Digitaliserings- og Teknologiudvalget d. 13-10-2021" in text
    assert "Mødested Mødecenter A, Lokale 3 på Ballerup Rådhus" in text
    parsed = parse(text)
    assert parsed.meetings and parsed.meetings[0].body == "Digitaliserings- og Teknologiudvalget"


def test_docx_paragraphs_become_lines_of_text():
    paragraphs = [line for line in seed_text(BALLERUP_SEED).splitlines() if line.strip()]
    text = extract_text(minimal_docx(paragraphs), "referat.docx")
    parsed = parse(text)
    assert [item.title for item in parsed.meetings[0].items][:2] == [
        "Meddelelser",
        "Digitalisering under den nuværende kommunalbestyrelsesperiode",
    ]


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("noter.txt", "ikke et Word-dokument")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tom.txt", "Filen er tom."),
        (b"   \n\n\t ", "blank.txt", "Filen indeholder ingen tekst."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "billede.txt", "binær fil"),
        (bytes(range(1, 32)) * 40, "styretegn.txt", "binær fil"),
        (codecs.BOM_UTF8 + b"Referat \xff\xfe m\xf8de", "kodning.txt", "tegnkodningen"),
        (b"%PDF-1.4\n garbage without objects", "brudt.pdf", "PDF-filen er beskadiget"),
        (b"Referat som tekst", "referat.pdf", "ikke en gyldig PDF-fil"),
        (b"PK\x03\x04 not really a zip", "referat.docx", "Word-filen"),
        (b"PK\x03\x04 not really a zip", "arkiv.zip", "komprimeret arkiv"),
        (_zip_without_document(), "tom.docx", "Word-filen"),
        (b"MZ\x90\x00\x03", "program.exe", "Filtypen .exe understøttes ikke"),
        (minimal_pdf([]), "tom.pdf", "ingen tekst"),
    ],
)
def test_unusable_files_are_refused_with_a_danish_reason(data, name, message):
    with pytest.raises(ExtractionFailed) as caught:
        extract_text(data, name)
    assert message in str(caught.value)
