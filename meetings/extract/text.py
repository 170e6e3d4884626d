"""Plain text files (tekstfiler): decoded by meetings.parsing.decode_bytes.

UTF-8 with or without BOM, UTF-16/32 with BOM, Windows-1252 as the fallback; NUL and stray
control characters are dropped or, when there are many, the file is refused as binary (see
limits.clean_text).
"""

from __future__ import annotations

from meetings.parsing import UndecodableText, decode_bytes

from .limits import ExtractionFailed

BINARY = (
    "Filen er en binær fil og ikke en tekstfil. Upload referatet som .txt, .html, .pdf eller .docx."
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or more than one in twenty bytes a control character: not text."""
    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r\x0c\x0b\x1a")
    return b"\x00" in sample or controls > len(sample) // 20


def text_of(data: bytes) -> str:
    try:
        return decode_bytes(data)
    except UndecodableText as exc:
        # FF FE 00 00 is the UTF-32 LE byte order mark, and also the UTF-16 LE one followed
        # by a NUL character: when it is not UTF-32, read it as UTF-16.
        if data.startswith(b"\xff\xfe\x00\x00"):
            try:
                return data[2:].decode("utf-16-le")
            except UnicodeDecodeError:
                pass
        if looks_binary(data):
            raise ExtractionFailed(BINARY) from exc
        raise ExtractionFailed(
            "Teksten kunne ikke læses: tegnkodningen er ukendt eller filen er beskadiget. "
            "Gem filen som UTF-8-tekst og prøv igen."
        ) from exc
