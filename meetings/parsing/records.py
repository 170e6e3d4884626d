"""Frozen records that the parser produces and the importer consumes.

Standard library only: nothing here may import Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# Normalised section kinds (Section.kind).
SECTION_KINDS = (
    "decision",  # beslutning
    "recommendation",  # indstilling
    "summary",  # resumé, sammendrag
    "presentation",  # sagsfremstilling
    "history",  # sagens forløb, tidligere behandling, historik
    "economy",  # økonomiske konsekvenser
    "attachments",  # bilag
    "other",
)

# Case number schemes (CaseRef.scheme).
CASE_SCHEMES = (
    "esdh",  # ESDH case number: 20/030692, 20/057417-5, 326-2015-4892
    "kle",  # KLE journal number: 00.01.00, or with facet 00.01.00-P35-301-20
    "document",  # document number: Dokumentnr. 326-2020-195128
)


# What the parser guessed or could not find about a meeting (Meeting.flags). The upload
# preview shows each flag to the clerk in plain Danish and lets them complete the meeting;
# the importer refuses to write a meeting whose body or date is still missing.
MEETING_FLAGS = {
    # udvalg: no body could be read; Meeting.body is "".
    "body_missing": "Udvalget kunne ikke læses i teksten.",
    # mødedato: no meeting date could be read; Meeting.date is None.
    "date_missing": "Mødets dato kunne ikke læses i teksten.",
    # the date was read from a page header, title line or file heading, not a dated header.
    "date_guessed": "Mødets dato er gættet ud fra en sidehoved- eller titellinje.",
    # no start time (starttidspunkt) was found.
    "time_missing": "Mødets starttidspunkt kunne ikke læses.",
    # items were taken from the contents list (indholdsfortegnelse) alone.
    "items_from_contents": "Punkterne er taget fra indholdsfortegnelsen alene.",
    # no item headings: the whole text became one item.
    "no_item_headings": "Teksten har ingen genkendelige punktoverskrifter; "
    "hele teksten er lagt i ét punkt.",
    # no items at all.
    "no_items": "Der blev ikke fundet nogen punkter.",
}


@dataclass(frozen=True)
class Person:
    """A participant or absentee (mødedeltager, afbud)."""

    name: str
    party: str | None = None  # party letter: A, V, O, Ø ...
    role: str | None = None  # formand, kommunaldirektør ...

    def to_dict(self) -> dict:
        return {"name": self.name, "party": self.party, "role": self.role}


@dataclass(frozen=True)
class CaseRef:
    """A case, journal or document number (sagsnr., j.nr., dokumentnr.)."""

    value: str
    scheme: str

    def to_dict(self) -> dict:
        return {"value": self.value, "scheme": self.scheme}


@dataclass(frozen=True)
class Section:
    """One section of an item: heading as written plus its normalised kind."""

    heading: str
    kind: str
    text: str

    def to_dict(self) -> dict:
        return {"heading": self.heading, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class Attachment:
    """An attachment (bilag) title."""

    title: str

    def to_dict(self) -> dict:
        return {"title": self.title}


@dataclass(frozen=True)
class Item:
    """An agenda item (punkt)."""

    number: int
    title: str
    closed: bool = False
    case_numbers: tuple[CaseRef, ...] = ()
    sections: tuple[Section, ...] = ()
    decision: str | None = None  # this meeting's decision, paragraphs joined by blank lines
    attachments: tuple[Attachment, ...] = ()
    line: int = 0  # 1-based line number of the heading in the ORIGINAL text
    # Unlabelled text under the heading before its first section (meddelelser, agenda
    # notes); kept so nothing of an item is lost. Optional, added by the parser.
    text: str = ""

    def to_dict(self, *, with_text: bool = False) -> dict:
        data = {
            "number": self.number,
            "title": self.title,
            "closed": self.closed,
            "case_numbers": [c.to_dict() for c in self.case_numbers],
            "sections": [s.to_dict() for s in self.sections],
            "decision": self.decision,
            "attachments": [a.to_dict() for a in self.attachments],
        }
        if with_text:  # not part of parse_minutes' documented JSON
            data["text"] = self.text
        return data


@dataclass(frozen=True)
class Meeting:
    """One meeting (møde) of one body."""

    body: str  # "" when no body could be read (flag "body_missing")
    date: dt.date | None  # None when no date could be read (flag "date_missing")
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    location: str | None = None
    kind: str = "referat"  # "referat" or "dagsorden"
    participants: tuple[Person, ...] = ()
    absent: tuple[Person, ...] = ()
    substitutes: tuple[Person, ...] = ()
    items: tuple[Item, ...] = ()
    line: int = 0
    flags: tuple[str, ...] = ()  # keys of MEETING_FLAGS, in that order

    def to_dict(self, *, with_text: bool = False) -> dict:
        return {
            "body": self.body,
            "date": self.date.isoformat() if self.date else None,
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "end_time": self.end_time.strftime("%H:%M") if self.end_time else None,
            "location": self.location,
            "kind": self.kind,
            "participants": [p.to_dict() for p in self.participants],
            "absent": [p.to_dict() for p in self.absent],
            "items": [i.to_dict(with_text=with_text) for i in self.items],
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not place, with its line number (1-based)."""

    line: int
    message: str

    def to_dict(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class ParsedDocument:
    """Everything parsed from one minutes text."""

    municipality: str | None
    meetings: tuple[Meeting, ...] = ()
    warnings: tuple[ParseWarning, ...] = field(default=())

    def to_dict(self, *, with_text: bool = False) -> dict:
        """The documented JSON of `parse_minutes --json`; with_text adds each item's unlabelled
        text (Item.text), which the importer keeps as a section."""
        return {
            "municipality": self.municipality,
            "meetings": [m.to_dict(with_text=with_text) for m in self.meetings],
            "warnings": [w.to_dict() for w in self.warnings],
        }
