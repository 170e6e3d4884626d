"""Bytes of an uploaded or scraped text file -> str.

UTF-8 (with or without BOM), UTF-16/UTF-32 with a byte order mark, and Windows-1252 (the
usual encoding of older Danish exports) as the fallback. Binary data is refused.

Standard library only.
"""

from __future__ import annotations

import codecs


class UndecodableText(ValueError):
    """The bytes are not a text file (binary data, or NUL bytes without a UTF-16 BOM)."""


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    # The five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode as
    # their Latin-1 code points rather than failing.
    chunk = error.object[error.start : error.end]
    return chunk.decode("latin-1"), error.end


codecs.register_error("referat-latin1", _latin1_fallback)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x0b\x1a")


def decode_bytes(data: bytes) -> str:
    """Decode a text file's bytes; raise UndecodableText for binary data."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_bytes() needs bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableText(
                    f"the file starts with a {encoding} byte order mark but is not valid "
                    f"{encoding} (byte {exc.start + len(bom)}): {exc.reason}"
                ) from exc
    if b"\x00" in data:
        raise UndecodableText(
            "binary data: the file contains NUL bytes and no UTF-16 byte order mark, so it is "
            "not a text file (upload the PDF or DOCX itself, or save the text as UTF-8)"
        )
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if sample and controls > max(8, len(sample) // 20):
        raise UndecodableText(
            f"binary data: {controls} control bytes in the first {len(sample)} bytes; "
            "this is not a text file"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="referat-latin1")
