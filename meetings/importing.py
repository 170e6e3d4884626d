"""ParsedDocument → rows: the one import service (indlæsning) every way in uses.

The upload form and ``manage.py import_minutes`` both call ``import_document`` (or its
wrappers ``import_text`` and ``import_path``). An import runs in three phases, pretix style:

1. **clean** (``_clean``): check and normalise the whole ParsedDocument before anything is
   written: a meeting must be there, the municipality must be known, values must fit their
   columns, item numbers must be unique within a meeting. A problem raises ``ImportFailed``
   with a Danish message that is safe to show to a clerk.
2. **plan** (``_plan``): read what the database holds and decide, field by field, what to
   create, update, keep or delete. No writes.
3. **write** (``_write``): carry the plan out. Phases 2 and 3 run in one
   ``transaction.atomic()``, so a failed import leaves no row behind.

Cost: an import's statements do not depend on its number of items. A new document of one
meeting takes about a dozen (lookups of municipality, source, bodies and meetings, then one
INSERT per table, see ``insert_rows``); simple_history's records are written by the same
statements on PostgreSQL (``_execute_write``), so no history row travels through Python.

Identity: a meeting is its body + date + start time; an item is its meeting + number; a
source document is its municipality + the sha256 of its text; a case number is its
municipality + value. Importing the same text twice changes nothing.

The correction rule (rettelser, meetings/corrections/): every meeting and item keeps, in its
``parsed`` JSON field, the values as last parsed. On a re-import a field whose database value
still equals that snapshot (after normalisation: line endings, spaces, NFC) was not touched by a
person and takes the new parse; a field whose value differs was corrected and keeps the
correction. Where the new text changes such a field to something other than the correction, an
ImportConflict row records both values. See ``corrections.merge_field``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import JSONField, Q
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from . import search
from .corrections.rule import MISSING, FieldMerge, is_corrected, merge_field
from .corrections.values import (
    ITEM_FIELDS,
    MEETING_FIELDS,
    REMOVED_ITEM,
    item_values,
    meeting_values,
    time_from_json,
    time_json,
)
from .models import (
    AgendaItem,
    Attachment,
    AttendanceStatus,
    Body,
    CaseNumber,
    CaseScheme,
    ImportConflict,
    ItemCaseNumber,
    Meeting,
    MeetingKind,
    Municipality,
    Participant,
    Section,
    SectionKind,
    SourceDocument,
    danish_slug,
)
from .pages.originals import keep_original, record_text_original
from .pages.people import link_participants
from .parsing import PARSER_VERSION, parse
from .parsing.records import ParsedDocument

__all__ = [
    "ClerkValues",
    "FieldMerge",
    "ImportFailed",
    "MeetingIncomplete",
    "ImportResult",
    "import_document",
    "import_path",
    "import_text",
    "merge_field",
    "read_minutes",
    "resolve_municipality",
]

NO_MEETING = "Teksten indeholder ikke et genkendeligt møde"
NO_MUNICIPALITY = (
    "Teksten nævner ingen kommune, og kommunen kan ikke udledes af sagsnumrene. "
    "Angiv kommunen med --municipality (navn eller kommunekode, fx --municipality 326)."
)
# The heading given to an item's unlabelled text (Item.text), stored as its first section.
ITEM_TEXT_HEADING = "Tekst"

CHILD_FIELDS = frozenset({"sections", "attachments", "case_numbers"})
# The choices' values, looked up once (the enums' ``values`` builds a new list on every access).
_MEETING_KINDS = frozenset(MeetingKind.values)
_SECTION_KINDS = frozenset(SectionKind.values)
_CASE_SCHEMES = frozenset(CaseScheme.values)

_NAME_LIMIT = SourceDocument._meta.get_field("original_name").max_length

_MUNICIPAL_CASE = re.compile(r"^(\d{3})-\d{4}-\d+")
_KLE_TOPIC = re.compile(r"^\d{2}\.\d{2}\.\d{2}")


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


# Bounds per document: the position columns are small integers (at most 32767), and a
# document far past these is not minutes but a crafted or broken file.
MAX_MEETINGS = 500
MAX_ITEMS_PER_MEETING = 1000
MAX_PARTS_PER_ITEM = 1000  # sections, attachments, case numbers each
MAX_PARTICIPANTS = 1000


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


# ---------------------------------------------------------------------------------------
# The correction rule lives in meetings/corrections/ (one place decides "corrected"); these
# names stay importable from here.

_MISSING = MISSING
_time_json = time_json
_time_from_json = time_from_json


# ---------------------------------------------------------------------------------------
# Municipalities


def resolve_municipality(name_or_code: str | int) -> Municipality:
    """A municipality by code ("326", "0326"), name ("Kalundborg Kommune"), short name
    ("Kalundborg", "Århus") or slug ("aarhus"). Raises ImportFailed when none matches."""
    value = str(name_or_code).strip()
    if not value:
        raise ImportFailed("Angiv en kommune (navn eller kommunekode).")
    found = _find_municipality(value)
    if found is None:
        raise ImportFailed(
            f"Kommunen »{value}« findes ikke. Angiv kommunens navn (fx »Kalundborg« eller "
            "»Kalundborg Kommune«) eller kommunekode (fx 326)."
        )
    return found


_ALIASES = {"århus": "aarhus", "åbenrå": "aabenraa", "københavn": "koebenhavn"}


def _find_municipality(value: str) -> Municipality | None:
    if value.isdigit():
        return Municipality.objects.filter(code=int(value)).first()
    lowered = value.lower()
    for suffix in (" kommune", " kommunes", " regionskommune"):
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)].strip()
            break
    slug = danish_slug(_ALIASES.get(lowered, lowered))
    return (
        Municipality.objects.filter(
            Q(name__iexact=value)
            | Q(short_name__iexact=lowered)
            | Q(slug=slug)
            | Q(slug=danish_slug(value))
        )
        .order_by("code")
        .first()
    )


def _municipality_from_case_numbers(parsed: ParsedDocument) -> tuple[Municipality, str, int] | None:
    """The municipality whose kommunekode prefixes the ESDH case numbers ("326-2015-4892")."""
    seen: dict[int, tuple[str, int]] = {}
    for meeting in parsed.meetings:
        for item in meeting.items:
            for case in item.case_numbers:
                match = _MUNICIPAL_CASE.match(case.value)
                if match and case.scheme in (CaseScheme.ESDH, CaseScheme.DOCUMENT):
                    seen.setdefault(int(match.group(1)), (case.value, item.line))
    if not seen:
        return None
    found = {m.code: m for m in Municipality.objects.filter(code__in=seen)}
    if len(found) != 1:
        return None
    code, municipality = next(iter(found.items()))
    value, line = seen[code]
    return municipality, value, line


# ---------------------------------------------------------------------------------------
# Phase 1: clean


@dataclass
class _CleanItem:
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
class _CleanMeeting:
    body: str  # as it will be stored: the clerk's, else the parsed one ("" when missing)
    date: dt.date | None  # likewise (None when missing)
    start_time: dt.time | None
    end_time: dt.time | None
    location: str
    kind: str
    people: list[list[str]]  # [name, party, role, status]
    items: list[_CleanItem]
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
                _time_json(self.parsed_start),
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
            "start_time": _time_json(self.parsed_start),
            "end_time": _time_json(self.end_time),
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
        data["start_time"] = _time_json(self.start_time)
        return data

    @property
    def label(self) -> str:
        body = self.body or "Mødet uden udvalg"
        return f"{body} {self.date:%d.%m.%Y}" if self.date else f"{body} (uden dato)"


@dataclass
class _CleanDocument:
    municipality: Municipality
    text: str
    sha256: str
    original_name: str
    meetings: list[_CleanMeeting]
    warnings: list[dict]

    @property
    def item_count(self) -> int:
        return sum(len(m.items) for m in self.meetings)


def text_sha256(text: str) -> str:
    """The checksum a source document is known by: the text with its line endings unified."""
    unified = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(unified.encode("utf-8")).hexdigest()


class _Cleaner:
    """Phase 1: the ParsedDocument checked and shaped to the columns it will fill."""

    def __init__(self) -> None:
        self.warnings: list[dict] = []

    def warn(self, line: int, message: str) -> None:
        self.warnings.append({"line": line, "message": message})

    def fit(self, value: str | None, limit: int, line: int, what: str) -> str:
        value = (value or "").strip()
        if len(value) > limit:
            self.warn(line, f"{what} er forkortet til {limit} tegn.")
            value = value[: limit - 1].rstrip() + "…"
        return value

    def meeting(self, meeting, clerk: ClerkValues | None = None, index: int = 0) -> _CleanMeeting:
        line = meeting.line
        parsed_body = self.fit(meeting.body, 200, line, "Organets navn")
        clerk = clerk or None
        body = self.fit(clerk.body, 200, line, "Organets navn") if clerk and clerk.body else ""
        body = body or parsed_body
        date = (clerk.date if clerk and clerk.date else None) or meeting.date
        start = (clerk.start_time if clerk and clerk.start_time else None) or meeting.start_time
        too_many = [
            (len(meeting.items), MAX_ITEMS_PER_MEETING, "punkter"),
            (
                len(meeting.participants) + len(meeting.absent) + len(meeting.substitutes),
                MAX_PARTICIPANTS,
                "deltagere",
            ),
        ]
        for count, limit, what in too_many:
            if count > limit:
                raise ImportFailed(
                    f"Mødet på linje {line} har {count} {what}; højst {limit} er tilladt. "
                    "Teksten er næppe et referat, eller dens opdeling er læst forkert."
                )
        kind = meeting.kind
        if kind not in _MEETING_KINDS:
            self.warn(line, f"Ukendt mødetype »{kind}«; mødet indlæses som referat.")
            kind = MeetingKind.MINUTES
        people = []
        groups = (
            (meeting.participants, AttendanceStatus.PRESENT),
            (meeting.absent, AttendanceStatus.ABSENT),
            (meeting.substitutes, AttendanceStatus.SUBSTITUTE),
        )
        for persons, status in groups:
            for person in persons:
                name = self.fit(person.name, 200, line, "Et deltagernavn")
                if name:
                    party = self.fit(person.party, 10, line, "Et partibogstav")
                    role = self.fit(person.role, 200, line, "En deltagerrolle")
                    people.append([name, party, role, str(status)])
        items = [self.item(item) for item in meeting.items]
        numbers: dict[int, int] = {}
        for item in items:
            if item.number in numbers:
                when = f" {date:%d.%m.%Y}" if date else ""
                raise ImportFailed(
                    f"Punkt {item.number} står to gange i mødet {body}{when} "
                    f"(linje {numbers[item.number]} og {item.line}). Ret nummereringen i teksten."
                )
            numbers[item.number] = item.line
        return _CleanMeeting(
            body=body,
            date=date,
            start_time=start,
            end_time=meeting.end_time,
            location=self.fit(meeting.location, 300, line, "Mødestedet"),
            kind=str(kind),
            people=people,
            items=items,
            line=line,
            parsed_body=parsed_body,
            parsed_date=meeting.date,
            parsed_start=meeting.start_time,
            clerk=clerk,
            index=index,
            flags=[str(flag) for flag in getattr(meeting, "flags", ())],
        )

    def item(self, item) -> _CleanItem:
        line = item.line
        if item.number < 0:
            raise ImportFailed(f"Punktet på linje {line} har et negativt nummer ({item.number}).")
        if item.number > 2_000_000_000:
            raise ImportFailed(f"Punktet på linje {line} har et for stort nummer ({item.number}).")
        parts = max(len(item.sections), len(item.attachments), len(item.case_numbers))
        if parts > MAX_PARTS_PER_ITEM:
            raise ImportFailed(
                f"Punkt {item.number} (linje {line}) har {parts} afsnit, bilag eller sagsnumre; "
                f"højst {MAX_PARTS_PER_ITEM} er tilladt. Tjek punktoverskrifterne i teksten."
            )
        title = self.fit(item.title, 500, line, f"Titlen på punkt {item.number}")
        if not title:
            title = f"Punkt {item.number}"
            self.warn(line, f"Punkt {item.number} har ingen titel.")
        sections = []
        if getattr(item, "text", "").strip():
            sections.append([ITEM_TEXT_HEADING, str(SectionKind.OTHER), item.text.strip()])
        for section in item.sections:
            kind = section.kind if section.kind in _SECTION_KINDS else SectionKind.OTHER
            heading = self.fit(section.heading, 300, line, "En afsnitsoverskrift")
            sections.append([heading or "Afsnit", str(kind), section.text or ""])
        cases: dict[str, str] = {}
        for case in item.case_numbers:
            value = case.value.strip()
            if not value or len(value) > 100:
                self.warn(line, f"Sagsnummeret »{value[:40]}« er sprunget over (ugyldigt).")
                continue
            scheme = case.scheme if case.scheme in _CASE_SCHEMES else CaseScheme.ESDH
            cases.setdefault(value, str(scheme))
        attachments = [
            self.fit(a.title, 500, line, "En bilagstitel") for a in item.attachments if a.title
        ]
        return _CleanItem(
            number=item.number,
            title=title,
            closed=bool(item.closed),
            decision=(item.decision or "").strip(),
            sections=sections,
            case_numbers=list(cases.items()),
            attachments=[a for a in attachments if a],
            line=line,
        )


def _choose_municipality(
    parsed: ParsedDocument,
    given: Municipality | None,
    strict: bool,
    cleaner: _Cleaner,
) -> Municipality:
    """The municipality the text belongs to: the one it names, else the one given, else
    the one its ESDH case numbers' kommunekode points to."""
    named = _find_municipality(parsed.municipality) if parsed.municipality else None
    if parsed.municipality and named is None:
        cleaner.warn(0, f"Kommunen »{parsed.municipality}« i teksten er ukendt.")
    if named is not None:
        if strict and given is not None and named.pk != given.pk:
            raise ImportFailed(
                f"Filen er et referat fra {named.name}, ikke fra {given.name}. "
                f"Kontrollér, at du har valgt den rigtige fil; referater fra {named.name} "
                f"uploades af {named.name}s sekretariat."
            )
        return named
    inferred = _municipality_from_case_numbers(parsed)
    if given is not None:
        if inferred is not None and inferred[0].pk != given.pk:
            cleaner.warn(
                inferred[2],
                f"Sagsnummeret {inferred[1]} har kommunekoden for {inferred[0].name}, men "
                f"teksten indlæses for {given.name}.",
            )
        return given
    if inferred is None:
        raise ImportFailed(NO_MUNICIPALITY)
    municipality, value, line = inferred
    cleaner.warn(
        line,
        f"Teksten nævner ingen kommune; {municipality.name} er udledt af kommunekoden "
        f"{municipality.code} i sagsnummeret {value}.",
    )
    return municipality


