"""Where a meeting starts (its anchor line) and its body as printed there.

Anchor styles:

A. ``REFERAT Magistraten d. 24-08-2020`` (a kind word, the body, the date);
B. a title line followed by a date line: ``Rådmandsmøde (Rådmandsmøde)`` / ``04-08-2020
   08:30`` / place, or a title followed by ``Mødedato: …``;
C. a labelled body: ``Emne: …`` / ``Udvalg: …`` followed by meeting labels;
M. the sentence "Referat af mødet i X den … kl. … på …" (zone.moede_i).

Headers no style knows are read by parser.py from the free header lines (zone.zone).

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import bodies, vocabulary
from ..dates import WEEKDAYS, find_date, find_date_and_times, find_times, is_date_time_line
from . import zone as header_zone
from .labels import (
    _BODY_LABELS,
    _CONNECTORS,
    _DATE_LABELS,
    _KIND_WORD_RE,
    _STRONG_LABELS,
    KIND_LABEL_RE,
    _kind_of,
    header_label,
)

_BODY_MEETING_WORDS = (
    ("udvalgsmøde", "udvalget"),
    ("byrådsmøde", "byrådet"),
    ("kommunalbestyrelsesmøde", "kommunalbestyrelsen"),
    ("regionsrådsmøde", "regionsrådet"),
    ("magistratsmøde", "magistraten"),
    ("direktionsmøde", "direktionen"),
)
_BODY_PREFIX_RE = re.compile(
    r"^(?:(?:af|fra|for|til|i)\s+)?(?:(?:det\s+)?(?:ordinære|ekstraordinære|ordinært|ekstraordinært)\s+)?"
    r"(?:møde(?:t)?\s+(?:i|for)\s+)?",
    re.IGNORECASE,
)
_WEEKDAY_SUFFIX_RE = re.compile(
    rf"(?:[\s,\-–]+(?:(?:{'|'.join(WEEKDAYS)})\b|den|d\.?|mødet|møde|kl\.?|fra|af|for|,|-|–))+\s*$",
    re.IGNORECASE,
)
_REPEAT_PAREN_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<inner>[^()]+)\)$")


def clean_body(text: str) -> str:
    """The body's name from a header fragment: "Magistraten", "Rådmandsmøde (Rådmandsmøde)"
    -> "Rådmandsmøde", "Social- og Beskæftigelsesudvalgsmøde" -> "Social- og
    Beskæftigelsesudvalget"."""
    body = " ".join(text.split()).strip(" ,.:;-–")
    if len(body) > 200:
        return body  # not a body name; the caller rejects it
    body = _BODY_PREFIX_RE.sub("", body)
    body = _WEEKDAY_SUFFIX_RE.sub("", body).strip(" ,.:;-–")
    match = _REPEAT_PAREN_RE.match(body)
    if match and " ".join(match.group("inner").split()).lower() == match.group("name").lower():
        body = match.group("name")
    low = body.lower()
    for suffix, replacement in _BODY_MEETING_WORDS:
        if low.endswith(suffix):
            cut = len(body) - len(suffix)
            replaced = body[cut:].lower().replace(suffix, replacement)
            if body[cut:][:1].isupper():
                replaced = replaced[:1].upper() + replaced[1:]
            body = body[:cut] + replaced
            break
    return bodies.tidy(body.strip())


@dataclass
class Anchor:
    """Where a meeting starts."""

    index: int  # the anchor line
    start: int  # first line of the meeting (a kind label above the anchor included)
    style: str  # "A", "B", "C" or "fallback"
    body: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    kind: str | None = None
    date_line: int | None = None  # style B: the line with the date
    bad_date: bool = False
    location: str | None = None


def _follows_header(lines: list[str], start: int, count: int, strong_only: bool = False) -> bool:
    """Whether one of the next ``count`` non-blank lines is a meeting header line."""
    seen = 0
    i = start
    while i < len(lines) and seen < count:
        s = lines[i]
        i += 1
        if not s:
            continue
        seen += 1
        label = header_label(s)
        if label is not None and label[0] not in _BODY_LABELS:
            if strong_only and label[0] not in _STRONG_LABELS:
                continue
            return True
        if not strong_only and is_date_time_line(s):
            return True
    return False


