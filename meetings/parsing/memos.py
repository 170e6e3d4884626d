"""Appended memos (notater with Til / Fra / Dato): found, and attached to the item whose
title their subject line names.

Standard library only.
"""

from __future__ import annotations

import bisect
import re

from . import vocabulary
from .items import (
    BodyParser,
    parse_heading,
)
from .messages import (
    _Doc,
    _quote,
)

_MEMO_TO_RE = re.compile(r"^til\s*:?\s+\S", re.IGNORECASE)
_MEMO_FROM_RE = re.compile(r"^fra\s*:?\s+\S", re.IGNORECASE)
_MEMO_FIELD_RE = re.compile(
    r"^(?:til|fra|dato|emne|vedr\.?|vedrørende|kopi|cc|sagsnr\.?|j\.\s?nr\.?)\s*:?\s+\S",
    re.IGNORECASE,
)


def _memo_starts(lines: list[str], skip: bytearray) -> list[tuple[int, int]]:
    """(start, index of the Til line) of appended memos: a block with "Til …" and "Fra …"."""
    starts = []
    n = len(lines)
    for i in range(n):
        s = lines[i]
        if not s or skip[i] or s[0] not in "Tt" or not _MEMO_TO_RE.match(s):
            continue
        ok = False
        seen = 0
        for k in range(i + 1, min(n, i + 8)):
            if not lines[k]:
                continue
            seen += 1
            if _MEMO_FROM_RE.match(lines[k]):
                ok = True
                break
            if seen >= 3:
                break
        if not ok:
            continue
        start = i
        k = i - 1
        while k >= 0 and not lines[k]:
            k -= 1
        if (
            k >= 0
            and len(lines[k].split()) <= 4
            and lines[k][-1] not in ".:;,"
            and lines[k][0].isupper()
        ):
            if parse_heading(lines[k]) is None:
                start = k
        starts.append((start, i))
    return starts


# A memo belongs to an item of one of the last few meetings before it.
_MEMO_MEETINGS_BACK = 5


def _attach_memo(doc: _Doc, start: int, til: int, end: int, meetings, starts) -> None:
    lines = doc.lines
    # The Til/Fra/Dato block, then the subject line.
    k = til
    while k < end and (not lines[k] or _MEMO_FIELD_RE.match(lines[k])):
        k += 1
    subject = lines[k] if k < end else ""
    count = bisect.bisect_left(starts, start)
    candidates = [
        (k, item)
        for k in range(max(0, count - _MEMO_MEETINGS_BACK), count)
        for item in meetings[k][1]
    ]
    target = _match_item(subject, candidates)
    if target is None:
        about = f"med emnet {_quote(subject)}" if subject else "uden emnelinje"
        doc.warn(
            start,
            f"Et notat (Til/Fra) {about} kunne ikke knyttes til et dagsordenspunkt og er ikke "
            "indlæst. Tjek at notatets emne nævner punktets titel.",
        )
        return
    meeting_index, item = target
    header = meetings[meeting_index][0]
    parser = BodyParser(item, header.body, header.date, memo=True)
    parser.nonblank = 1
    if start < til:
        label = lines[start]
        parser.start_section(label, vocabulary.section_kind(label) or "other")
    for j in range(til, end):
        parser.feed(lines[j], doc.md[j])
    parser.close()


def _match_item(subject: str, all_items):
    if not subject:
        return None
    low = " ".join(subject.lower().split())
    best = None
    best_len = 0
    for meeting_index, item in all_items:
        title = " ".join(item.title.lower().split())
        if len(title.split()) < 2 or len(title) < 8:
            continue
        if title in low or (len(low) >= 8 and low in title):
            if len(title) > best_len:
                best, best_len = (meeting_index, item), len(title)
    return best
