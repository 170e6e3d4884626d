"""Agenda items (punkter): headings, their sections, case numbers, attachments and the
decision of this meeting.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re

from . import bodies, case_numbers, numbering, vocabulary
from .dates import find_date, is_date_time_line
from .records import Attachment, CaseRef, Item, Section

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

_BULLET_RE = re.compile(r"^(?:[-•*–·▪◦]|\d{1,2}\))\s+")
_COUNT_RE = re.compile(r"^\d+\s+bilag\b", re.IGNORECASE)
_NO_ATTACHMENTS = frozenset(
    {"ingen", "ingen bilag", "intet", "-", "–", "ingen.", "ingen bilag.", "intet bilag", "n/a"}
)
# "Budgetforslag 2022 (Dok.nr. 123456/21)": the attachment's document number.
_INLINE_DOCUMENT_RE = re.compile(
    r"\s*[(\[]\s*(?:dok\.?\s?nr|dokumentnr|dokument\s+nr|dokumentnummer)\.?\s*:?\s*"
    r"(?P<value>[\w./\-]*\d[\w./\-]*)\s*[)\]]$",
    re.IGNORECASE,
)
_RECOMMENDED_RE = re.compile(r"^anbefales\s+(?=\S)", re.IGNORECASE)
_NOT_RELEASED_RE = re.compile(r"^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet", re.IGNORECASE)

# Letterhead and footer lines of memos: not content.
_FOOTER_RE = re.compile(
    r"^(?:antal tegn|sagsbehandler|tlf\.?|telefon|direkte telefon|e-?post|e-?mail|direkte e-?mail"
    r"|mobil|web|www\.|cvr|ean)\b",
    re.IGNORECASE,
)
_APPENDIX_RE = re.compile(r"^(?:deltagerliste|deltagerkreds|deltageroversigt)\b", re.IGNORECASE)
_MEMO_HEADING_RE = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<word>[^\W\d][^.:;!?]{0,50})$")


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
    match = _STATUS_SUFFIX_RE.search(title)
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


class SectionBuilder:
    __slots__ = ("heading", "kind", "paragraphs", "inline")

    def __init__(self, heading: str, kind: str) -> None:
        self.heading = heading
        self.kind = kind
        self.paragraphs: list[str] = []
        self.inline = False  # "Bilag: a, b": a label with its value on the same line


class ItemBuilder:
    """Mutable item while parsing; ``build`` freezes it."""

    def __init__(self, number: int, title: str, line: int) -> None:
        self.number = number
        self.title = title
        self.line = line
        self.closed = False
        self.case_numbers: list[CaseRef] = []
        self.sections: list[SectionBuilder] = []
        self.preamble: list[str] = []
        self.dated_decision: list[str] | None = None
        self.attachments: list[str] = []
        self._case_values: set[str] = set()
        self._attachment_titles: set[str] = set()

    def add_case(self, ref: CaseRef) -> None:
        if ref.value not in self._case_values:
            self._case_values.add(ref.value)
            self.case_numbers.append(ref)

    def add_attachment(self, title: str) -> None:
        if title not in self._attachment_titles:
            self._attachment_titles.add(title)
            self.attachments.append(title)

    def is_empty(self) -> bool:
        return not (
            self.case_numbers
            or self.sections
            or self.preamble
            or self.dated_decision
            or self.attachments
        )

    def has_decision(self) -> bool:
        if self.dated_decision:
            return True
        return any(
            s.kind == "decision" and s.paragraphs and not _NOT_RELEASED_RE.match(s.paragraphs[0])
            for s in self.sections
        )

    def has_decision_section(self) -> bool:
        return self.dated_decision is not None or any(s.kind == "decision" for s in self.sections)

    def decision(
        self, body: str, referat: bool, date: dt.date | None = None, headingless: bool = False
    ) -> str | None:
        """This meeting's decision. ``headingless``: the meeting's minutes have no decision
        headings, so the minutes are the text under the item (no sections) or the last
        paragraph after the item's last section text (a decision with no heading)."""
        if not referat:
            return None
        text = None
        if self.dated_decision is not None:
            text = _join(self.dated_decision)
        else:
            decisions = [s for s in self.sections if s.kind == "decision"]
            if decisions:
                text = _join(_choose_decision(decisions, body, date).paragraphs)
            elif headingless:
                text = self._headingless()
            elif not self.sections and self.preamble and not self.closed:
                text = _join(self.preamble)
        if not text or _NOT_RELEASED_RE.match(text):
            return None
        return text

    def _headingless(self) -> str | None:
        content = [s for s in self.sections if s.kind != "attachments"]
        if not content:
            return _join(self.preamble) if self.preamble else None
        last = content[-1]
        if len(last.paragraphs) >= 2:
            return last.paragraphs[-1]
        return None

    def has_headings(self) -> bool:
        """Whether the item has a section heading other than an inline "Bilag: …" label."""
        return any(not (s.kind == "attachments" and s.inline) for s in self.sections)

    def build(
        self,
        body: str,
        referat: bool,
        date: dt.date | None = None,
        headingless: bool = False,
        no_headings: bool = False,
    ) -> Item:
        if no_headings:
            # Minutes without headings: "Bilag: a, b" lists attachments, it is no section.
            self.sections = [s for s in self.sections if not s.inline]
        return Item(
            number=self.number,
            title=self.title,
            closed=self.closed,
            case_numbers=tuple(self.case_numbers),
            sections=tuple(
                Section(heading=s.heading, kind=s.kind, text=_join(s.paragraphs))
                for s in self.sections
            ),
            decision=self.decision(body, referat, date, headingless),
            attachments=tuple(Attachment(title=t) for t in self.attachments),
            line=self.line,
            text=_join(self.preamble),
        )