def _next_nonblank(lines: list[str], start: int) -> int:
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    return i


_NOT_TITLES = ("bilag", "punkt", "pkt", "side ", "deltagerliste", "deltagerkreds", "tabel")


def _title_like(s: str) -> bool:
    if not (2 <= len(s) <= 100) or not s[0].isupper():
        return False
    if s[-1] in ".:;,!?" or ":" in s[:40] or s[0] == "|" or header_label(s) is not None:
        return False
    if vocabulary.section_kind(s) or vocabulary.status_of(s) is not None:
        return False
    if is_date_time_line(s) or s.lower().startswith(_NOT_TITLES) or KIND_LABEL_RE.match(s):
        return False
    return len(s.split()) <= 12


def find_anchors(lines: list[str], skip: bytearray, item_lines: set[int]) -> list[Anchor]:
    """Meeting anchors in file order. ``skip`` marks lines inside tables of contents."""
    anchors: list[Anchor] = []
    n = len(lines)
    taken = -1
    for i in range(n):
        s = lines[i]
        if not s or skip[i] or i <= taken or i in item_lines:
            continue
        first = s[0]
        anchor = None
        # Style M: "Referat af mødet i X den … kl. … på …" (one line or a few)
        if first in "RrDdBbPpAaTtFfMm" and ("øde i " in s[:48] or "ødet i " in s[:48]):
            zone = header_zone.moede_i(lines, i)
            if zone is not None:
                anchor = Anchor(
                    index=i,
                    start=i,
                    style="M",
                    body=zone.body,
                    date=zone.date,
                    start_time=zone.start,
                    end_time=zone.end,
                    kind=zone.kind,
                    location=zone.location,
                )
                if zone.date_line != i:
                    anchor.date_line = zone.date_line
        # Style A: REFERAT <body> d. <date>
        if anchor is None and first in "RrDdBbMmPp":
            match = _KIND_WORD_RE.match(s)
            if match and match.group("rest"):
                anchor = _style_a(lines, i, match, strict=bool(anchors))
        # Style C: Emne: / Udvalg: <body>, then Mødedato
        if anchor is None and ":" in s[:12]:
            label = header_label(s)
            if label and label[0] in _BODY_LABELS and label[1]:
                strong = label[0] == "emne" or bool(anchors)
                if _follows_header(lines, i + 1, 12, strong_only=strong):
                    anchor = Anchor(index=i, start=i, style="C", body=clean_body(label[1]))
        # Style B: title line, then a date line or Mødedato
        if (
            anchor is None
            and 2 <= len(s) <= 100  # _title_like's cheapest tests first
            and first.isupper()
            and s[-1] not in ".:;,!?"
            and ":" not in s[:40]
            and _b_next(lines, i)
            and _title_like(s)
        ):
            anchor = _style_b(lines, i, item_lines, strict=bool(anchors))
        if anchor is None:
            continue
        # A kind label just above the anchor belongs to the meeting.
        j = i - 1
        while j >= 0 and (not lines[j] or KIND_LABEL_RE.match(lines[j]) or lines[j] in _CONNECTORS):
            if lines[j]:
                anchor.start = j
                anchor.kind = anchor.kind or _kind_of(lines[j])
            j -= 1
            if i - j > 4:
                break
        # Header lines just above the anchor (a date line, labels) belong to the meeting.
        j = anchor.start - 1
        floor = anchors[-1].index + 1 if anchors else 0
        while j >= floor and i - j <= 8:
            above = lines[j]
            if above:
                label = header_label(above)
                if (
                    label is None
                    and not is_date_time_line(above)
                    and not KIND_LABEL_RE.match(above)
                ):
                    break
                anchor.start = j
            j -= 1
        if anchors and anchor.start <= anchors[-1].index:
            anchor.start = anchors[-1].index + 1
        anchors.append(anchor)
        taken = anchor.date_line if anchor.date_line is not None else i
    return anchors


