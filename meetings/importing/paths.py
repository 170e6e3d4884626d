"""A minutes text or file into the archive: import_text and import_path (read through
meetings.extract, the one way files are read), around import_document."""

from __future__ import annotations

from pathlib import Path

from ..pages.originals import keep_original
from ..parsing import parse
from .api import import_document
from .results import ImportFailed, ImportResult


def import_text(text: str, **kwargs) -> ImportResult:
    """Parse a minutes text and import it (see import_document for the arguments)."""
    if not text or not text.strip():
        raise ImportFailed("Teksten er tom.")
    text = _clean_text(text)
    return import_document(parse(text), text=text, **kwargs)


def _clean_text(text: str) -> str:
    """NUL, stray control characters and lone surrogates out, length bounded (a text given
    directly, not read from a file, passes the same checks as an extracted one)."""
    from ..extract import ExtractionFailed, clean_text

    try:
        return clean_text(text, what="Teksten")
    except ExtractionFailed as exc:
        raise ImportFailed(str(exc)) from exc


def read_minutes(path: str | Path) -> str:
    """The text of a minutes file through meetings.extract, the one way files are read
    (text in any of the usual encodings, .html/.htm, .pdf, .docx; bounded, see
    meetings/extract/limits.py)."""
    from ..extract import ExtractionFailed, extract_text

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"Filen {path} kan ikke læses: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise ImportFailed("Filen er tom.")
    try:
        return extract_text(data, path.name)
    except ExtractionFailed as exc:
        raise ImportFailed(str(exc)) from exc


def import_path(path: str | Path, **kwargs) -> ImportResult:
    """Read a minutes file and import it; ``original_name`` defaults to the file name."""
    kwargs.setdefault("original_name", Path(path).name)
    result = import_text(read_minutes(path), **kwargs)
    if not result.dry_run and result.source is not None and result.status != "unchanged":
        # Keep the file as it came (PDF, DOCX, HTML or text) for the download link.
        keep_original(result.source, Path(path).read_bytes(), kwargs["original_name"])
    return result
