"""Text out of a minutes file (tekstudtræk): plain text, web page, PDF or Word.

One entry point for every way in (the upload view and ``manage.py import_minutes``)::

    extract_text(data, filename) -> str     # or raises ExtractionFailed (Danish message)

The format is chosen by the content first (``%PDF-``, a zip, an HTML document) and the file
name second. One module per format: ``text`` (decoding), ``html`` (lxml, block structure
kept, web chrome dropped), ``pdf`` (pypdf layout mode, lines kept), ``docx`` (python-docx).
``limits`` holds the bounds (pages, characters, zip sizes, memory, time) and the text clean-up
(NUL, control characters, lone surrogates), and ``sandbox`` runs PDF, DOCX and HTML reading in
a child process with resource limits, so a hostile file cannot take a worker down.

Nothing here imports Django.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from .limits import DEFAULT_LIMITS, ExtractionFailed, Limits, clean_text

__all__ = [
    "ALLOWED_EXTENSIONS",
    "DEFAULT_LIMITS",
    "ExtractionFailed",
    "Limits",
    "clean_text",
    "extension_of",
    "extract_text",
    "parse_bounded",
    "read_in_process",
]

# Texts up to this many characters are parsed in the calling process (well under a second);
# longer ones in the sandboxed child, bounded in time (see parse_bounded).
PARSE_IN_PROCESS_CHARS = 300_000

TEXT_EXTENSIONS = (".txt", ".text", ".md")
HTML_EXTENSIONS = (".html", ".htm")
PDF_EXTENSIONS = (".pdf",)
DOCX_EXTENSIONS = (".docx",)
ALLOWED_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + PDF_EXTENSIONS + DOCX_EXTENSIONS
SUPPORTED = "Upload referatet som .txt, .html, .pdf eller .docx."

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def extension_of(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            if bom != b"\xef\xbb\xbf":  # UTF-16: look at the ASCII bytes only
                head = head.replace(b"\x00", b"")
            break
    return bool(_HTML_START.match(head))


def kind_of(data: bytes, filename: str) -> str:
    """Which reader a file goes to: text, html, pdf or docx (or ExtractionFailed)."""
    extension = extension_of(filename)
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        if extension not in DOCX_EXTENSIONS:
            raise ExtractionFailed(
                f"Filen er et komprimeret arkiv (zip) og ikke et referat. {SUPPORTED}"
            )
        return "docx"
    if extension in PDF_EXTENSIONS + DOCX_EXTENSIONS:
        raise ExtractionFailed(
            f"Filen hedder {extension}, men indholdet er ikke en gyldig {extension[1:].upper()}-fil."
        )
    if extension in HTML_EXTENSIONS or (
        extension not in TEXT_EXTENSIONS and _looks_like_html(data)
    ):
        return "html"
    if extension and extension not in TEXT_EXTENSIONS:
        raise ExtractionFailed(f"Filtypen {extension} understøttes ikke. {SUPPORTED}")
    return "text"


def read_in_process(kind: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read ``data`` as ``kind`` in this process (the sandbox's child calls this)."""
    if kind == "pdf":
        from .pdf import text_of
    elif kind == "docx":
        from .docx import text_of
    elif kind == "html":
        from .html import text_of
    else:
        from .text import text_of as decode

        return decode(data)
    return text_of(data, limits)


def extract_text(
    data: bytes, filename: str, *, limits: Limits = DEFAULT_LIMITS, sandbox: bool = True
) -> str:
    """The minutes text of a file, chosen by its content first and its name second.

    PDF, DOCX and HTML are read in a limited child process (``sandbox=False`` reads them in
    this one, for benchmarks). The text comes back without NUL, stray control characters or
    lone surrogates, and at most ``limits.max_chars`` long; ExtractionFailed otherwise."""
    if not data:
        raise ExtractionFailed("Filen er tom.")
    kind = kind_of(data, filename)
    if kind == "text" or not sandbox:
        text = read_in_process(kind, data, limits)
    else:
        from .sandbox import run

        text = run(kind, data, limits)
    text = clean_text(text, limits)
    if not text.strip():
        raise ExtractionFailed("Filen indeholder ingen tekst.")
    return text


def parse_bounded(text: str, parse, limits: Limits = DEFAULT_LIMITS):
    """``parse(text)``, bounded: a long text is parsed in the sandboxed child with a CPU and
    wall-clock limit, so a crafted text cannot keep a web worker busy for minutes;
    ExtractionFailed (Danish) when it takes too long. ``parse`` is the parser function,
    passed by the caller (meetings.parsing.parse), used as is for short texts."""
    if len(text) <= PARSE_IN_PROCESS_CHARS:
        return parse(text)
    from .sandbox import parse_in_child, parse_limits

    return parse_in_child(text, parse_limits(limits))
