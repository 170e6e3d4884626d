"""Text out of an uploaded file (tekstudtræk): plain text, PDF (pypdf) or Word (python-docx).

``extract_text(data, filename)`` returns the minutes text for the parser, or raises
``ExtractionFailed`` with a Danish message that is safe to show to a clerk.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from meetings.parsing import UndecodableText, decode_bytes

TEXT_EXTENSIONS = (".txt", ".text", ".md")
PDF_EXTENSIONS = (".pdf",)
DOCX_EXTENSIONS = (".docx",)
ALLOWED_EXTENSIONS = TEXT_EXTENSIONS + PDF_EXTENSIONS + DOCX_EXTENSIONS

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


class ExtractionFailed(ValueError):
    """The file gave no usable text; the message (in Danish) says why."""


def extension_of(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def extract_text(data: bytes, filename: str) -> str:
    """The text of an uploaded file, chosen by its content first and its name second."""
    if not data:
        raise ExtractionFailed("Filen er tom.")
    extension = extension_of(filename)
    if data.startswith(PDF_MAGIC):
        text = _pdf_text(data)
    elif data.startswith(ZIP_MAGIC):
        if extension not in DOCX_EXTENSIONS:
            raise ExtractionFailed(
                "Filen er et komprimeret arkiv (zip) og ikke et referat. "
                "Upload referatet som .txt, .pdf eller .docx."
            )
        text = _docx_text(data)
    elif extension in PDF_EXTENSIONS + DOCX_EXTENSIONS:
        raise ExtractionFailed(
            f"Filen hedder {extension}, men indholdet er ikke en gyldig {extension[1:].upper()}-fil."
        )
    elif extension and extension not in TEXT_EXTENSIONS:
        raise ExtractionFailed(
            f"Filtypen {extension} understøttes ikke. Upload referatet som .txt, .pdf eller .docx."
        )
    else:
        text = _plain_text(data)
    if not text.strip():
        raise ExtractionFailed("Filen indeholder ingen tekst.")
    return text


def _plain_text(data: bytes) -> str:
    try:
        return decode_bytes(data)
    except UndecodableText as exc:
        if _looks_binary(data):
            raise ExtractionFailed(
                "Filen er en binær fil og ikke tekst. Upload referatet som .txt, .pdf eller .docx."
            ) from exc
        raise ExtractionFailed(
            "Teksten kunne ikke læses: tegnkodningen er ukendt eller filen er beskadiget. "
            "Gem filen som UTF-8-tekst og prøv igen."
        ) from exc


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than one in twenty bytes a control character: not text."""
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\x0c\x0b\x1a")
    return b"\x00" in sample or controls > len(sample) // 20


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionFailed("PDF-filen er beskyttet med adgangskode og kan ikke læses.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionFailed:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionFailed("PDF-filen er beskadiget og kunne ikke læses.") from exc
    text = "\n\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise ExtractionFailed(
            "PDF-filen indeholder ingen tekst (er den scannet?). Upload en PDF med tekst, "
            "eller referatet som .txt eller .docx."
        )
    return text


def _docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    lines.append("\t".join(cell.text.strip() for cell in row.cells))
            else:
                lines.append(block.text)
            lines.append("")
    except (zipfile.BadZipFile, PackageNotFoundError, XMLSyntaxError, KeyError, ValueError) as exc:
        raise ExtractionFailed("Word-filen (.docx) er beskadiget og kunne ikke læses.") from exc
    return "\n".join(lines)
