"""Normalise extracted minutes text before it is parsed.

- line endings (CRLF, CR), BOM, NBSP and other odd spaces, zero-width characters, soft
  hyphens and control characters; form feeds are page breaks;
- markdown marks (``#`` headings, ``**bold**``), remembering which lines were headings;
- page furniture: "Side 2 af 3" markers, the document date printed next to them
  ("28. juli 2020" + "Side 1 af 3"), and running header lines repeated at page breaks;
- words hyphenated across lines ("digi-" / "tal") and paragraphs broken by a page break
  ("… funktioner gør" / "det muligt …").

Every normalised line keeps the 1-based number of the ORIGINAL line it starts on.

Standard library only.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from . import case_numbers, vocabulary
from .dates import DATE_RE, is_date_only

_LINE_SPLIT_RE = re.compile(r"\r\n|\r|\n")

_DELETE = {code: None for code in range(0x00, 0x09)}
_DELETE.update({code: None for code in range(0x0E, 0x1C)})
_DELETE.update({code: None for code in range(0x7F, 0x85)})
_DELETE.update({code: None for code in range(0x86, 0xA0)})
_DELETE.update({code: None for code in (0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F)})
_DELETE.update({code: None for code in (0x2060, 0x2061, 0x2062, 0x2063, 0xFEFF, 0xFFFE)})

_DELETE_RE = re.compile("[" + "".join(chr(code) for code in sorted(_DELETE)) + "]")
_MD_HEAD_RE = re.compile(r"^#{1,6}(?:\s+|$)")
_MD_UNDERSCORE_RE = re.compile(r"(?<!\w)__(\S(?:.*?\S)?)__(?!\w)")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")

_PAGE_RE = re.compile(
    r"^(?:(?P<pre>.*?)\s*[-–|,]?\s+)?(?:side|page|s\.)\s*\d{1,4}\s*(?P<of>(?:af|of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DASH_PAGE_RE = re.compile(r"^[-–]\s*\d{1,4}\s*[-–]$")
# _PAGE_RE's keyword, searched first in the end of a line (spaces collapsed) where it must
# stand: "side 1234 af 1234" is at most 17 characters long.
# Written out case-insensitively (the letters IGNORECASE also folds onto s and i included),
# as a search with IGNORECASE is several times slower.
_PAGE_WORD_RE = re.compile(r"[sSſ][iIıİ][dD][eE]|[pP][aA][gG][eE]|[sSſ]\.")
_PAGE_TAIL = 24
# Navigation of web agenda viewers copied with the text: never content.
WEB_FURNITURE = frozenset(
    {
        "til toppen",
        "tilbage til toppen",
        "udskriv",
        "udskriv hele dagsordnen",
        "udskriv hele dagsordenen",
        "udskriv punkt",
        "print",
    }
)
_KIND_TITLE_RE = re.compile(r"(?i)^(?:referat|dagsorden|beslutningsprotokol)\b.{0,40}$")
_RULE_RE = re.compile(r"^[-|: ]+$")
_HYPHEN_KEEP_SPACE = frozenset({"og", "eller", "samt", "til", "som", "and", "or", "&"})


@dataclass(frozen=True)
class Normalised:
    """Normalised lines ("" for a paragraph break), their original line numbers, and
    whether each was a markdown heading (``#`` or a line in bold)."""

    lines: list[str]
    linenos: list[int]
    md: list[bool]


def clean_line(line: str) -> tuple[str, bool]:
    """One line (already without deleted characters, see ``_DELETE``) with spaces collapsed
    and markdown marks removed; the flag says it was a markdown heading."""
    s = " ".join(line.split())
    if not s:
        return s, False
    md = False
    if s[0] == "#":
        match = _MD_HEAD_RE.match(s)
        if match:
            s = s[match.end() :].rstrip("#").rstrip()
            md = True
    if "\\" in s:
        s = _MD_ESCAPE_RE.sub(r"\1", s)
    if "**" in s or "__" in s:
        if len(s) > 4 and (
            (s.startswith("**") and s.endswith("**")) or (s.startswith("__") and s.endswith("__"))
        ):
            md = True
        s = s.replace("**", "")
        if "__" in s:
            s = _MD_UNDERSCORE_RE.sub(r"\1", s)
        s = " ".join(s.split())
    return s, md


def _page_marker(s: str) -> tuple[bool, str]:
    """(is a page marker, what is left of the line); ``s`` has its spaces collapsed."""
    last = s[-1]
    if last == "-" or last == "–":
        return (True, "") if _DASH_PAGE_RE.match(s) else (False, s)
    if not last.isdigit() or len(s) > 160:
        return False, s
    if not _PAGE_WORD_RE.search(s, max(0, len(s) - _PAGE_TAIL)):
        return False, s
    match = _PAGE_RE.match(s)
    if not match:
        return False, s
    pre = match.group("pre")
    if not pre:
        return True, ""
    if not match.group("of"):
        if len(pre) <= 100 and DATE_RE.search(pre):
            return True, ""  # "Regionsrådets møde 26. februar 2020 Side 5": a running footer
        return False, s
    if is_date_only(pre):
        return True, ""
    return True, pre


def _protected(s: str) -> bool:
    """Lines that are never page furniture."""
    return (
        vocabulary.section_kind(s) is not None
        or vocabulary.status_of(s) is not None
        or case_numbers.bare(s) is not None
        or s[:5].lower() in ("punkt", "pkt. ", "pkt ")
    )


def _is_heading_like(s: str) -> bool:
    return vocabulary.section_kind(s) is not None or vocabulary.status_of(s) is not None


_ITEM_HEADING_START_RE = re.compile(r"^(?:punkt|pkt\.?)\s*\d", re.IGNORECASE)


def normalise(text: str) -> Normalised:
    # Pass 1: split, clean, find page markers (_clean_lines). Pass 2: drop page furniture,
    # join hyphenated words and paragraphs broken by a page break, collapse blank runs.
    texts, nos, mds, breaks = _clean_lines(text)
    n = len(texts)
    if breaks:
        drop = bytearray(n)
        _drop_page_furniture(texts, breaks, drop)
        if any(drop):
            keep = [i for i in range(n) if not drop[i]]
            texts = [texts[i] for i in keep]
            nos = [nos[i] for i in keep]
            mds = [mds[i] for i in keep]

    lines: list[str] = []
    linenos: list[int] = []
    md_out: list[bool] = []
    gap = False
    gap_no = 0
    last = -1  # index in lines of the last non-blank line
    for s, no, md in zip(texts, nos, mds, strict=True):
        if not s:
            if not gap:
                gap, gap_no = True, no
            continue
        if last >= 0 and s[0].islower():
            joined = _join(lines[last], s, gap, md_out[last])
            if joined is not None:
                lines[last] = joined
                del lines[last + 1 :]
                del linenos[last + 1 :]
                del md_out[last + 1 :]
                gap = False
                continue
        if gap:
            gap = False
            if lines:
                lines.append("")
                linenos.append(gap_no)
                md_out.append(False)
        lines.append(s)
        linenos.append(no)
        md_out.append(md)
        last = len(lines) - 1
    return Normalised(lines, linenos, md_out)


def _collapse(line: str) -> str:
    """A line without deleted characters, its spaces collapsed."""
    if not line.isprintable():
        line = _DELETE_RE.sub("", line)
    return " ".join(line.split())


def _clean_lines(text: str) -> tuple[list[str], list[int], list[bool], list[int]]:
    """The lines with deleted characters removed and spaces collapsed, without page markers;
    their original line numbers; whether each was a markdown heading; and the indexes (in
    the returned lines) where page breaks sit (before that index)."""
    if "\r" in text:
        # Deleting first: a deleted character between "\r" and "\n" makes one line break.
        if _DELETE_RE.search(text):
            text = _DELETE_RE.sub("", text)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    raws = text.split("\n")
    # Page breaks as indexes into ``raws`` before page markers are removed.
    breaks: list[int] = []
    if "\x0c" in text:
        parts: list[str] = []
        nos: list[int] = []
        for no, raw in enumerate(raws, 1):
            if "\x0c" in raw:
                for part_no, part in enumerate(raw.split("\x0c")):
                    if part_no:
                        breaks.append(len(parts))
                    parts.append(part)
                    nos.append(no)
            else:
                parts.append(raw)
                nos.append(no)
        raws = parts
    else:
        nos = list(range(1, len(raws) + 1))
    # Deleted characters removed and spaces collapsed; a line with no whitespace but single
    # inner spaces (the most) is kept as it is (str.isprintable is False for every deleted
    # character and every whitespace character but the space).
    texts = [
        raw
        if raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " "
        else _collapse(raw)
        for raw in raws
    ]
    md_at: list[int] = []
    removed: list[int] = []
    # Only lines that may be a flattened table row, markdown, a page marker or web navigation
    # go through the full cleaning (the test is written out: it runs on every line).
    for i in [
        i
        for i, s in enumerate(texts)
        if s
        and (
            s[-1] in "|-–"
            or s[-1].isdigit()
            or s[0] == "#"
            or "**" in s
            or "__" in s
            or "\\" in s
            or (len(s) <= 28 and s.lower() in WEB_FURNITURE)
        )
    ]:
        s = texts[i]
        md = False
        if s[-1] == "|" and s[0] != "|":
            # A flattened web table: "Dato: |", "---|---|".
            s = "" if _RULE_RE.match(s) else s.rstrip(" |")
        if s and (s[0] == "#" or "**" in s or "__" in s or "\\" in s):
            s, md = clean_line(s)
        if s and (s[-1].isdigit() or s[-1] in "-–"):
            marker, rest = _page_marker(s)
            if marker:
                breaks.append(i)
                if not rest:
                    removed.append(i)
                texts[i] = rest
                continue
        if s and len(s) <= 28 and s.lower() in WEB_FURNITURE:
            s = ""  # a web page's navigation copied with the text
        texts[i] = s
        if md:
            md_at.append(i)
    mds = [False] * len(texts)
    for i in md_at:
        mds[i] = True
    if removed:
        gone = set(removed)
        keep = [i for i in range(len(texts)) if i not in gone]
        texts = [texts[i] for i in keep]
        nos = [nos[i] for i in keep]
        mds = [mds[i] for i in keep]
        breaks = [i - bisect.bisect_left(removed, i) for i in breaks]
    return texts, nos, mds, breaks


def _neighbour(texts: list[str], drop: bytearray, start: int, step: int) -> int | None:
    """The first kept non-blank line from ``start`` in direction ``step``."""
    i = start
    while 0 <= i < len(texts):
        if texts[i] and not drop[i]:
            return i
        i += step
    return None


def _running_candidate(s: str) -> bool:
    return len(s) <= 120 and s[-1] not in ".:;,!?" and not _protected(s)


def _drop_page_furniture(texts: list[str], breaks: list[int], drop: bytearray) -> None:
    """Mark page numbers, document dates next to page markers, and running headers."""
    # Breaks with only blank lines between them are one page break.
    seen_breaks: list[int] = []
    for pos in sorted(set(breaks)):
        if seen_breaks and not any(texts[seen_breaks[-1] : pos]):
            continue
        seen_breaks.append(pos)
    # A page number alone, or the document date printed beside the marker ("28. juli 2020"
    # + "Side 2 af 3"), directly next to a break.
    for pos in seen_breaks:
        for i in (_neighbour(texts, drop, pos - 1, -1), _neighbour(texts, drop, pos, 1)):
            if i is not None:
                s = texts[i]
                if (s.isdigit() and len(s) <= 3) or is_date_only(s):
                    drop[i] = 1
    # Running headers/footers: the same short line directly before (or after) at least
    # three page breaks and at least half of them; the first occurrence stays. Two rounds
    # peel a two-line header.
    threshold = max(3, (len(seen_breaks) + 1) // 2)
    for _round in range(2):
        near: dict[tuple[int, str], dict[int, int]] = {}
        for number, pos in enumerate(seen_breaks):
            for side, i in (
                (-1, _neighbour(texts, drop, pos - 1, -1)),
                (1, _neighbour(texts, drop, pos, 1)),
            ):
                if i is not None and _running_candidate(texts[i]):
                    near.setdefault((side, texts[i]), {})[number] = i
        removed = False
        for (_side, s), by_break in near.items():
            found = set(by_break.values())
            if len(by_break) >= threshold and len(found) >= threshold:
                first = texts.index(s)
                for i in found:
                    if i != first:
                        drop[i] = 1
                        removed = True
        if not removed:
            break


def _join(p: str, s: str, gap: bool, p_md: bool) -> str | None:
    """``p`` and ``s`` as one line when ``s`` continues ``p``, else None."""
    end = p[-1]
    if end == "-" and len(p) >= 2 and p[-2].isalpha():
        first_word = s.split(" ", 1)[0]
        if first_word in _HYPHEN_KEEP_SPACE:
            return p + " " + s
        if p[-2].isupper() or p[-2].isdigit():
            return p + s
        return p[:-1] + s
    if not (end.islower() or end == ","):
        return None
    if p_md or p[0] == "|" or _is_heading_like(p) or _is_heading_like(s):
        return None
    if gap and (_ITEM_HEADING_START_RE.match(p) or _KIND_TITLE_RE.match(p)):
        return None
    return p + " " + s


_CELL_SPLIT_RE = re.compile(r"\t+| {3,}|\u00a0{2,}")
_TABLE_LINE_RE = re.compile(r"\S(?:\t+| {3,})\S")


class LazyCells:
    """``table_cells(text).get(key)``, each key worked out on its first lookup from the lines
    that hold its first word (only roster tables ask, for a few lines)."""

    __slots__ = ("_text", "_cells")

    def __init__(self, text: str) -> None:
        self._text = text
        self._cells: dict[str, list[str] | None] = {}

    def get(self, key: str, default=None):
        if key not in self._cells:
            self._cells[key] = _cells_of(self._text, key)
        found = self._cells[key]
        return default if found is None else found


def _cells_of(text: str, key: str) -> list[str] | None:
    """table_cells(text).get(key): the first table line (in file order) whose spaces
    collapse to ``key`` and that has more than one cell, found through ``key``'s first word."""
    words = key.split()
    if not words or " ".join(words) != key or ("\t" not in text and "   " not in text):
        return None
    at = text.find(words[0])
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end == -1:
            end = len(text)
        at = text.find(words[0], end)  # the next line that holds the word
        line = text[start:end]
        if ("\t" in line or "   " in line) and _TABLE_LINE_RE.search(line):
            if " ".join(line.split()) == key:
                parts = [
                    part.strip() for part in _CELL_SPLIT_RE.split(line.strip()) if part.strip()
                ]
                if len(parts) > 1:
                    return parts
    return None


def table_cells(text: str) -> dict[str, list[str]]:
    """Cells of the lines that were tables in the original text (cells parted by TABs or
    three spaces or more), keyed by the line as normalised (spaces collapsed)."""
    cells: dict[str, list[str]] = {}
    if "\t" not in text and "   " not in text:
        return cells
    # Lines are parted by "\n" only; a table line has a TAB or three spaces between cells.
    for line in [line for line in text.split("\n") if "\t" in line or "   " in line]:
        if not _TABLE_LINE_RE.search(line):
            continue
        key = " ".join(line.split())
        if key in cells:
            continue
        parts = [part.strip() for part in _CELL_SPLIT_RE.split(line.strip()) if part.strip()]
        if len(parts) > 1:
            cells[key] = parts
    return cells