def _clean(
    parsed: ParsedDocument,
    *,
    text: str,
    original_name: str,
    municipality: Municipality | None,
    strict: bool,
    clerk: dict[int, ClerkValues] | None = None,
) -> _CleanDocument:
    if len(parsed.meetings) > MAX_MEETINGS:
        raise ImportFailed(
            f"Teksten indeholder {len(parsed.meetings)} møder; højst {MAX_MEETINGS} er tilladt "
            "i én fil. Del filen op."
        )
    if not parsed.meetings:
        raise ImportFailed(
            f"{NO_MEETING}. Et referat skal have en mødeoverskrift med organ og dato, "
            "fx »REFERAT Økonomiudvalget d. 13-10-2021«."
        )
    cleaner = _Cleaner()
    cleaner.warnings.extend(w.to_dict() for w in parsed.warnings)
    chosen = _choose_municipality(parsed, municipality, strict, cleaner)
    clerk = clerk or {}
    meetings = [cleaner.meeting(m, clerk.get(i), i) for i, m in enumerate(parsed.meetings)]
    seen: dict[tuple, int] = {}
    for meeting in meetings:
        key = (meeting.body.lower(), meeting.date, meeting.start_time)
        if key in seen:
            raise ImportFailed(
                f"Mødet {meeting.label} står to gange i teksten (linje {seen[key]} og "
                f"{meeting.line})."
            )
        seen[key] = meeting.line
    return _CleanDocument(
        municipality=chosen,
        text=text,
        sha256=text_sha256(text),
        original_name=shorten_name(original_name or "tekst.txt", _NAME_LIMIT),
        meetings=meetings,
        warnings=cleaner.warnings,
    )


