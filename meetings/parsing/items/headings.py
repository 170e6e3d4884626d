"""Item headings: the explicit numbering styles (numbering.py) with their status markers
and type markers cleaned off the title (clean_title; markers are declared in vocabulary.py),
and "N. title" lines where the document numbers its items that way.

Standard library only.
"""

from __future__ import annotations

import re

from .. import case_numbers, numbering, vocabulary
from ..records import CaseRef

# "Punkt 3: title", "Punkt 3 (Lukket): title", "Pkt. 3 title", "Dagsordenspunkt 3 - title".
ITEM_HEADING_RE = re.compile(
    r"^(?:punkt|pkt\.?|dagsordens?punkt)(?:\s*nr\.?)?\s*(?P<number>\d{1,4})(?![\d.,/]\d)"
    r"\s*(?:[(\[](?P<status>lukket|åben|åbent|fortroligt|fortrolig)[)\]])?"
    r"\s*(?P<sep>[:.)\-–]\s*)?(?P<title>.*)$",
    re.IGNORECASE,
)
# "Punkt: title" or "Punkt X: title": an item heading without a number.
ITEM_NO_NUMBER_RE = re.compile(
    r"^(?:punkt|pkt\.?)\s*(?:[A-Za-zÆØÅæøå?]{0,3}\s*)?:\s*\S", re.IGNORECASE
)
# "3. title" (only used where a layout numbers its items this way).
NUMBERED_RE = re.compile(r"^(?P<number>\d{1,3})\.\s+(?P<title>\S.*)$")

_STATUS_PREFIX_RE = re.compile(
    r"^(?:[(\[]\s*(?P<a>lukket|åben|åbent|fortroligt|fortrolig)\s*[)\]]\s*[:\-–]?\s*"
    r"|(?P<b>lukket|åben|åbent|fortroligt|fortrolig)(?:\s+punkt)?\s*[:\-–]\s*"
    r"|(?P<c>(?-i:LUKKET|ÅBENT|ÅBEN|FORTROLIGT))\s+(?=\S))",
    re.IGNORECASE,
)
_STATUS_SUFFIX_RE = re.compile(
    r"\s*(?:[-–:]\s*)?[(\[]\s*(?P<s>lukket|åben|åbent|fortroligt|fortrolig)(?:\s+punkt)?\s*[)\]]$",
    re.IGNORECASE,
)
_CLOSED_WORDS = ("lukket", "fortrolig", "fortroligt")

_DATE_START_RE = re.compile(
    r"^\d{1,2}\.\s*(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober"
    r"|november|december|jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|dec)\b",
    re.IGNORECASE,
)


def parse_heading(line: str) -> tuple[int, str, bool | None, list[CaseRef], str] | None:
    """(number, title, closed flag from the heading, case numbers in the title, status word
    as written) for an explicit item heading, else None."""
    found = numbering.match_explicit(line)
    if found is None:
        return None
    style, match = found
    title = match.group("title").strip()
    sep = match.group("sep")
    status = match.group("status")
    if (
        not sep
        and not status
        and title
        and not (title[0].isupper() or title[0].isdigit() or title[0] in "\"'”“«")
    ):
        return None  # "Punkt 3 i sagen blev …" is a sentence, not a heading
    if style == "sag" and title and not sep:
        if title.endswith(".") or len(title) > 150:
            return None  # "Sag 12 blev …"
    number = int(match.group("number"))
    title, closed, status_word = clean_title(title)
    if status:
        closed = status.lower() in _CLOSED_WORDS
        status_word = status_word or status
    title, refs = case_numbers.from_title(title)
    if not title and status_word:
        title = status_word
    return number, title, closed, refs, status_word


def clean_title(title: str) -> tuple[str, bool | None, str]:
    """Remove status markers ("Lukket:", "(Lukket)", "Lukket: LUKKET", "Åbent:") from a
    title. A title that is only a status word keeps it ("Lukket")."""
    closed: bool | None = None
    status_word = ""
    title = title.strip().strip("*").strip()
    if title[-1:] == ")":
        title = vocabulary.TITLE_TYPE_SUFFIX_RE.sub("", title)
    if ":" in title[:20] or "-" in title[:20] or "–" in title[:20]:
        for _ in range(2):
            match = vocabulary.CLOSED_PREFIX_RE.match(title)
            if match:
                word = match.group("word").lower()
                closed = closed or vocabulary.CLOSED_PREFIXES[word]
                status_word = status_word or match.group("word")
                title = title[match.end() :]
            match = vocabulary.TITLE_TYPE_PREFIX_RE.match(title)
            if match:
                title = title[match.end() :]
    if title[-1:] in "TtGgKk":
        match = vocabulary.CLOSED_SUFFIX_RE.search(title)
        if match and match.start() > 0:
            closed = True
            status_word = status_word or match.group("word")
            title = title[: match.start()]
    while True:
        match = _STATUS_PREFIX_RE.match(title)
        if not match:
            break
        word = match.group("a") or match.group("b") or match.group("c")
        closed = closed or word.lower() in _CLOSED_WORDS
        status_word = status_word or word
        title = title[match.end() :].strip()
    match = _STATUS_SUFFIX_RE.search(title) if title[-1:] in ")]\n" else None
    if match and match.start() > 0:
        word = match.group("s")
        closed = closed or word.lower() in _CLOSED_WORDS
        status_word = status_word or word
        title = title[: match.start()].strip()
    status = vocabulary.status_of(title) if title else None
    if status is not None:
        closed = status
        status_word = title
    return title, closed, status_word


def numbered_candidate(
    line: str, prev: str, nxt: str, prev_nonblank: str
) -> tuple[int, str] | None:
    """A "3. title" line that looks like an item heading (not a list item, a date or a
    sentence)."""
    if not line[:1].isdigit():
        return None
    match = NUMBERED_RE.match(line)
    if not match:
        return None
    title = match.group("title")
    first = title[0]
    if not (first.isupper() or first.isdigit() or first in "\"'”“«"):
        return None
    if len(title) > 250 or title.endswith(":") or _DATE_START_RE.match(line):
        return None
    if title.endswith(".") and not title.endswith(".."):
        last_word = title[:-1].rsplit(" ", 1)[-1]
        if len(last_word) > 4:
            return None  # a sentence
    if prev_nonblank.endswith(":") and " " in prev_nonblank.strip():
        return None  # a list after a lead-in sentence ("Følgende emner drøftes:")
    if (prev and NUMBERED_RE.match(prev)) or (nxt and NUMBERED_RE.match(nxt)):
        return -int(match.group("number")), title  # a compact list: only to end a chain
    return int(match.group("number")), title


def longest_chain(candidates: list[tuple[int, int]]) -> list[int]:
    """Indexes (into ``candidates`` of (position, number)) of the longest run of numbers
    that increase by 1 to 3 at each step."""
    best_by_number: dict[int, tuple[int, int]] = {}  # number -> (length, candidate index)
    back: list[int] = []
    best_end = -1
    best_len = 0
    for k, (_pos, number) in enumerate(candidates):
        length, prev = 1, -1
        for step in (1, 2, 3):
            entry = best_by_number.get(number - step)
            if entry and entry[0] + 1 > length:
                length, prev = entry[0] + 1, entry[1]
        back.append(prev)
        current = best_by_number.get(number)
        if current is None or length > current[0]:
            best_by_number[number] = (length, k)
        if length > best_len:
            best_len, best_end = length, k
    chain = []
    k = best_end
    while k >= 0:
        chain.append(k)
        k = back[k]
    chain.reverse()
    return chain
