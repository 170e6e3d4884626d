"""Small factories for the public pages' tests: rows built through the ORM, then indexed.

Municipalities come from migration 0002 (the 98 real ones); everything else is made here.
Call ``index()`` (or pass ``index=True``) after building items, as the importer would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from meetings.models import (
    AgendaItem,
    Attachment,
    AttendanceStatus,
    Body,
    CaseNumber,
    ItemCaseNumber,
    Meeting,
    MeetingKind,
    Municipality,
    Participant,
    Section,
    SourceDocument,
    danish_slug,
)
from meetings.pages.originals import record_text_original
from meetings.search import reindex_items

_counter = itertools.count(1)


def municipality(code: int = 751) -> Municipality:
    """One of the 98 municipalities loaded by the migrations (751 Aarhus, 151 Ballerup …)."""
    return Municipality.objects.get(code=code)


def body(name: str = "Magistraten", *, code: int = 751) -> Body:
    owner = municipality(code)
    found, _ = Body.objects.get_or_create(
        municipality=owner, name=name, defaults={"slug": danish_slug(name)}
    )
    return found


def source(owner: Municipality, *, name: str | None = None, warnings=None) -> SourceDocument:
    n = next(_counter)
    text = f"kildetekst {n}"
    document = SourceDocument.objects.create(
        municipality=owner,
        original_name=name or f"referat-{n}.txt",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        parser_version="test-1",
        warnings=warnings or [],
    )
    # As the importer does: the text is the original (its closed items are checked per page).
    record_text_original(document, closed_content=False)
    return document


def meeting(
    of: Body | None = None,
    *,
    date: dt.date = dt.date(2020, 8, 24),
    start: dt.time | None = dt.time(8, 30),
    end: dt.time | None = None,
    location: str = "Rådhuset, mødelokale 1",
    kind: str = MeetingKind.MINUTES,
    participants: tuple[tuple[str, str], ...] = (),
    absent: tuple[tuple[str, str], ...] = (),
    with_source: bool = True,
) -> Meeting:
    of = of or body()
    made = Meeting.objects.create(
        body=of,
        date=date,
        start_time=start,
        end_time=end,
        location=location,
        kind=kind,
        source=source(of.municipality) if with_source else None,
    )
    people = [(name, party, AttendanceStatus.PRESENT) for name, party in participants]
    people += [(name, party, AttendanceStatus.ABSENT) for name, party in absent]
    Participant.objects.bulk_create(
        Participant(meeting=made, name=name, party=party, status=status, position=i)
        for i, (name, party, status) in enumerate(people)
    )
    return made


def item(
    of: Meeting | None = None,
    title: str = "Et punkt",
    *,
    number: int | None = None,
    decision: str = "",
    sections: tuple[tuple[str, str, str], ...] = (),
    closed: bool = False,
    cases: tuple[tuple[str, str] | tuple[str, str, str], ...] = (),
    attachments: tuple[str, ...] = (),
    index: bool = True,
) -> AgendaItem:
    """An agenda item. ``sections`` are (heading, kind, text); a decision also becomes a
    "Beslutning" section first unless one is given. ``cases`` are (value, scheme[, kle])."""
    of = of or meeting()
    if number is None:
        number = of.items.count() + 1
    made = AgendaItem.objects.create(
        meeting=of, number=number, position=number, title=title, closed=closed, decision=decision
    )
    rows = list(sections)
    if decision and not any(kind == "decision" for _, kind, _ in rows):
        rows.insert(0, ("Beslutning", "decision", decision))
    Section.objects.bulk_create(
        Section(item=made, position=i, heading=heading, kind=kind, text=text)
        for i, (heading, kind, text) in enumerate(rows)
    )
    Attachment.objects.bulk_create(
        Attachment(item=made, position=i, title=title) for i, title in enumerate(attachments)
    )
    for i, case in enumerate(cases):
        value, scheme, *rest = case
        number_row, _ = CaseNumber.objects.get_or_create(
            municipality=of.body.municipality,
            value=value,
            defaults={"scheme": scheme, "kle": rest[0] if rest else ""},
        )
        ItemCaseNumber.objects.create(item=made, case_number=number_row, position=i)
    if index:
        reindex_items([made.pk])
    return made


def index() -> None:
    reindex_items(AgendaItem.objects.values_list("pk", flat=True))