def _join(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def body_stem(body: str) -> str:
    low = body.lower()
    for suffix in ("et", "en", "s"):
        if low.endswith(suffix) and len(low) > len(suffix) + 3:
            return low[: -len(suffix)]
    return low


def _choose_decision(
    decisions: list[SectionBuilder], body: str, date: dt.date | None
) -> SectionBuilder:
    """This meeting's decision among several decision sections: the one dated on the
    meeting day, else the one naming this body, else a plain "Beslutning", else the last."""
    if len(decisions) == 1:
        return decisions[0]
    if date is not None:
        for section in decisions:
            if section.heading[-1:].isdigit() and find_date(section.heading)[0] == date:
                return section
    stem = body_stem(body)
    for section in decisions:
        if stem and stem in section.heading.lower():
            return section
    for section in decisions:
        if vocabulary.key(section.heading) in ("beslutning", "beslutninger"):
            return section
    return decisions[-1]


_DATED_DECISION_RE = re.compile(
    r"^(?P<who>[^\W\d][\w\-. ]{1,60}?)(?P<rest>\s+(?:møde\s+)?(?:den|d\.)\s+.+)$"
)


class BodyParser:
    """Reads the lines under an item heading (or an appended memo) into an ItemBuilder."""

    def __init__(
        self,
        item: ItemBuilder,
        body: str,
        date: dt.date | None,
        memo: bool = False,
    ) -> None:
        self.item = item
        self.body = body
        self.body_stem = body_stem(body) if body else ""
        self.date = date
        self.memo = memo
        self.title_key = " ".join(item.title.lower().split())
        self.section: SectionBuilder | None = None
        self.target: list[str] = item.preamble
        self.para: list[str] = []
        self.seen: set[str] = {vocabulary.key(s.heading) for s in item.sections}
        self.nonblank = 0
        self.memo_next = 1
        self.appendix = False
        self.case_row = False

    # -- helpers ---------------------------------------------------------------------
    def flush(self) -> None:
        if self.para:
            self.target.append("\n".join(self.para))
            self.para = []

    def start_section(self, heading: str, kind: str) -> SectionBuilder:
        self.flush()
        section = SectionBuilder(heading, kind)
        self.item.sections.append(section)
        self.section = section
        self.target = section.paragraphs
        self.seen.add(vocabulary.key(heading))
        return section

    def is_title_repeat(self, s: str) -> bool:
        low = s.lower()
        if not self.title_key or (not low.endswith(self.title_key[-20:]) and not low.endswith(")")):
            return False
        low = " ".join(low.split())
        if low == self.title_key:
            return True
        match = re.match(r"^(?:punkt\s*|pkt\.?\s*)?(\d+)[.:]?\s+(.*)$", low)
        if match and match.group(2) == self.title_key:
            return True
        if match:
            title = clean_title(match.group(2))[0]
            return " ".join(title.split()) == self.title_key
        return False

    def dated_decision(self, s: str) -> bool:
        """Whether ``s`` is a dated decision line ("Direktionens møde den 2. juni 2020:")."""
        last = s[-1]
        if not (last == ":" or last.isdigit()) or self.date is None or " d" not in s:
            return False
        if "eslutning" in s:
            return False
        match = _DATED_DECISION_RE.match(s)
        if not match:
            return False
        date, span = find_date(match.group("rest"))
        if date is None or date != self.date:
            return False
        rest = match.group("rest")
        tail = rest[span[1] :].strip()
        if tail not in ("", ":"):
            return False
        who = match.group("who").lower()
        if who.endswith(" møde") or " møde " in rest[: span[0]] or " møde" in rest[: span[0]]:
            return True
        return bool(self.body_stem) and self.body_stem in who and s.endswith(":")

    def heading_of(self, s: str, md: bool) -> tuple[str, str, str] | None:
        kind = vocabulary.section_kind(s)
        if kind is not None:
            return s.rstrip(" :"), kind, ""
        labelled = vocabulary.labelled_section(s)
        if labelled is not None:
            return labelled
        if md and len(s) <= 80 and not s[:1].isdigit() and self.nonblank > 0:
            return s.rstrip(" :"), "other", ""
        return None

    def attachment(self, s: str, inline: bool = False) -> None:
        if inline and (";" in s or ", " in s):
            # "Bilag: a; b" / "Bilag: a, b": an inline list.
            for part in re.split(r"\s*;\s*|,\s+(?=\S)", s):
                if part:
                    self.attachment(part)
            return
        if is_date_time_line(s) or (len(s.split()) <= 2 and bodies.find_body(s)):
            return  # a running page header ("Magistraten" / "Mødet den 02.03.2020 …")
        self.para.append(s)
        title = _BULLET_RE.sub("", s).strip()
        if not title or _COUNT_RE.match(title) or title.lower() in _NO_ATTACHMENTS:
            return
        title = _RECOMMENDED_RE.sub("", title)
        if "nr" in title:
            match = _INLINE_DOCUMENT_RE.search(title)
            if match and match.start() > 0:
                self.item.add_case(CaseRef(value=match.group("value"), scheme="document"))
                title = title[: match.start()].rstrip(" ,-–")
        self.item.add_attachment(title)

    # -- the line loop ----------------------------------------------------------------
    def feed(self, s: str, md: bool) -> None:
        if not s:
            self.flush()
            return
        self.nonblank += 1
        item = self.item
        section = self.section
        kind = section.kind if section is not None else None
        in_history = kind == "history"

        if self.appendix:
            refs = case_numbers.labelled(s)
            if refs:
                for ref in refs:
                    item.add_case(ref)
            return

        status = vocabulary.status_of(s)
        if status is not None:
            if status and self.nonblank <= 6:
                item.closed = True
            return
        if kind != "attachments" and self.nonblank <= 8 and self.is_title_repeat(s):
            return
        if self.case_row:
            self.case_row = False
            refs = case_numbers.row_values(s)
            if refs:
                for ref in refs:
                    item.add_case(ref)
                return
        if s[0] in "SsDdJj" and "nr" in s[:12] and case_numbers.LABEL_ROW_RE.match(s):
            self.case_row = True
            return
        if not in_history or self.memo:
            refs = case_numbers.labelled(s)
            if refs:
                for ref in refs:
                    item.add_case(ref)
                if s[-1] in "tTnNgG":
                    status = vocabulary.CASE_LINE_STATUS_RE.search(s)
                    if status:
                        item.closed = status.group("word").lower().startswith("lukket")
                return
            ref = case_numbers.bare(s, in_attachments=kind == "attachments")
            if ref is not None:
                item.add_case(ref)
                return
            if not self.memo and self.dated_decision(s):
                self.flush()
                self.section = None
                item.dated_decision = []
                self.target = item.dated_decision
                return
        if self.memo:
            if _FOOTER_RE.match(s):
                return
            if _APPENDIX_RE.match(s):
                self.flush()
                self.appendix = True
                return
        heading = self.heading_of(s, md)
        if heading is not None:
            text, hkind, rest = heading
            if (
                kind == "attachments"
                and vocabulary.key(text) in self.seen
                and hkind not in ("decision", "attachments")
            ):
                self.attachment(s)
                return
            section = self.start_section(text, hkind)
            section.inline = bool(rest)
            if rest:
                if hkind == "attachments":
                    self.attachment(rest, inline=True)
                else:
                    self.para.append(rest)
            return
        if self.memo:
            match = _MEMO_HEADING_RE.match(s)
            if match and int(match.group("number")) == self.memo_next:
                self.memo_next += 1
                word = re.sub(r"^\d+\.\s+", "", s)
                self.start_section(s, vocabulary.section_kind(word) or "other")
                return
        if kind == "attachments":
            self.attachment(s)
            return
        self.para.append(s)

    def close(self) -> None:
        self.flush()
