"""The lines under an item heading: sections (vocabulary.section_kind), case numbers,
status lines, attachments, dated decisions, appended memo sections.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import bodies, case_numbers, vocabulary
from ..dates import find_date, is_date_time_line
from ..records import CaseRef
from .builder import (
    ItemBuilder,
    SectionBuilder,
    body_stem,
)
from .headings import (
    clean_title,
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
# Letterhead and footer lines of memos: not content.
_FOOTER_RE = re.compile(
    r"^(?:antal tegn|sagsbehandler|tlf\.?|telefon|direkte telefon|e-?post|e-?mail|direkte e-?mail"
    r"|mobil|web|www\.|cvr|ean)\b",
    re.IGNORECASE,
)
_APPENDIX_RE = re.compile(r"^(?:deltagerliste|deltagerkreds|deltageroversigt)\b", re.IGNORECASE)
_MEMO_HEADING_RE = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<word>[^\W\d][^.:;!?]{0,50})$")


# "Punkt 3: title" / "3. title" in lower case: the heading repeated under itself.
_NUMBERED_TITLE_RE = re.compile(r"^(?:punkt\s*|pkt\.?\s*)?(\d+)[.:]?\s+(.*)$")
_INLINE_LIST_RE = re.compile(r"\s*;\s*|,\s+(?=\S)")
_MEMO_NUMBER_RE = re.compile(r"^\d+\.\s+")
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
        self.seen: set[str] = (
            {vocabulary.key(s.heading) for s in item.sections} if item.sections else set()
        )
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
        if not self.title_key:
            return False
        low = s.lower()
        if not low.endswith(self.title_key[-20:]) and not low.endswith(")"):
            return False
        low = " ".join(low.split())
        if low == self.title_key:
            return True
        match = _NUMBERED_TITLE_RE.match(low)
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

    def heading_of(self, s: str, md: bool, kind: str | None) -> tuple[str, str, str] | None:
        """``kind``: vocabulary.section_kind(s)."""
        if kind is not None:
            return s.rstrip(" :"), kind, ""
        labelled = vocabulary.labelled_section(s) if ":" in s[:45] else None
        if labelled is not None:
            return labelled
        if md and len(s) <= 80 and not s[:1].isdigit() and self.nonblank > 0:
            return s.rstrip(" :"), "other", ""
        return None

    def attachment(self, s: str, inline: bool = False) -> None:
        if inline and (";" in s or ", " in s):
            # "Bilag: a; b" / "Bilag: a, b": an inline list.
            for part in _INLINE_LIST_RE.split(s):
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
    def feed(self, s: str, md: bool, words: tuple | None = None) -> None:
        """One line; ``words``: vocabulary.words_of(s) when the caller has it."""
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

        if words is None:
            words = vocabulary.words_of(s)
        status = words[1]
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
        first, last = s[0], s[-1]
        if not in_history or self.memo:
            refs = case_numbers.labelled(s) if first in case_numbers.LABEL_FIRST else None
            if refs:
                for ref in refs:
                    item.add_case(ref)
                if s[-1] in "tTnNgG":
                    status = vocabulary.CASE_LINE_STATUS_RE.search(s)
                    if status:
                        item.closed = status.group("word").lower().startswith("lukket")
                return
            # bare()'s own first tests: a case number line is short and ends in a digit.
            ref = (
                case_numbers.bare(s, kind == "attachments")
                if len(s) <= 40 and (last.isdigit() or last in ")]" or last.isspace())
                else None
            )
            if ref is not None:
                item.add_case(ref)
                return
            if (last == ":" or last.isdigit()) and not self.memo and self.dated_decision(s):
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
        heading = self.heading_of(s, md, words[2])
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
                word = _MEMO_NUMBER_RE.sub("", s)
                self.start_section(s, vocabulary.section_kind(word) or "other")
                return
        if kind == "attachments":
            self.attachment(s)
            return
        self.para.append(s)

    def close(self) -> None:
        self.flush()
