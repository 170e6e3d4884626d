"""Word files (.docx) through python-docx: one line per paragraph, one per table row.

The zip is checked (limits.check_zip) before python-docx opens it, so a zip bomb is refused
without being unpacked. Paragraphs are separated by a blank line, as the parser expects of
paragraphs; a table row becomes one line with its cells separated by tabs.
"""

from __future__ import annotations

import io
import zipfile

from .limits import ExtractionFailed, Limits, check_zip

BROKEN = "Word-filen (.docx) er beskadiget og kunne ikke læses."


def text_of(data: bytes, limits: Limits) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive, len(data), limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        if isinstance(exc, ExtractionFailed):
            raise
        raise ExtractionFailed(BROKEN) from exc

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        size = 0
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    lines.append("\t".join(cell.text.strip() for cell in row.cells))
            else:
                lines.append(block.text)
            lines.append("")
            size += len(lines[-2]) + 2
            if size > limits.max_chars:
                break
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        XMLSyntaxError,
        KeyError,
        ValueError,
        AttributeError,
        IndexError,
    ) as exc:
        raise ExtractionFailed(BROKEN) from exc
    return "\n".join(lines)
