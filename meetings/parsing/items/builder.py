"""The mutable item while parsing (ItemBuilder) and this meeting's decision among several
bodies' decision sections (the one dated on the meeting day or naming this body), or the
heading-less decision of minutes without decision headings.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import vocabulary
from ..dates import find_date
from ..records import Attachment, CaseRef, Item, Section

_NOT_RELEASED_RE = re.compile(r"^beslutning(?:en)?\s+(?:er\s+)?ikke\s+frigivet", re.IGNORECASE)


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
                Section(
                    heading=s.heading,
                    # An agenda has no decisions: an earlier body's decision is history.
                    kind=s.kind if referat or s.kind != "decision" else "history",
                    text=_join(s.paragraphs),
                )
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
