"""Helpers for the clerks' tests: seed files, row counts, upload posts, tiny PDF/DOCX files."""

from __future__ import annotations

import io
from pathlib import Path

from django.apps import apps

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "minutes"
BALLERUP_SEED = "ballerup-digitalisering-2021-10-13.txt"
ALBERTSLUND_SEED = "albertslund-chefforum-2020-05-20.txt"
AARHUS_SEED = "aarhus-magistraten-2020-08-24.txt"
PASSWORD = "korrekt-hest-batteri-42"


def seed_bytes(name: str) -> bytes:
    return (SEEDS / name).read_bytes()


def seed_text(name: str) -> str:
    return seed_bytes(name).decode("utf-8")


def row_counts() -> dict[str, int]:
    """Rows in every table of the meetings app (models and their history tables)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("meetings").get_models()
    }


def upload_file(client, municipality, data: bytes, name: str):
    """POST the upload form (the preview step)."""
    handle = io.BytesIO(data)
    handle.name = name
    return client.post("/upload/", {"municipality": municipality.pk, "file": handle})


def confirm_token(response) -> str:
    """The signed token of the confirm form on a preview page."""
    return response.context["confirm_form"].initial["token"]


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF whose text layer holds ``lines`` (WinAnsi encoded)."""

    def escape(text: str) -> bytes:
        raw = text.encode("cp1252")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = b"BT /F1 9 Tf 20 820 Td 11 TL\n"
    for line in lines:
        content += b"(" + escape(line) + b") Tj T*\n"
    content += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def minimal_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
