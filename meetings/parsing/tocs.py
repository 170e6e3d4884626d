"""Tables of contents (indholdsfortegnelse, dagsorden kort): marked so that they never
yield items. Contents headings live in _TOC_HEADING_RE.

Standard library only.
"""

from __future__ import annotations

import re

from . import vocabulary
from .items import (
    parse_heading,
)

_TOC_HEADING_RE = re.compile(
    r"^(?:indholdsfortegnelse|indhold|dagsorden kort|kort dagsorden|dagsordensoversigt"
    r"|oversigt over (?:punkter|sager|dagsordenspunkter)|punktoversigt|table of contents)\s*:?$",
    re.IGNORECASE,
)
_NUMBERED_START_RE = re.compile(r"^(\d{1,3})\.\s+\S")
_TOC_DOTS_RE = re.compile(r"(?:\.{3,}|…+|\s\.\s\.\s\.)\s*\.?\s*\d{1,4}$")


def _toc_entry(s: str) -> bool:
    return s[0] == "|" or (s[-1].isdigit() and _TOC_DOTS_RE.search(s[-80:]) is not None)


def _numbered_number(s: str) -> int | None:
    if s[:1].isdigit():
        match = _NUMBERED_START_RE.match(s)
        if match:
            return int(match.group(1))
        return None
    heading = parse_heading(s)
    return heading[0] if heading else None


def mark_tocs(lines: list[str]) -> bytearray:
    """Tables of contents (Indholdsfortegnelse / Indhold / Dagsorden kort): never items."""
    n = len(lines)
    skip = bytearray(n)
    i = 0
    while i < n:
        s = lines[i]
        if not s or s[0] not in "IiDdKkOoPpTt" or not _TOC_HEADING_RE.match(s):
            i += 1
            continue
        always = vocabulary.key(s) != "indhold"
        end = _toc_end(lines, i, always)
        if end is None:
            i += 1
            continue
        for k in range(i, end + 1):
            skip[k] = 1
        i = end + 1
    return skip


def _toc_end(lines: list[str], i: int, always: bool) -> int | None:
    n = len(lines)
    end = None
    last_number = None
    dotted = False
    j = i + 1
    while j < n:
        s = lines[j]
        if not s:
            j += 1
            continue
        if _toc_entry(s):
            end = j
            dotted = True
            j += 1
            continue
        number = None if dotted else _numbered_number(s)
        if number is not None and (last_number is None or number > last_number):
            if last_number is None and not always:
                break
            last_number = number
            end = j
            j += 1
            continue
        # A category line or the first half of a wrapped entry: the next line is an entry.
        k = j + 1
        while k < n and not lines[k]:
            k += 1
        if k < n and len(s) <= 160 and _toc_entry(lines[k]):
            j = k
            continue
        break
    if end is None:
        return i if always else None
    return end
