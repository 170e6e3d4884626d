"""PDF files through pypdf's layout mode, which keeps the lines of the page.

Why pypdf's ``extract_text(extraction_mode="layout")`` and not pdfminer.six: the layout
mode places every text run on a character grid by its coordinates, so a printed line stays
one line, a blank gap stays a blank line, and columns (a label beside its value, a contents
list's page numbers) stay on the line they belong to: the structure the parser reads. It
is already a dependency (pure Python, well kept) and decrypts AES PDFs with ``cryptography``.
pdfminer.six's LAParams grouping re-flows text into boxes it guesses, which splits a label
from its value and joins short lines, and its output depends on tuning per layout. The
plain mode of pypdf (the default) joins runs without regard to their position, so a heading
may merge with the line under it.

Bounded: the page count is checked before any page is read, the text stops at
``Limits.max_chars``, and the whole reading runs in the sandbox (memory, CPU, time).
"""

from __future__ import annotations

import io

from .limits import ExtractionFailed, Limits, check_length, check_pages

BROKEN = "PDF-filen er beskadiget og kunne ikke læses."
LOCKED = (
    "PDF-filen er beskyttet med en adgangskode og kan ikke læses. Gem den uden adgangskode "
    "(eller som tekst) og prøv igen."
)
NO_TEXT = (
    "PDF-filen indeholder ingen tekst (er den scannet?). Upload en PDF med tekst, "
    "eller referatet som .txt eller .docx."
)


def _page_text(page) -> str:
    text = page.extract_text(extraction_mode="layout")
    # Layout mode pads each line to its column; the padding on the right means nothing.
    return "\n".join(line.rstrip() for line in text.splitlines())


def text_of(data: bytes, limits: Limits) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as exc:  # only without the cryptography package
                raise ExtractionFailed(LOCKED) from exc
            if not opened:
                raise ExtractionFailed(LOCKED)
        check_pages(len(reader.pages), limits)
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            pages.append(_page_text(page))
            size += len(pages[-1])
            check_length(size, limits)
    except ExtractionFailed:
        raise
    except FileNotDecryptedError as exc:
        raise ExtractionFailed(LOCKED) from exc
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        AttributeError,
        IndexError,
        ZeroDivisionError,
        RecursionError,
        AssertionError,
    ) as exc:
        raise ExtractionFailed(BROKEN) from exc
    # Pages are separated by a form feed at the start of the next page, as pdftotext writes
    # them: the parser knows a running page header by it.
    text = "\n\f".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise ExtractionFailed(NO_TEXT)
    return text
