"""Helpers for the clerks' tests: seed files, row counts, upload posts, tiny PDF/DOCX files."""

from __future__ import annotations

import io
from html.parser import HTMLParser
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


class _FormFields(HTMLParser):
    """Collects the submittable fields of one <form> as a browser would send them."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None
        self._multiple = False

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = attrs["name"]
            self._select_values = []
            self._first_option = None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._select_values.append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline that opens a textarea's content.
            values = self.data[self._textarea]
            values[-1] = values[-1].removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select_values and not self._multiple and self._first_option is not None:
                self._select_values = [self._first_option]
            for value in self._select_values:
                self._add(self._select, value)
            self._select = None


def form_data(html: str, form_id: str) -> dict[str, list[str]]:
    """The fields of ``<form id=form_id>`` in ``html``, ready for ``client.post``."""
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.data


def upload_and_confirm(client, municipality, data: bytes, name: str):
    """Preview then confirm an upload through the pages; returns the Upload row."""
    from meetings.models import Upload

    preview = upload_file(client, municipality, data, name)
    assert preview.status_code == 200, preview.content.decode()[:2000]
    response = client.post("/upload/bekraeft/", {"token": confirm_token(preview)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Upload.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))
