"""Which stored meetings a cleaned document's meetings are (identity: body + date + start
time as parsed or as corrected, or the anchor of a meeting the parser could not name), and
whether the document may be stored as it is (every meeting complete, or completed earlier)."""

from __future__ import annotations

from ..corrections.rule import MISSING
from ..corrections.values import time_json
from ..models import Body, Meeting, Municipality
from .cleaned import CleanDocument
from .reads import candidate_meetings, municipality_bodies
from .results import MeetingIncomplete


def known_bodies(municipality: Municipality) -> tuple[dict[str, Body], dict[int, Body]]:
    """The municipality's bodies by case-folded name, and by id."""
    bodies = municipality_bodies(municipality.pk)
    return {body.name.casefold(): body for body in bodies}, {body.pk: body for body in bodies}


def find_meetings(
    doc: CleanDocument, bodies: dict[str, Body], by_id: dict[int, Body]
) -> dict[int, Meeting]:
    """Existing meetings for the document's meetings, by index. A meeting is known by its
    anchor when the parser could not name it (no body or date, see CleanMeeting.anchor), else
    by its body, date and start time as they were last parsed or as they are now, so a
    meeting whose body, date or time a person (or clerk) corrected is still found.
    ``by_id``: all the municipality's bodies, by id."""
    names = {m.body.casefold() for m in doc.meetings} | {
        m.parsed_body.casefold() for m in doc.meetings
    }
    body_ids = [body.pk for name, body in bodies.items() if name in names]
    parsed_bodies = sorted({m.parsed_body for m in doc.meetings if m.parsed_body})
    dates = sorted({d for m in doc.meetings for d in (m.date, m.parsed_date) if d})
    anchors = sorted({m.anchor for m in doc.meetings if m.anchor})
    candidates = candidate_meetings(by_id, dates, body_ids, parsed_bodies, anchors)
    if not candidates:
        return {}
    found: dict[int, Meeting] = {}
    taken: set[int] = set()

    def pick(test) -> Meeting | None:
        return next((c for c in candidates if c.pk not in taken and test(c)), None)

    for index, m in enumerate(doc.meetings):
        body = bodies.get(m.body.casefold())
        date = m.parsed_date.isoformat() if m.parsed_date else None
        start = time_json(m.parsed_start)
        match = None
        if m.anchor:
            match = pick(lambda c, m=m: c.parsed.get("anchor") == m.anchor)
        if match is None and not m.incomplete:
            match = pick(
                lambda c, m=m, date=date, start=start: (
                    str(c.parsed.get("body", "")).casefold() == m.parsed_body.casefold()
                    and c.parsed.get("date") == date
                    and c.parsed.get("start_time", MISSING) == start
                )
            )
        if match is None and body is not None and m.date is not None:
            match = pick(
                lambda c, m=m, body=body: (
                    c.body_id == body.pk and c.date == m.date and c.start_time == m.start_time
                )
            )
        if match is not None:
            taken.add(match.pk)
            found[index] = match
    return found


def clerk_changes(doc: CleanDocument, existing: dict[int, Meeting]) -> bool:
    """Whether a clerk set a value that an existing meeting does not have yet."""
    for index, m in enumerate(doc.meetings):
        clerk, stored = m.clerk, existing.get(index)
        if not clerk or stored is None:
            continue
        if clerk.body and clerk.body.casefold() != stored.body.name.casefold():
            return True
        if (clerk.date and clerk.date != stored.date) or (
            clerk.start_time and clerk.start_time != stored.start_time
        ):
            return True
    return False


def require_complete(doc: CleanDocument, existing: dict[int, Meeting]) -> None:
    """A meeting without body or date that no clerk completed (now or in an earlier import
    of it) cannot be stored: say which, and how to complete it."""
    missing = []
    for index, m in enumerate(doc.meetings):
        if index in existing:
            continue
        fields = tuple(name for name, value in (("body", m.body), ("date", m.date)) if not value)
        if fields:
            missing.append((index, m.line, fields))
    if not missing:
        return
    words = {"body": "udvalg", "date": "dato"}
    parts = [
        f"mødet på linje {line} mangler {' og '.join(words[f] for f in fields)}"
        for _, line, fields in missing
    ]
    raise MeetingIncomplete(
        "Teksten kan ikke indlæses endnu: "
        + "; ".join(parts)
        + ". Angiv det i forhåndsvisningen (eller med --body og --date til import_minutes).",
        missing,
    )
