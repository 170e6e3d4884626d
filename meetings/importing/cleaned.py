"""The cleaned document (phase 1's result): the meetings and items as they will be stored,
each with the snapshot of what was parsed (the ``parsed`` field, see the correction rule)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from ..corrections.values import time_json
from ..models import Municipality
from .results import ClerkValues


@dataclass
class CleanItem:
    number: int
    title: str
    closed: bool
    decision: str
    sections: list[list[str]]  # [heading, kind, text]
    case_numbers: list[tuple[str, str]]  # (value, scheme)
    attachments: list[str]
    line: int

    def snapshot(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "closed": self.closed,
            "decision": self.decision,
            "sections": [list(s) for s in self.sections],
            "case_numbers": [value for value, _ in self.case_numbers],
            "attachments": list(self.attachments),
        }


@dataclass
class CleanMeeting:
    body: str  # as it will be stored: the clerk's, else the parsed one ("" when missing)
    date: dt.date | None  # likewise (None when missing)
    start_time: dt.time | None
    end_time: dt.time | None
    location: str
    kind: str
    people: list[list[str]]  # [name, party, role, status]
    items: list[CleanItem]
    line: int
    # What the parser read, kept in the ``parsed`` snapshot, and what a clerk set.
    parsed_body: str = ""
    parsed_date: dt.date | None = None
    parsed_start: dt.time | None = None
    clerk: ClerkValues | None = None
    index: int = 0
    flags: list[str] = field(default_factory=list)  # MEETING_FLAGS keys: the review queue

    @property
    def incomplete(self) -> bool:
        """The parser found no body or no date: the meeting is known by its anchor."""
        return not self.parsed_body or self.parsed_date is None

    @property
    def anchor(self) -> str:
        """Identity of a meeting the parser could not name (no body or date): its parsed
        values and its items' numbers and titles, hashed."""
        if not self.incomplete:
            return ""
        key = json.dumps(
            [
                self.parsed_body.casefold(),
                self.parsed_date.isoformat() if self.parsed_date else None,
                time_json(self.parsed_start),
                [[i.number, i.title] for i in self.items],
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def snapshot(self) -> dict:
        """The values as parsed (the ``parsed`` field; see the correction rule)."""
        data = {
            "body": self.parsed_body,
            "date": self.parsed_date.isoformat() if self.parsed_date else None,
            "start_time": time_json(self.parsed_start),
            "end_time": time_json(self.end_time),
            "location": self.location,
            "kind": self.kind,
            "participants": [list(p) for p in self.people],
        }
        if self.incomplete:
            data["anchor"] = self.anchor
        if self.flags:
            data["flags"] = list(self.flags)
        return data

    def values(self) -> dict:
        """The values to store: the parse with what the clerk set."""
        data = self.snapshot()
        data.pop("anchor", None)
        data.pop("flags", None)
        data["date"] = self.date.isoformat() if self.date else None
        data["start_time"] = time_json(self.start_time)
        return data

    @property
    def label(self) -> str:
        body = self.body or "Mødet uden udvalg"
        return f"{body} {self.date:%d.%m.%Y}" if self.date else f"{body} (uden dato)"


@dataclass
class CleanDocument:
    municipality: Municipality
    text: str
    sha256: str
    original_name: str
    meetings: list[CleanMeeting]
    warnings: list[dict]

    @property
    def item_count(self) -> int:
        return sum(len(m.items) for m in self.meetings)