# ---------------------------------------------------------------------------------------
# Phase 2: plan


@dataclass
class _ItemPlan:
    clean: _CleanItem | None  # None: an existing item that vanished from the text
    existing: AgendaItem | None = None
    values: dict = field(default_factory=dict)  # the merged values, snapshot form
    snapshot: dict | None = None  # the new parse (None for a vanished item)
    changed: set[str] = field(default_factory=set)  # fields whose stored value changes
    write_row: bool = False  # the item row itself needs an insert/update
    delete: bool = False
    conflicts: list[tuple[str, object, object]] = field(default_factory=list)
    position: int = 0
    item_id: int | None = None  # the row's id, once written

    @classmethod
    def new(cls, clean: _CleanItem, position: int) -> _ItemPlan:
        snapshot = clean.snapshot()
        return cls(
            clean=clean, values=snapshot, snapshot=snapshot, write_row=True, position=position
        )


@dataclass
class _MeetingPlan:
    clean: _CleanMeeting
    existing: Meeting | None
    values: dict = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    conflicts: list[tuple[str, object, object]] = field(default_factory=list)
    items: list[_ItemPlan] = field(default_factory=list)


@dataclass
class _Stored:
    """What the database holds under the document's existing meetings, in three queries:
    participants per meeting, items per meeting, and each item's children (sections,
    attachments, case numbers) in snapshot form."""

    participants: dict[int, list[list]] = field(default_factory=dict)
    items: dict[int, list[AgendaItem]] = field(default_factory=dict)
    children: dict[int, dict[str, list]] = field(default_factory=dict)

    @classmethod
    def load(cls, meeting_ids: list[int]) -> _Stored:
        stored = cls()
        if not meeting_ids:
            return stored
        people = Participant.objects.filter(meeting_id__in=meeting_ids).order_by(
            "meeting_id", "position", "pk"
        )
        for meeting_id, *person in people.values_list(
            "meeting_id", "name", "party", "role", "status"
        ):
            stored.participants.setdefault(meeting_id, []).append(person)
        items = (
            AgendaItem.objects.filter(meeting_id__in=meeting_ids)
            .defer("search_vector")
            .order_by("meeting_id", "position", "pk")
        )
        for item in items:
            stored.items.setdefault(item.meeting_id, []).append(item)
            stored.children[item.pk] = {name: [] for name in CHILD_FIELDS}
        if stored.children:
            for item_id, name, *values in _children_query(list(stored.children)):
                children = stored.children[item_id][name]
                children.append(values if name == "sections" else values[0])
        return stored


def _children_query(item_ids: list[int]) -> list[tuple]:
    """The items' sections (heading, kind, text), attachments (title) and case numbers
    (value) as (item id, "sections"|"attachments"|"case_numbers", a, b, c) rows, each item's
    in the order written: one UNION ALL query instead of one per table."""
    with connection.cursor() as cursor:
        cursor.execute(_children_sql(connection.vendor), [_id_param(item_ids)] * 3)
        return [row[:5] for row in cursor.fetchall()]


@functools.cache
def _children_sql(vendor: str) -> str:
    section, attachment, link, case = (
        _quote(model._meta.db_table) for model in (Section, Attachment, ItemCaseNumber, CaseNumber)
    )
    in_items = _id_in("item_id", vendor)
    return (
        f"SELECT item_id, 'sections', heading, kind, text, position, id FROM {section} "
        f"WHERE {in_items} "
        f"UNION ALL SELECT item_id, 'attachments', title, '', '', position, id FROM {attachment} "
        f"WHERE {in_items} "
        f"UNION ALL SELECT l.item_id, 'case_numbers', c.value, '', '', l.position, l.id "
        f"FROM {link} AS l JOIN {case} AS c ON c.id = l.case_number_id WHERE {in_items} "
        "ORDER BY 1, 6, 7"
    )


def _known_bodies(municipality: Municipality) -> dict[str, Body]:
    """The municipality's bodies by case-folded name."""
    bodies = Body.objects.filter(municipality=municipality).order_by()
    return {body.name.casefold(): body for body in bodies}


