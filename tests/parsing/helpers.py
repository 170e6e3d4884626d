"""Shared helpers for the parser tests (no database, no Django)."""

from __future__ import annotations

from pathlib import Path

from meetings.parsing import ParsedDocument, Person

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "fixtures" / "minutes"
SEED_FILES = sorted(FIXTURES.glob("*.txt"))


def person_label(person: Person) -> str:
    """ "Name (P)" as the expected files write participants."""
    return f"{person.name} ({person.party})" if person.party else person.name


def decision_start(decision: str | None) -> str | None:
    if decision is None:
        return None
    return " ".join(decision.split())[:40]


def summary(doc: ParsedDocument) -> dict:
    """The parse in the shape of a seed's .expected.json."""
    return {
        "municipality": doc.municipality,
        "meetings": [
            {
                "body": m.body,
                "date": m.date.isoformat(),
                "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
                "end_time": m.end_time.strftime("%H:%M") if m.end_time else None,
                "location": m.location,
                "participants": [person_label(p) for p in m.participants],
                "absent": [person_label(p) for p in m.absent],
                "items": [
                    {
                        "number": i.number,
                        "title": i.title,
                        "closed": i.closed,
                        "case_numbers": [c.value for c in i.case_numbers],
                        "sections": [s.heading for s in i.sections],
                        "decision_startswith": decision_start(i.decision),
                        "attachments": [a.title for a in i.attachments],
                    }
                    for i in m.items
                ],
            }
            for m in doc.meetings
        ],
    }