def _style_a(lines: list[str], i: int, match: re.Match, strict: bool) -> Anchor | None:
    kw = match.group("kw")
    rest = match.group("rest")
    date, span = find_date(rest)
    if span is not None:
        body_part = rest[: span[0]]
        start, end = find_times(rest[span[1] :])
    else:
        body_part = rest
        start = end = None
    body = clean_body(body_part)
    if not body or len(body) > 100 or body[0].isdigit() or bodies.find_body(body) is None:
        return None
    strong = kw.isupper()
    if not strong or span is None:
        # "Referat fra mødet den 17. juli 2020" is also an attachment title: a mixed-case
        # header needs header lines after it (meeting labels, once a meeting is open).
        if not _follows_header(lines, i + 1, 4, strong_only=strict and not strong):
            return None
    return Anchor(
        index=i,
        start=i,
        style="A",
        body=body,
        date=date,
        start_time=start,
        end_time=end,
        kind=_kind_of(kw),
        bad_date=date is None and span is not None,
    )


_STYLE_B_NEXT = (
    "mødedato",
    "dato",
    "referat",
    "dagsorden",
    "beslutningsprotokol",
    "åben",
    "åbent",
    "mødet den",
    "mødet d.",
)
_STYLE_B_NEXT += tuple(day[:3] for day in WEEKDAYS) + ("den ", "d. ")


def _b_next(lines: list[str], i: int) -> bool:
    """Whether the next non-blank line after ``i`` can follow a style B title: a date line,
    or a date or kind label."""
    n = len(lines)
    j = i + 1
    while j < n:
        s = lines[j]
        if s:
            return s[0].isdigit() or s[:20].lower().startswith(_STYLE_B_NEXT)
        j += 1
    return False


def _style_b(lines: list[str], i: int, item_lines: set[int], strict: bool) -> Anchor | None:
    """A title line followed by a date line (or Mødedato). Inside an open meeting
    (``strict``) item headings after it are not enough: meeting labels, a kind label or a
    table of contents must follow, so that "Høringsfrist" / "13. oktober 2021" in an item
    does not start a meeting."""
    n = len(lines)
    j = _next_nonblank(lines, i + 1)
    if j >= n:
        return None
    kind = None
    nxt = lines[j]
    if KIND_LABEL_RE.match(nxt):
        kind = _kind_of(nxt)
        j = _next_nonblank(lines, j + 1)
        if j >= n:
            return None
        nxt = lines[j]
    date = start = end = None
    if is_date_time_line(nxt):
        date, start, end, _bad = find_date_and_times(nxt)
        if date is None:
            return None
        # Something that makes it a meeting header must follow: a place, labels, a table
        # of contents, a kind label or item headings.
        k = j + 1
        seen = 0
        ok = False
        while k < n and seen < 15:
            s = lines[k]
            k += 1
            if not s:
                continue
            seen += 1
            label = header_label(s)
            if (
                (k - 1 in item_lines and not strict)
                or (
                    label is not None
                    and label[0] not in _BODY_LABELS
                    and (not strict or label[0] in _STRONG_LABELS)
                )
                or KIND_LABEL_RE.match(s)
                or vocabulary.key(s) in ("indhold", "indholdsfortegnelse", "dagsorden kort")
            ):
                ok = True
                break
        if not ok:
            return None
    else:
        label = header_label(nxt)
        if label is None or label[0] not in _DATE_LABELS or find_date(label[1])[0] is None:
            return None
        if label[0] == "dato" and not _follows_header(lines, j + 1, 6, strong_only=strict):
            return None  # "Notat" / "Dato: …" in a memo is not a meeting
    body = clean_body(lines[i])
    if not body:
        return None
    anchor = Anchor(index=i, start=i, style="B", body=body, date=date, kind=kind)
    anchor.start_time, anchor.end_time = start, end
    if date is not None:
        anchor.date_line = j
    return anchor
