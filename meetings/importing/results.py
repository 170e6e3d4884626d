"""What an import hands back (ImportResult) or raises (ImportFailed, MeetingIncomplete), and
what a clerk may set for a meeting the parser was unsure of (ClerkValues)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import ImportConflict, Meeting, SourceDocument


class ImportFailed(Exception):
    """The text cannot be imported; the message (Danish) says why and is safe to show."""


class MeetingIncomplete(ImportFailed):
    """A meeting still lacks its body or date, and no earlier import of it was completed by a
    clerk. ``missing`` lists (meeting index, line, field names) so the preview can ask."""

    def __init__(self, message: str, missing: list[tuple[int, int, tuple[str, ...]]]) -> None:
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class ClerkValues:
    """What a clerk set for one meeting where the parser was unsure (sekretariatets
    oplysninger): the body (udvalg), the date (mødedato) and the start time (starttid). A value
    left empty keeps the parse. The meeting's ``parsed`` snapshot keeps what the parser read,
    so a value the clerk set differs from it and is a correction that re-imports keep."""

    body: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None

    def __bool__(self) -> bool:
        return bool(self.body or self.date or self.start_time)


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    status: str  # "created" | "updated" | "unchanged" | "failed"
    message: str
    source: SourceDocument | None = None
    meetings: list[Meeting] = field(default_factory=list)
    items: int = 0  # agenda items in the document
    warnings: list[dict] = field(default_factory=list)  # {"line": int, "message": str}
    conflicts: list[ImportConflict] = field(default_factory=list)
    items_created: int = 0
    items_updated: int = 0
    items_deleted: int = 0
    dry_run: bool = False

    @classmethod
    def failure(cls, message: str) -> ImportResult:
        """A failed import, for callers that report rather than raise (the command)."""
        return cls(status="failed", message=message)