def _find_meetings(doc: _CleanDocument, bodies: dict[str, Body]) -> dict[int, Meeting]:
    """Existing meetings for the document's meetings, by index. A meeting is known by its
    anchor when the parser could not name it (no body or date, see _CleanMeeting.anchor), else
    by its body, date and start time as they were last parsed or as they are now, so a
    meeting whose body, date or time a person (or clerk) corrected is still found."""
    names = {m.body.casefold() for m in doc.meetings} | {
        m.parsed_body.casefold() for m in doc.meetings
    }
    body_ids = [body.pk for name, body in bodies.items() if name in names]
    parsed_bodies = sorted({m.parsed_body for m in doc.meetings if m.parsed_body})
    dates = sorted({d for m in doc.meetings for d in (m.date, m.parsed_date) if d})
    anchors = sorted({m.anchor for m in doc.meetings if m.anchor})
    wanted = Q(pk__in=[])
    if dates and (body_ids or parsed_bodies):
        on_dates = Q(date__in=dates) | Q(parsed__date__in=[d.isoformat() for d in dates])
        wanted |= on_dates & (Q(body_id__in=body_ids) | Q(parsed__body__in=parsed_bodies))
    if anchors:
        wanted |= Q(parsed__anchor__in=anchors)
    candidates = list(
        Meeting.objects.filter(wanted, body__municipality=doc.municipality)
        .select_related("body")
        .order_by("-date", "-start_time")
    )
    if not candidates:
        return {}
    found: dict[int, Meeting] = {}
    taken: set[int] = set()

    def pick(test) -> Meeting | None:
        return next((c for c in candidates if c.pk not in taken and test(c)), None)

    for index, m in enumerate(doc.meetings):
        body = bodies.get(m.body.casefold())
        date = m.parsed_date.isoformat() if m.parsed_date else None
        start = _time_json(m.parsed_start)
        match = None
        if m.anchor:
            match = pick(lambda c, m=m: c.parsed.get("anchor") == m.anchor)
        if match is None and not m.incomplete:
            match = pick(
                lambda c, m=m, date=date, start=start: (
                    str(c.parsed.get("body", "")).casefold() == m.parsed_body.casefold()
                    and c.parsed.get("date") == date
                    and c.parsed.get("start_time", _MISSING) == start
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


def _clerk_changes(doc: _CleanDocument, existing: dict[int, Meeting]) -> bool:
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


def _require_complete(doc: _CleanDocument, existing: dict[int, Meeting]) -> None:
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


def _plan(doc: _CleanDocument, existing: dict[int, Meeting]) -> list[_MeetingPlan]:
    plans = [_MeetingPlan(clean=m, existing=existing.get(i)) for i, m in enumerate(doc.meetings)]
    stored = _Stored.load([p.existing.pk for p in plans if p.existing is not None])
    for plan in plans:
        if plan.existing is None:
            plan.values = plan.clean.values()
            plan.items = [_ItemPlan.new(c, i) for i, c in enumerate(plan.clean.items)]
            continue
        _plan_meeting(plan, stored.participants.get(plan.existing.pk, []))
        _plan_items(plan, stored.items.get(plan.existing.pk, []), stored.children)
    return plans


def _merge_fields(plan, current: dict, previous: dict, new: dict, fields) -> None:
    """Apply merge_field to each field: fill plan.values, plan.changed and plan.conflicts."""
    for name in fields:
        merged = merge_field(current[name], previous.get(name, _MISSING), new[name])
        plan.values[name] = merged.value
        if merged.value != current[name]:
            plan.changed.add(name)
        if merged.conflict:
            plan.conflicts.append((name, current[name], new[name]))


def _plan_meeting(plan: _MeetingPlan, participants: list[list]) -> None:
    current = meeting_values(plan.existing, participants)
    new = plan.clean.snapshot()
    _merge_fields(plan, current, plan.existing.parsed or {}, new, MEETING_FIELDS)
    clerk = plan.clean.clerk
    if clerk:  # what the clerk set now wins over the stored value and the parse
        values = plan.clean.values()
        for name, given in (("date", clerk.date), ("start_time", clerk.start_time)):
            if given and values[name] != current[name]:
                plan.values[name] = values[name]
                plan.changed.add(name)
        if clerk.body and clerk.body.casefold() != plan.existing.body.name.casefold():
            plan.changed.add("body")


def _plan_items(
    plan: _MeetingPlan, existing: list[AgendaItem], children: dict[int, dict[str, list]]
) -> None:
    by_number: dict[int, AgendaItem] = {}
    # An item is known by the number it was parsed with; a hand-made item by its number.
    for item in existing:
        by_number.setdefault(item.parsed.get("number", item.number), item)
    for item in existing:
        by_number.setdefault(item.number, item)
    matched: set[int] = set()
    for position, clean in enumerate(plan.clean.items):
        item = by_number.get(clean.number)
        if item is not None and item.pk in matched:
            item = None
        if item is None:
            plan.items.append(_ItemPlan.new(clean, position))
            continue
        matched.add(item.pk)
        plan.items.append(_merge_item(item, children[item.pk], clean, position))
    for item in existing:
        if item.pk in matched:
            continue
        current = item_values(item, children[item.pk])
        gone = _ItemPlan(clean=None, existing=item, values=current, position=item.position)
        if is_corrected(current, item.parsed or {}, ITEM_FIELDS):
            gone.conflicts.append(
                (REMOVED_ITEM, {"number": item.number, "title": item.title}, None)
            )
        else:
            gone.delete = True
        plan.items.append(gone)
    numbers = [i.values["number"] for i in plan.items if not i.delete]
    if len(numbers) != len(set(numbers)):
        raise ImportFailed(
            f"Mødet {plan.clean.label}: et punktnummer, som er rettet i arkivet, bruges også af "
            "et andet punkt i den nye tekst. Ret nummeret i arkivet først."
        )


def _merge_item(item: AgendaItem, children: dict, clean: _CleanItem, position: int) -> _ItemPlan:
    new = clean.snapshot()
    plan = _ItemPlan(clean=clean, existing=item, snapshot=new, position=position)
    _merge_fields(plan, item_values(item, children), item.parsed or {}, new, ITEM_FIELDS)
    scalar = {"number", "title", "closed", "decision"} & plan.changed
    plan.write_row = bool(scalar) or item.parsed != new or item.position != position
    return plan


# ---------------------------------------------------------------------------------------
# Bulk statements
#
# The write phase sends a table's rows as ONE parameter, a JSON array of rows, which the
# database unpacks (jsonb_array_elements on PostgreSQL, json_each on SQLite) into an
# INSERT … SELECT or UPDATE … FROM. So a document costs one statement per table whatever its
# number of items, builds no model instance per row, and keeps the SQL text short (the driver
# caches its parsing). The values pass through the columns' ordinary casts, checks and
# constraints: a text too long for its column fails here as it would through the ORM.


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _json_default(value):
    if isinstance(value, (dt.date, dt.time)) and not isinstance(value, dt.datetime):
        return value.isoformat()  # the text Django's SQLite backend stores, too
    raise TypeError(f"{type(value).__name__} cannot travel in a JSON row")


def _json_param(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def _id_param(ids: Iterable[int]):
    """Ids as the one parameter of an ``_id_in`` condition."""
    ids = sorted(set(ids))
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


# The statements' text depends only on the model, the columns and the database, so each is
# built once (functools.cache) and the driver's cache of parsed queries applies, too.


@functools.cache
def _json_rows(columns: tuple[tuple[str, object], ...], vendor: str) -> str:
    """A SELECT with one row per element of a JSON array parameter (``%s``); each element is a
    list of values, named and typed by ``columns`` ((name, model field), in order)."""
    selected = []
    for index, (name, model_field) in enumerate(columns):
        if vendor != "postgresql":
            value = f"json_extract(r.value, '$[{index}]')"
            if isinstance(model_field, JSONField):
                value = f"json_quote({value})"  # the JSON text, as Django stores it
        elif isinstance(model_field, JSONField):
            value = f"(r.value -> {index})"
        else:
            db_type = model_field.db_type(connection)
            value = f"(r.value ->> {index})"
            # Text stays text: assigning it to a varchar(n) column checks the length, where
            # an explicit cast would cut it silently.
            if not db_type.startswith(("varchar", "text")):
                value = f"CAST({value} AS {db_type})"
        selected.append(f"{value} AS {_quote(name)}")
    if vendor == "postgresql":
        return f"SELECT {', '.join(selected)} FROM jsonb_array_elements(%s::jsonb) AS r(value)"
    return f"SELECT {', '.join(selected)} FROM json_each(%s) AS r"


def _model_rows(model, columns: Sequence[str]) -> str:
    fields = tuple((name, model._meta.get_field(name)) for name in columns)
    return _json_rows(fields, connection.vendor)


@functools.cache
def _id_in(column: str, vendor: str) -> str:
    """``column IN (the ids in one parameter)``: an array on PostgreSQL, a JSON array on
    SQLite (see _id_param), so any number of ids takes one parameter."""
    if vendor == "postgresql":
        return f"{_quote(column)} = ANY(%s)"
    return f"{_quote(column)} IN (SELECT value FROM json_each(%s))"


@functools.cache
def _insert_sql(model, columns, constants, on_conflict, vendor) -> str:
    opts = model._meta
    targets = [_quote(opts.get_field(name).column) for name in (*columns, *constants)]
    selected = [f"r.{_quote(name)}" for name in columns] + ["%s"] * len(constants)
    return (
        f"INSERT INTO {_quote(opts.db_table)} ({', '.join(targets)}) "
        f"SELECT {', '.join(selected)} FROM ({_model_rows(model, columns)}) AS r "
        # WHERE true: SQLite needs it before ON CONFLICT after a SELECT.
        f"WHERE true {on_conflict}"
    ).rstrip()


@functools.cache
def _update_sql(model, columns, constants, vendor) -> str:
    opts = model._meta
    table = _quote(opts.db_table)
    assignments = [
        f"{_quote(opts.get_field(name).column)} = r.{_quote(name)}" for name in columns[1:]
    ] + [f"{_quote(opts.get_field(name).column)} = %s" for name in constants]
    return (
        f"UPDATE {table} SET {', '.join(assignments)} "
        f"FROM ({_model_rows(model, columns)}) AS r "
        f"WHERE {table}.{_quote(opts.pk.column)} = r.{_quote(columns[0])}"
    )


def _constant_params(model, constants: dict) -> list:
    return [
        model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in constants.items()
    ]


@functools.cache
def historical_model(model):
    """The simple_history model of ``model`` (None when it keeps no history), looked up once:
    the ``history`` descriptor builds a new manager class on every access."""
    try:
        return get_history_manager_for_model(model).model
    except NotHistoricalModelError:
        return None


@dataclass(frozen=True)
class HistoryStamp:
    """The simple_history record a bulk write adds for each row: its type ("+" created,
    "~" changed, "-" deleted), user, change reason and date."""

    history_type: str
    user: object
    reason: str
    date: dt.datetime

    def params(self) -> list:
        return [
            connection.ops.adapt_datetimefield_value(self.date),
            self.reason,
            self.history_type,
            getattr(self.user, "pk", None),
        ]


def _keeps_history(model, stamp: HistoryStamp | None) -> bool:
    return (
        stamp is not None
        and historical_model(model) is not None
        and getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    )


@functools.cache
def _record_sql(model) -> str:
    """INSERT INTO the historical table … SELECT the tracked columns and the four stamp
    parameters; the caller adds FROM and WHERE."""
    history = historical_model(model)
    columns = ", ".join(_quote(f.column) for f in history.tracked_fields)
    extra = ", ".join(
        _quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    return (
        f"INSERT INTO {_quote(history._meta.db_table)} ({columns}, {extra}) "
        f"SELECT {columns}, %s, %s, %s, %s"
    )


def copy_to_history(model, ids: Iterable[int], stamp: HistoryStamp, *, by: str = "id") -> None:
    """Add simple_history records for ``model``'s rows whose ``by`` column is one of ``ids``,
    as the rows are now, copied by the database (one INSERT … SELECT over the tracked
    columns): the records ``bulk_history_create`` would write, without the round trip."""
    ids = list(ids)
    if not ids or not _keeps_history(model, stamp):
        return
    opts = model._meta
    condition = _id_in(opts.get_field(by).column, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_record_sql(model)} FROM {_quote(opts.db_table)} WHERE {condition}",
            [*stamp.params(), _id_param(ids)],
        )


def _execute_write(model, sql: str, params: list, stamp: HistoryStamp | None, returning=()) -> list:
    """Run a write statement on ``model``'s table (an INSERT or UPDATE without RETURNING) and
    return the ``returning`` columns of the rows it wrote. With a ``stamp``, every written row
    also gets its history record: on PostgreSQL in the same statement (the write's rows,
    RETURNING into a second INSERT … SELECT of a data-modifying WITH), on SQLite by a second
    statement over the written ids."""
    opts = model._meta
    table = _quote(opts.db_table)
    wanted = ", ".join(_quote(opts.get_field(name).column) for name in returning)
    with connection.cursor() as cursor:
        if not _keeps_history(model, stamp):
            cursor.execute(f"{sql} RETURNING {wanted}" if returning else sql, params)
            return cursor.fetchall() if returning else []
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH written AS ({sql} RETURNING {table}.*), "
                f"recorded AS ({_record_sql(model)} FROM written) "
                f"SELECT {wanted or 'count(*)'} FROM written",
                [*params, *stamp.params()],
            )
            return cursor.fetchall() if returning else []
        cursor.execute(f"{sql} RETURNING {_quote(opts.pk.column)}, {wanted or 1}", params)
        rows = cursor.fetchall()
    copy_to_history(model, [row[0] for row in rows], stamp)
    return [row[1:] for row in rows] if returning else []


def insert_rows(
    model,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    *,
    constants: dict | None = None,
    returning: tuple[str, ...] = (),
    on_conflict: str = "",
    history: HistoryStamp | None = None,
) -> list[tuple]:
    """INSERT ``rows`` (sequences of values in ``columns`` order) into ``model``'s table in
    one statement. ``constants`` (column → value) are the same for every row and travel once;
    ``returning`` names columns to return for each inserted row (in no particular order);
    ``history`` adds a history record for each row."""
    if not rows:
        return []
    constants = constants or {}
    sql = _insert_sql(model, columns, tuple(constants), on_conflict, connection.vendor)
    params = [*_constant_params(model, constants), _json_param(rows)]
    return _execute_write(model, sql, params, history, returning)


def update_rows(
    model,
    columns: tuple[str, ...],
    rows: Sequence[Sequence],
    *,
    constants: dict | None = None,
    history: HistoryStamp | None = None,
) -> None:
    """UPDATE ``model``'s rows in one statement: each row's first value is its primary key,
    the others the new values of ``columns[1:]``; ``constants`` are set on every row;
    ``history`` adds a history record for each row (with its new values)."""
    if not rows:
        return
    constants = constants or {}
    sql = _update_sql(model, columns, tuple(constants), connection.vendor)
    params = [*_constant_params(model, constants), _json_param(rows)]
    _execute_write(model, sql, params, history)


def delete_rows(
    model, ids: Iterable[int], *, by: str = "id", history: HistoryStamp | None = None
) -> None:
    """DELETE ``model``'s rows whose ``by`` column is one of ``ids``, in one statement, for
    rows nothing else refers to; ``history`` records each row as it was."""
    opts = model._meta
    ids = list(ids)
    condition = _id_in(opts.get_field(by).column, connection.vendor)
    sql = f"DELETE FROM {_quote(opts.db_table)} WHERE {condition}"
    if connection.vendor != "postgresql" and _keeps_history(model, history):
        copy_to_history(model, ids, history, by=by)  # before the rows go
        history = None
    _execute_write(model, sql, [_id_param(ids)], history)


# ---------------------------------------------------------------------------------------
# Phase 3: write

MEETING_COLUMNS = ("date", "start_time", "end_time", "location", "kind", "parsed")
ITEM_COLUMNS = (
    "number",
    "title",
    "closed",
    "decision",
    "position",
    "parsed",
    "date",
    "body_id",
    "municipality_id",
)


class _Writer:
    """Phase 3: carries out the plans inside the caller's transaction: one statement per table
    (insert_rows, update_rows, delete_rows), each adding the rows' history records too."""

    def __init__(self, doc: _CleanDocument, source: SourceDocument, user, reason: str) -> None:
        self.doc = doc
        self.source = source
        self.user = user
        self.reason = reason
        self.now = timezone.now()
        self.reindex: set[int] = set()
        self.conflicts: list[ImportConflict] = []
        self.counts = {"created": 0, "updated": 0, "deleted": 0}
        self.touched_meetings: set[int] = set()  # meetings whose row or items changed

    def stamp(self, history_type: str) -> HistoryStamp:
        """The history records' stamp for rows this import creates ("+"), changes ("~") or
        deletes ("-")."""
        return HistoryStamp(history_type, self.user, self.reason, self.now)

    def _attribute(self, instance) -> None:
        instance._history_user = self.user
        instance._change_reason = self.reason

    # bodies, meetings -------------------------------------------------------------------
    def bodies(self, names: Iterable[str], known: dict[str, Body]) -> dict[str, Body]:
        """The bodies by name (matched regardless of case), created on first sight with a
        slug unique within the municipality."""
        slugs = {body.slug for body in known.values()}
        found = {}
        for name in sorted(set(names)):
            body = known.get(name.casefold())
            if body is None:
                base = danish_slug(name)[:90]
                slug, n = base, 2
                while slug in slugs:
                    slug, n = f"{base}-{n}", n + 1
                slugs.add(slug)
                body = Body.objects.create(municipality=self.doc.municipality, name=name, slug=slug)
                known[name.casefold()] = body
            found[name] = body
        return found

    def meetings(self, plans: list[_MeetingPlan], bodies: dict[str, Body]) -> list[Meeting]:
        """Create the new meetings (one insert), update the existing ones whose row changes
        (one update), and replace participants where they take the new parse."""
        meetings, fresh, rewritten, people = [], [], [], []
        for plan in plans:
            snapshot = plan.clean.snapshot()
            meeting = plan.existing
            if meeting is None:
                meeting = Meeting(body=bodies[plan.clean.body], created_at=self.now)
                fresh.append(meeting)
            elif not (
                plan.changed or meeting.parsed != snapshot or meeting.source_id != self.source.pk
            ):
                meetings.append(meeting)
                continue
            else:
                rewritten.append(meeting)
            if plan.existing is None or plan.changed:
                self._fill_meeting(meeting, plan.values)
            if plan.existing is not None and "body" in plan.changed:
                # A clerk moved the meeting to another body (the row's body_id, no history
                # record of its own; the items follow through their update below).
                meeting.body = bodies[plan.clean.body]
                Meeting.objects.filter(pk=meeting.pk).update(body=meeting.body)
            meeting.source = self.source
            meeting.parsed = snapshot
            meeting.updated_at = self.now
            if plan.existing is None or "participants" in plan.changed:
                people.append((meeting, plan.values["participants"]))
            meetings.append(meeting)
        self._insert_meetings(fresh)
        self._update_meetings(rewritten)
        self.touched_meetings |= {m.pk for m in fresh + rewritten}
        self._participants(people, stale={m.pk for m in rewritten})
        for meeting, plan in zip(meetings, plans, strict=True):
            self._meeting_conflicts(meeting, plan)
        return meetings

    def _insert_meetings(self, fresh: list[Meeting]) -> None:
        returned = insert_rows(
            Meeting,
            ("body_id", *MEETING_COLUMNS),
            [[m.body_id, *(getattr(m, name) for name in MEETING_COLUMNS)] for m in fresh],
            constants={"source_id": self.source.pk, "created_at": self.now, "updated_at": self.now},
            returning=("id", "body_id", "date", "start_time"),
            history=self.stamp("+"),
        )
        # A new meeting is told by its identity (body, date, start time), unique in the table;
        # str() gives the same text for the values PostgreSQL and SQLite return.
        ids = {(body, str(date), str(start)): pk for pk, body, date, start in returned}
        for meeting in fresh:
            meeting.pk = ids[(meeting.body_id, str(meeting.date), str(meeting.start_time))]
            meeting._state.adding, meeting._state.db = False, connection.alias

    def _update_meetings(self, rewritten: list[Meeting]) -> None:
        update_rows(
            Meeting,
            ("id", "source_id", *MEETING_COLUMNS),
            [
                [m.pk, m.source_id, *(getattr(m, name) for name in MEETING_COLUMNS)]
                for m in rewritten
            ],
            constants={"updated_at": self.now},
            history=self.stamp("~"),
        )

    def _participants(self, people: list[tuple[Meeting, list]], stale: set[int]) -> None:
        """Participants (no history kept) of the meetings in ``people``, replaced wholesale."""
        replaced = [m.pk for m, _ in people if m.pk in stale]
        if replaced:
            delete_rows(Participant, replaced, by="meeting_id")
        insert_rows(
            Participant,
            ("meeting_id", "name", "party", "role", "status", "position"),
            [
                [meeting.pk, name, party, role, status, position]
                for meeting, values in people
                for position, (name, party, role, status) in enumerate(values)
            ],
        )

    @staticmethod
    def _fill_meeting(meeting: Meeting, values: dict) -> None:
        meeting.date = dt.date.fromisoformat(values["date"])
        meeting.start_time = _time_from_json(values["start_time"])
        meeting.end_time = _time_from_json(values["end_time"])
        meeting.location = values["location"]
        meeting.kind = values["kind"]

    def _meeting_conflicts(self, meeting: Meeting, plan: _MeetingPlan) -> None:
        self.conflicts += [
            ImportConflict(
                meeting=meeting,
                source=self.source,
                field=name,
                corrected_value=corrected,
                parsed_value=parsed,
            )
            for name, corrected, parsed in plan.conflicts
        ]

    # items ------------------------------------------------------------------------------
    def items(self, pairs: list[tuple[Meeting, _MeetingPlan]]) -> None:
        """Insert the new items (one insert), update the changed ones (one update), delete
        the vanished ones, and write the children of new items and of items whose sections,
        attachments or case numbers take the new parse."""
        new: list[tuple[Meeting, _ItemPlan]] = []
        rewritten: list[tuple[Meeting, _ItemPlan]] = []  # existing items whose row changes
        children: list[_ItemPlan] = []  # new items and existing ones whose children change
        gone: list[AgendaItem] = []
        for meeting, plan in pairs:
            for step in plan.items:
                item = step.existing
                if step.delete:
                    gone.append(item)
                elif item is None:
                    new.append((meeting, step))
                    children.append(step)
                else:
                    step.item_id = item.pk
                    moved = item.date != meeting.date or item.body_id != meeting.body_id
                    if step.write_row or moved:
                        rewritten.append((meeting, step))
                    if step.changed & CHILD_FIELDS:
                        children.append(step)
                self._item_conflicts(meeting, step)
        gone_ids = {item.pk for item in gone}
        for item in gone:
            self._attribute(item)
            item.delete()  # the ORM's cascade, with history records for the item and children
        self._insert_items(new)
        self._update_items(rewritten)
        self._children(children)
        updated = {step.item_id for _, step in rewritten} | {
            step.item_id for step in children if step.existing is not None
        }
        self.counts["created"] += len(new)
        self.counts["updated"] += len(updated)
        self.counts["deleted"] += len(gone)
        self.reindex |= {step.item_id for _, step in new} | updated | gone_ids
        self.touched_meetings |= {meeting.pk for meeting, _ in new + rewritten}
        self.touched_meetings |= {step.existing.meeting_id for step in children if step.existing}
        self.touched_meetings |= {item.meeting_id for item in gone}

    def _item_row(self, meeting: Meeting, step: _ItemPlan) -> list:
        v = step.values
        parsed = step.snapshot if step.snapshot is not None else step.existing.parsed
        return [
            v["number"],
            v["title"],
            v["closed"],
            v["decision"],
            step.position,
            parsed,
            meeting.date,
            meeting.body_id,
            self.doc.municipality.pk,
        ]

    def _insert_items(self, new: list[tuple[Meeting, _ItemPlan]]) -> None:
        returned = insert_rows(
            AgendaItem,
            ("meeting_id", *ITEM_COLUMNS),
            [[meeting.pk, *self._item_row(meeting, step)] for meeting, step in new],
            constants={"created_at": self.now, "updated_at": self.now},
            returning=("id", "meeting_id", "number"),
            history=self.stamp("+"),
        )
        ids = {(meeting_id, number): pk for pk, meeting_id, number in returned}  # unique pair
        for meeting, step in new:
            step.item_id = ids[(meeting.pk, step.values["number"])]

    def _update_items(self, rewritten: list[tuple[Meeting, _ItemPlan]]) -> None:
        update_rows(
            AgendaItem,
            ("id", *ITEM_COLUMNS),
            [[step.item_id, *self._item_row(meeting, step)] for meeting, step in rewritten],
            constants={"updated_at": self.now},
            history=self.stamp("~"),
        )

    def _item_conflicts(self, meeting: Meeting, step: _ItemPlan) -> None:
        for name, corrected, parsed in step.conflicts:
            if (
                name == REMOVED_ITEM
                and step.existing.conflicts.filter(field=REMOVED_ITEM, resolved=False).exists()
            ):
                continue  # already reported by an earlier import
            self.conflicts.append(
                ImportConflict(
                    meeting=meeting,
                    item=step.existing,
                    source=self.source,
                    field=name,
                    corrected_value=corrected,
                    parsed_value=parsed,
                )
            )

    def _children(self, steps: list[_ItemPlan]) -> None:
        """Sections, attachments and case-number links of new items, and of existing items
        whose sections/attachments/case numbers take the new parse (replaced wholesale): per
        table, the replaced rows recorded in history ("-") and deleted, the new rows inserted
        and recorded ("+"), one statement each."""
        rows: dict[str, list[list]] = {name: [] for name, _ in CHILD_TABLES}
        for step in steps:
            for name, _ in CHILD_TABLES:
                if step.existing is None or name in step.changed:
                    rows[name] += _child_rows(name, step.item_id, step.values[name])
        for name, model in CHILD_TABLES:
            replaced = [s.item_id for s in steps if s.existing is not None and name in s.changed]
            if replaced:
                delete_rows(model, replaced, by="item_id", history=self.stamp("-"))
        insert_rows(
            Section,
            ("item_id", "position", "heading", "kind", "text"),
            rows["sections"],
            history=self.stamp("+"),
        )
        insert_rows(
            Attachment,
            ("item_id", "position", "title"),
            rows["attachments"],
            constants={"file": ""},
            history=self.stamp("+"),
        )
        self._link_case_numbers(rows["case_numbers"], steps)

    def _link_case_numbers(self, links: list[list], steps: list[_ItemPlan]) -> None:
        """The case numbers, created where the municipality lacks them (one upsert that leaves
        existing ones untouched), and the items' links to them (one insert that looks the case
        numbers up by value)."""
        if not links:
            return
        schemes: dict[str, str] = {}
        for step in steps:
            if step.clean is not None:
                schemes.update(step.clean.case_numbers)
        values = sorted({value for _, value, _ in links})
        insert_rows(
            CaseNumber,
            ("value", "scheme", "kle"),
            [
                [value, schemes.get(value, CaseScheme.ESDH), _kle_topic(value, schemes.get(value))]
                for value in values
            ],
            constants={"municipality_id": self.doc.municipality.pk},
            on_conflict='ON CONFLICT ("municipality_id", "value") DO NOTHING',
        )
        _execute_write(
            ItemCaseNumber,
            _link_sql(connection.vendor),
            [_json_param(links), self.doc.municipality.pk],
            self.stamp("+"),
        )

    def finish(self) -> None:
        if self.conflicts:
            self.conflicts = ImportConflict.objects.bulk_create(self.conflicts)
        search.reindex_items(self.reindex)


@functools.cache
def _link_sql(vendor: str) -> str:
    """Insert item-case-number links given as (item id, case number value, position) rows,
    the case numbers looked up by value within the municipality (the one other parameter)."""
    link, case = ItemCaseNumber._meta, CaseNumber._meta
    source = _json_rows(
        (
            ("item_id", link.get_field("item_id")),
            ("value", case.get_field("value")),
            ("position", link.get_field("position")),
        ),
        vendor,
    )
    q = _quote
    return (
        f"INSERT INTO {q(link.db_table)} ({q('item_id')}, {q('case_number_id')}, {q('position')}) "
        f"SELECT r.{q('item_id')}, c.{q('id')}, r.{q('position')} FROM ({source}) AS r "
        f"JOIN {q(case.db_table)} AS c "
        f"ON c.{q('municipality_id')} = %s AND c.{q('value')} = r.{q('value')}"
    )


CHILD_TABLES = (
    ("sections", Section),
    ("attachments", Attachment),
    ("case_numbers", ItemCaseNumber),
)


def _child_rows(name: str, item_id: int, values: list) -> list[list]:
    """An item's rows for one child table, in the column order _Writer._children inserts."""
    if name == "sections":
        return [[item_id, i, heading, kind, text] for i, (heading, kind, text) in enumerate(values)]
    if name == "attachments":
        return [[item_id, i, title] for i, title in enumerate(values)]
    return [[item_id, value, i] for i, value in enumerate(dict.fromkeys(values))]


def _kle_topic(value: str, scheme: str | None) -> str:
    """The KLE topic (emne) "NN.NN.NN" of a KLE journal number; empty for other schemes."""
    if scheme != CaseScheme.KLE:
        return ""
    match = _KLE_TOPIC.match(value)
    return match.group(0) if match else ""


def change_reason(original_name: str) -> str:
    """The history records' change reason, "Indlæst fra <file name>", cut to fit its column
    (100 characters) by shortening the name and keeping its extension."""
    prefix = "Indlæst fra "
    limit = historical_model(AgendaItem)._meta.get_field("history_change_reason").max_length
    return prefix + shorten_name(original_name, limit - len(prefix))


def shorten_name(name: str, limit: int) -> str:
    """A file name cut to ``limit`` characters, keeping its extension: "langt-navn….txt"."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    extension = f".{extension}" if dot and stem and 0 < len(extension) <= 10 else ""
    return name[: limit - len(extension) - 1].rstrip() + "…" + extension


def _write(
    doc: _CleanDocument,
    plans: list[_MeetingPlan],
    *,
    known: dict[str, Body],
    uploaded_by,
    source: SourceDocument | None,
) -> ImportResult:
    if source is None:
        source = SourceDocument.objects.create(
            municipality=doc.municipality,
            original_name=doc.original_name,
            sha256=doc.sha256,
            text=doc.text,
            uploaded_by=uploaded_by,
            parser_version=PARSER_VERSION,
            warnings=doc.warnings,
        )
        # The text is the original until import_path keeps the file (issue 11).
        record_text_original(source, closed_content=_closed_content(doc))
    writer = _Writer(doc, source, uploaded_by, change_reason(doc.original_name))
    bodies = writer.bodies(
        (p.clean.body for p in plans if p.existing is None or "body" in p.changed), known
    )
    pairs = list(zip(writer.meetings(plans, bodies), plans, strict=True))
    writer.items(pairs)
    writer.finish()
    link_participants(m.pk for m, _ in pairs)  # persons (personer) across meetings
    created = sum(1 for p in plans if p.existing is None)
    counts = writer.counts
    changed_meetings = {m.pk for m, p in pairs if p.existing is not None} & (
        writer.touched_meetings
    )
    return ImportResult(
        status="created" if created == len(plans) else "updated",
        message=_summary(created, len(changed_meetings), len(plans), counts, writer.conflicts),
        source=source,
        meetings=[m for m, _ in pairs],
        items=doc.item_count,
        warnings=doc.warnings,
        conflicts=writer.conflicts,
        items_created=counts["created"],
        items_updated=counts["updated"],
        items_deleted=counts["deleted"],
    )


def _closed_content(doc: _CleanDocument) -> bool:
    """Whether a closed item of the document carries more than its title."""
    return any(
        item.closed and (item.decision or item.sections or item.case_numbers or item.attachments)
        for meeting in doc.meetings
        for item in meeting.items
    )


def _summary(created: int, updated: int, total: int, counts: dict, conflicts: list) -> str:
    parts = []
    if created:
        parts.append(f"{created} {'møde' if created == 1 else 'møder'} oprettet")
    if updated:
        parts.append(f"{updated} {'møde' if updated == 1 else 'møder'} opdateret")
    same = total - created - updated
    if same:
        parts.append(f"{same} {'møde' if same == 1 else 'møder'} uændret")
    line = ", ".join(parts)
    line += (
        f"; punkter: {counts['created']} nye, {counts['updated']} ændrede, "
        f"{counts['deleted']} slettede"
    )
    if conflicts:
        n = len(conflicts)
        line += f"; {n} {'konflikt' if n == 1 else 'konflikter'} med rettelser"
    return line + "."


# ---------------------------------------------------------------------------------------
# The public entry points


def import_document(
    parsed: ParsedDocument,
    *,
    text: str,
    original_name: str,
    municipality: Municipality | None = None,
    strict_municipality: bool = False,
    uploaded_by=None,
    dry_run: bool = False,
    clerk: dict[int, ClerkValues] | None = None,
) -> ImportResult:
    """Import a parsed minutes text in one transaction.

    ``clerk`` maps a meeting's index in ``parsed.meetings`` to what a clerk set for it
    (ClerkValues); a meeting without body or date needs them unless an earlier import of it
    was completed, else MeetingIncomplete (an ImportFailed) says which meetings lack what.

    ``municipality`` is the fallback for a text that names none (with ``strict_municipality``
    it must also be the one the text names, as for uploads). ``dry_run`` does everything and
    rolls it back. Raises ImportFailed, leaving no row behind, when the text cannot be
    imported.
    """
    doc = _clean(
        parsed,
        text=text,
        original_name=original_name,
        municipality=municipality,
        strict=strict_municipality,
        clerk=clerk,
    )
    with transaction.atomic():
        if not dry_run:
            _lock_municipality(doc.municipality)
        source = SourceDocument.objects.filter(
            municipality=doc.municipality, sha256=doc.sha256
        ).first()
        known = _known_bodies(doc.municipality)
        existing = _find_meetings(doc, known)
        _require_complete(doc, existing)
        if (
            source is not None
            and len(existing) == len(doc.meetings)
            and not _clerk_changes(doc, existing)
        ):
            result = ImportResult(
                status="unchanged",
                message="Teksten er allerede indlæst; intet er ændret.",
                source=source,
                meetings=[existing[i] for i in range(len(doc.meetings))],
                items=doc.item_count,
                warnings=doc.warnings,
            )
        else:
            plans = _plan(doc, existing)
            result = _write(doc, plans, known=known, uploaded_by=uploaded_by, source=source)
        if dry_run:
            transaction.set_rollback(True)
    result.dry_run = dry_run
    return result


def _lock_municipality(municipality: Municipality) -> None:
    """Serialise imports into one municipality (row lock until the transaction ends).

    Two imports of the same text at once would both find no source document and both insert
    one: the second now waits, then finds the first's rows and ends "uændret". SQLite
    serialises writers already (transaction_mode IMMEDIATE); there this is a plain read."""
    list(Municipality.objects.select_for_update().filter(pk=municipality.pk).values_list("pk"))


def import_text(text: str, **kwargs) -> ImportResult:
    """Parse a minutes text and import it (see import_document for the arguments)."""
    if not text or not text.strip():
        raise ImportFailed("Teksten er tom.")
    text = _clean_text(text)
    return import_document(parse(text), text=text, **kwargs)


def _clean_text(text: str) -> str:
    """NUL, stray control characters and lone surrogates out, length bounded (a text given
    directly, not read from a file, passes the same checks as an extracted one)."""
    from .extract import ExtractionFailed, clean_text

    try:
        return clean_text(text, what="Teksten")
    except ExtractionFailed as exc:
        raise ImportFailed(str(exc)) from exc


def read_minutes(path: str | Path) -> str:
    """The text of a minutes file through meetings.extract, the one way files are read
    (text in any of the usual encodings, .html/.htm, .pdf, .docx; bounded, see
    meetings/extract/limits.py)."""
    from .extract import ExtractionFailed, extract_text

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"Filen {path} kan ikke læses: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise ImportFailed("Filen er tom.")
    try:
        return extract_text(data, path.name)
    except ExtractionFailed as exc:
        raise ImportFailed(str(exc)) from exc


def import_path(path: str | Path, **kwargs) -> ImportResult:
    """Read a minutes file and import it; ``original_name`` defaults to the file name."""
    kwargs.setdefault("original_name", Path(path).name)
    result = import_text(read_minutes(path), **kwargs)
    if not result.dry_run and result.source is not None and result.status != "unchanged":
        # Keep the file as it came (PDF, DOCX, HTML or text) for the download link.
        keep_original(result.source, Path(path).read_bytes(), kwargs["original_name"])
    return result
