"""Bounds on extraction (grænser), so a hostile file cannot take a worker down.

Checked before a file is read (a zip's declared sizes) and while it is read (pages,
characters), and enforced from outside by the sandbox (meetings/extract/sandbox.py: memory,
CPU time and wall-clock time of the child process that does the reading). Every refusal is an
``ExtractionFailed`` with a Danish message a clerk can act on.

Standard library only.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass


class ExtractionFailed(ValueError):
    """The file gave no usable text; the message (in Danish) says why."""


@dataclass(frozen=True)
class Limits:
    """The bounds of one extraction. The defaults fit the largest real minutes by a wide
    margin (a 600-page PDF bundle is about 2 million characters)."""

    # PDF: pages read (sider).
    max_pages: int = 2_000
    # Text handed to the parser, in characters (tegn), whatever the format.
    max_chars: int = 5_000_000
    # DOCX / zip: the sum of the members' declared uncompressed sizes, and the ratio of
    # uncompressed to compressed size (a zip bomb compresses a few hundred to one).
    max_unzipped_bytes: int = 100 * 1024 * 1024
    max_zip_ratio: int = 100
    max_zip_members: int = 2_000
    # The sandboxed child: address space (bytes), CPU seconds, wall-clock seconds.
    max_memory_bytes: int = 1024 * 1024 * 1024
    max_cpu_seconds: int = 30
    timeout_seconds: float = 60.0


DEFAULT_LIMITS = Limits()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_zip(archive: zipfile.ZipFile, compressed_size: int, limits: Limits) -> None:
    """Refuse a zip (DOCX) whose declared contents are too many or too large, before any
    member is decompressed. The declared sizes are what the reader trusts later: python's
    zipfile stops at a member's declared size, so a lying header cannot unpack more."""
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise ExtractionFailed(
            f"Word-filen består af {len(members)} dele; højst {limits.max_zip_members} "
            "er tilladt. Filen er ikke et almindeligt referat."
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        raise ExtractionFailed(
            f"Word-filen fylder {_megabytes(total)} udpakket; højst "
            f"{_megabytes(limits.max_unzipped_bytes)} er tilladt. Gem referatet som PDF eller "
            "tekst, eller del det op."
        )
    if total > 1024 * 1024 and total > limits.max_zip_ratio * max(compressed_size, 1):
        raise ExtractionFailed(
            "Word-filen er pakket usædvanligt hårdt sammen (en såkaldt zip-bombe) og læses "
            "ikke. Gem referatet som PDF eller tekst og prøv igen."
        )


def check_pages(count: int, limits: Limits) -> None:
    if count > limits.max_pages:
        raise ExtractionFailed(
            f"PDF-filen har {count} sider; højst {limits.max_pages} sider er tilladt. "
            "Del referatet op i flere filer."
        )


def check_length(length: int, limits: Limits) -> None:
    if length > limits.max_chars:
        raise ExtractionFailed(
            f"Teksten er for lang ({length:,} tegn; højst {limits.max_chars:,} er tilladt). "
            "Del referatet op i flere filer.".replace(",", ".")
        )


# NUL and the other C0 controls a text never needs (tab, newline, carriage return, form feed
# and vertical tab stay), and lone UTF-16 surrogates, which no database column can store.
_UNWANTED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str, limits: Limits = DEFAULT_LIMITS, *, what: str = "Filen") -> str:
    """The text with NUL, stray control characters and lone surrogates removed.

    A few such characters are noise of an export (a PDF font's NUL glyph, a NUL behind a
    byte order mark) and are dropped; a text where they are more than one character in a
    hundred is binary data and is refused."""
    check_length(len(text), limits)
    found = len(_UNWANTED.findall(text))
    if found and found * 100 > max(len(text), 1):
        raise ExtractionFailed(
            f"{what} indeholder binære data (NUL- eller styretegn) og er ikke et læsbart "
            "referat. Gem referatet som UTF-8-tekst, PDF eller Word og prøv igen."
        )
    if found:
        text = _UNWANTED.sub("", text)
    return text
