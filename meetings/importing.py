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

Identity: a meeting is its body + date + start time; an item is its meeting + number; a
source document is its municipality + the sha256 of its text; a case number is its
municipality + value. Importing the same text twice changes nothing.

The correction rule (rettelser): every meeting and item keeps, in its ``parsed`` JSON field,
the values as last parsed. On a re-import a field whose database value still equals that
snapshot was not touched by a person and takes the new parse; a field whose value differs was
corrected and keeps the correction. Where the new text changes such a field to something other
than the correction, an ImportConflict row records both values. See ``merge_field``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from . import search
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
from .parsing import PARSER_VERSION, UndecodableText, decode_bytes, parse
from .parsing.records import ParsedDocument

__all__ = [
    "ImportFailed",
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
# ImportConflict.field for an item that vanished from the new text but was corrected by hand.
REMOVED_ITEM = "removed"

MEETING_FIELDS = ("date", "start_time", "end_time", "location", "kind", "participants")
ITEM_FIELDS = (
    "number",
    "title",
    "closed",
    "decision",
    "sections",
    "case_numbers",
    "attachments",
)

CHILD_FIELDS = frozenset({"sections", "attachments", "case_numbers"})
ITEM_ROW_FIELDS = (
    "number",
    "title",
    "closed",
    "decision",
    "position",
    "parsed",
    "date",
    "body_id",
    "municipality_id",
    "updated_at",
)

_MUNICIPAL_CASE = re.compile(r"^(\d{3})-\d{4}-\d+")
_KLE_TOPIC = re.compile(r"^\d{2}\.\d{2}\.\d{2}")


class ImportFailed(Exception):
    """The text cannot be imported; the message (Danish) says why and is safe to show."""


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
# The correction rule


@dataclass(frozen=True)
class FieldMerge:
    """The outcome of merging one field: the value to store, and what happened."""

    value: object
    corrected: bool = False  # a person changed it since the last parse: kept
    conflict: bool = False  # ... and the new text disagrees with the correction


_MISSING = object()


def merge_field(current, previous_parse, new_parse) -> FieldMerge:
    """Merge one field of an existing row with a new parse.

    ``current`` is the database value, ``previous_parse`` the value as last parsed (the
    ``parsed`` snapshot; ``_MISSING`` when there is none, e.g. a row made by hand) and
    ``new_parse`` the value in the new text. All three in their JSON form.

    - untouched (current == previous parse): take the new parse;
    - corrected: keep the current value; it is a conflict when the new text changed the
      field (new parse != previous parse) to something other than the correction.
    """
    if previous_parse is not _MISSING and current == previous_parse:
        return FieldMerge(new_parse)
    text_changed = previous_parse is _MISSING or new_parse != previous_parse
    return FieldMerge(current, corrected=True, conflict=text_changed and new_parse != current)


def is_corrected(current: dict, snapshot: dict, fields: Iterable[str]) -> bool:
    """Whether any of ``fields`` differs from the parsed snapshot (a person edited the row)."""
    return any(snapshot.get(name, _MISSING) != current[name] for name in fields)


def _time_json(value: dt.time | None) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M") if not (value.second or value.microsecond) else value.isoformat()


def _time_from_json(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def meeting_values(meeting: Meeting, participants: list[Participant]) -> dict:
    """A meeting's mergeable fields as they are in the database, in snapshot form."""
    return {
        "date": meeting.date.isoformat(),
        "start_time": _time_json(meeting.start_time),
        "end_time": _time_json(meeting.end_time),
        "location": meeting.location,
        "kind": meeting.kind,
        "participants": [[p.name, p.party, p.role, p.status] for p in participants],
    }


def item_values(
    item: AgendaItem, sections: list[Section], links: list[ItemCaseNumber], attachments
) -> dict:
    """An item's mergeable fields as they are in the database, in snapshot form."""
    return {
        "number": item.number,
        "title": item.title,
        "closed": item.closed,
        "decision": item.decision,
        "sections": [[s.heading, s.kind, s.text] for s in sections],
        "case_numbers": [link.case_number.value for link in links],
        "attachments": [a.title for a in attachments],
    }


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
    body: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    location: str
    kind: str
    people: list[list[str]]  # [name, party, role, status]
    items: list[_CleanItem]
    line: int

    def snapshot(self) -> dict:
        return {
            "body": self.body,
            "date": self.date.isoformat(),
            "start_time": _time_json(self.start_time),
            "end_time": _time_json(self.end_time),
            "location": self.location,
            "kind": self.kind,
            "participants": [list(p) for p in self.people],
        }

    @property
    def label(self) -> str:
        return f"{self.body} {self.date:%d.%m.%Y}"


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

    def meeting(self, meeting) -> _CleanMeeting:
        line = meeting.line
        body = self.fit(meeting.body, 200, line, "Organets navn")
        if not body:
            raise ImportFailed(f"Mødet på linje {line} har intet organ (udvalg, byråd …).")
        kind = meeting.kind
        if kind not in MeetingKind.values:
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
                raise ImportFailed(
                    f"Punkt {item.number} står to gange i mødet {body} {meeting.date:%d.%m.%Y} "
                    f"(linje {numbers[item.number]} og {item.line}). Ret nummereringen i teksten."
                )
            numbers[item.number] = item.line
        return _CleanMeeting(
            body=body,
            date=meeting.date,
            start_time=meeting.start_time,
            end_time=meeting.end_time,
            location=self.fit(meeting.location, 300, line, "Mødestedet"),
            kind=str(kind),
            people=people,
            items=items,
            line=line,
        )

    def item(self, item) -> _CleanItem:
        line = item.line
        if item.number < 0:
            raise ImportFailed(f"Punktet på linje {line} har et negativt nummer ({item.number}).")
        title = self.fit(item.title, 500, line, f"Titlen på punkt {item.number}")
        if not title:
            title = f"Punkt {item.number}"
            self.warn(line, f"Punkt {item.number} har ingen titel.")
        sections = []
        if getattr(item, "text", "").strip():
            sections.append([ITEM_TEXT_HEADING, str(SectionKind.OTHER), item.text.strip()])
        for section in item.sections:
            kind = section.kind if section.kind in SectionKind.values else SectionKind.OTHER
            heading = self.fit(section.heading, 300, line, "En afsnitsoverskrift")
            sections.append([heading or "Afsnit", str(kind), section.text or ""])
        cases: dict[str, str] = {}
        for case in item.case_numbers:
            value = case.value.strip()
            if not value or len(value) > 100:
                self.warn(line, f"Sagsnummeret »{value[:40]}« er sprunget over (ugyldigt).")
                continue
            scheme = case.scheme if case.scheme in CaseScheme.values else CaseScheme.ESDH
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
                f"Teksten er fra {named.name}, men den indlæses for {given.name}. "
                f"Vælg {named.name}, eller kontrollér at det er den rigtige fil."
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
) -> _CleanDocument:
    if not parsed.meetings:
        raise ImportFailed(
            f"{NO_MEETING}. Et referat skal have en mødeoverskrift med organ og dato, "
            "fx »REFERAT Økonomiudvalget d. 13-10-2021«."
        )
    cleaner = _Cleaner()
    cleaner.warnings.extend(w.to_dict() for w in parsed.warnings)
    chosen = _choose_municipality(parsed, municipality, strict, cleaner)
    meetings = [cleaner.meeting(m) for m in parsed.meetings]
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
        original_name=(original_name or "tekst.txt")[:255],
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
    changed: set[str] = field(default_factory=set)  # fields whose stored value changes
    write_row: bool = False  # the item row itself needs an insert/update
    delete: bool = False
    conflicts: list[tuple[str, object, object]] = field(default_factory=list)
    position: int = 0


@dataclass
class _MeetingPlan:
    clean: _CleanMeeting
    existing: Meeting | None
    values: dict = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    conflicts: list[tuple[str, object, object]] = field(default_factory=list)
    items: list[_ItemPlan] = field(default_factory=list)


def _known_bodies(municipality: Municipality) -> dict[str, Body]:
    """The municipality's bodies by case-folded name."""
    return {body.name.casefold(): body for body in Body.objects.filter(municipality=municipality)}


def _find_meetings(doc: _CleanDocument, bodies: dict[str, Body]) -> dict[int, Meeting]:
    """Existing meetings for the document's meetings, by index. A meeting is known by its body
    and by its date and start time as they are now or as they were last parsed, so a meeting
    whose date a person corrected is still found."""
    wanted = {m.body.casefold() for m in doc.meetings}
    body_ids = [body.pk for name, body in bodies.items() if name in wanted]
    if not body_ids:
        return {}
    query = Q()
    for m in doc.meetings:
        query |= Q(date=m.date, start_time=m.start_time)
        query |= Q(parsed__date=m.date.isoformat(), parsed__start_time=_time_json(m.start_time))
    candidates = list(Meeting.objects.filter(body_id__in=body_ids).filter(query))
    found: dict[int, Meeting] = {}
    taken: set[int] = set()
    for index, m in enumerate(doc.meetings):
        body = bodies[m.body.casefold()] if m.body.casefold() in bodies else None
        if body is None:
            continue
        same_body = [c for c in candidates if c.body_id == body.pk and c.pk not in taken]
        date, start = m.date.isoformat(), _time_json(m.start_time)
        match = next(
            (
                c
                for c in same_body
                if c.parsed.get("date") == date and c.parsed.get("start_time", _MISSING) == start
            ),
            None,
        ) or next((c for c in same_body if c.date == m.date and c.start_time == m.start_time), None)
        if match is not None:
            match.body = body
            taken.add(match.pk)
            found[index] = match
    return found


def _plan(doc: _CleanDocument, existing: dict[int, Meeting]) -> list[_MeetingPlan]:
    plans = [_MeetingPlan(clean=m, existing=existing.get(i)) for i, m in enumerate(doc.meetings)]
    old = [p.existing.pk for p in plans if p.existing is not None]
    participants: dict[int, list[Participant]] = {}
    items: dict[int, list[AgendaItem]] = {}
    if old:
        for person in Participant.objects.filter(meeting_id__in=old).order_by(
            "meeting_id", "position", "pk"
        ):
            participants.setdefault(person.meeting_id, []).append(person)
        for item in (
            AgendaItem.objects.filter(meeting_id__in=old)
            .defer("search_vector")
            .prefetch_related("sections", "attachments", "case_links__case_number")
        ):
            items.setdefault(item.meeting_id, []).append(item)
    for plan in plans:
        if plan.existing is None:
            plan.values = plan.clean.snapshot()
            plan.items = [
                _ItemPlan(clean=c, values=c.snapshot(), write_row=True, position=i)
                for i, c in enumerate(plan.clean.items)
            ]
            continue
        _plan_meeting(plan, participants.get(plan.existing.pk, []))
        _plan_items(plan, items.get(plan.existing.pk, []))
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


def _plan_meeting(plan: _MeetingPlan, participants: list[Participant]) -> None:
    current = meeting_values(plan.existing, participants)
    new = plan.clean.snapshot()
    _merge_fields(plan, current, plan.existing.parsed or {}, new, MEETING_FIELDS)


def _plan_items(plan: _MeetingPlan, existing: list[AgendaItem]) -> None:
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
            plan.items.append(
                _ItemPlan(clean=clean, values=clean.snapshot(), write_row=True, position=position)
            )
            continue
        matched.add(item.pk)
        plan.items.append(_merge_item(item, clean, position))
    for item in existing:
        if item.pk in matched:
            continue
        current = _current_item_values(item)
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


def _current_item_values(item: AgendaItem) -> dict:
    return item_values(
        item, list(item.sections.all()), list(item.case_links.all()), list(item.attachments.all())
    )


def _merge_item(item: AgendaItem, clean: _CleanItem, position: int) -> _ItemPlan:
    new = clean.snapshot()
    plan = _ItemPlan(clean=clean, existing=item, position=position)
    _merge_fields(plan, _current_item_values(item), item.parsed or {}, new, ITEM_FIELDS)
    scalar = {"number", "title", "closed", "decision"} & plan.changed
    plan.write_row = bool(scalar) or item.parsed != new or item.position != position
    return plan


# ---------------------------------------------------------------------------------------
# Phase 3: write


class _Writer:
    """Phase 3: carries out the plans inside the caller's transaction."""

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

    # history-aware bulk helpers -------------------------------------------------------
    def _history(self, model, objs, *, update: bool = False) -> None:
        copy_to_history(
            model,
            [obj.pk for obj in objs],
            history_type="~" if update else "+",
            user=self.user,
            reason=self.reason,
            date=self.now,
        )

    def _delete_rows(self, model, queryset) -> None:
        """Delete rows that nothing refers to (sections, attachments, case-number links),
        recording their history ("-") in one statement instead of one per row."""
        ids = list(queryset.values_list("pk", flat=True))
        if not ids:
            return
        copy_to_history(
            model, ids, history_type="-", user=self.user, reason=self.reason, date=self.now
        )
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                cursor.execute(
                    f"DELETE FROM {quote(model._meta.db_table)} "
                    f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )

    def bulk_create(self, model, objs: list) -> list:
        if not objs:
            return objs
        created = model.objects.bulk_create(objs)
        if historical_model(model) is not None:
            self._history(model, created)
        return created

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
        """Create the new meetings (one insert) and update the existing ones whose row
        changes; replace participants where they take the new parse."""
        meetings, fresh, people = [], [], []
        for plan in plans:
            meeting = plan.existing or Meeting(body=bodies[plan.clean.body])
            meetings.append(meeting)
            snapshot = plan.clean.snapshot()
            if plan.existing is not None and not (
                plan.changed or meeting.parsed != snapshot or meeting.source_id != self.source.pk
            ):
                continue
            if plan.existing is None or plan.changed:
                self._fill_meeting(meeting, plan.values)
            meeting.source = self.source
            meeting.parsed = snapshot
            if plan.existing is None:
                fresh.append(meeting)
            else:
                self._attribute(meeting)
                meeting.save()  # also moves the items' denormalised date/body along
                self.touched_meetings.add(meeting.pk)
            if plan.existing is None or "participants" in plan.changed:
                people.append((meeting, plan.values["participants"]))
        self.bulk_create(Meeting, fresh)
        self.touched_meetings |= {m.pk for m in fresh}
        stale = [m.pk for m, _ in people if m not in fresh]
        if stale:
            Participant.objects.filter(meeting_id__in=stale).delete()
        self.bulk_create(
            Participant,
            [
                Participant(meeting=meeting, name=n, party=p, role=r, status=s, position=position)
                for meeting, values in people
                for position, (n, p, r, s) in enumerate(values)
            ],
        )
        for meeting, plan in zip(meetings, plans, strict=True):
            self._meeting_conflicts(meeting, plan)
        return meetings

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
        new: list[tuple[AgendaItem, _ItemPlan]] = []
        rows: list[AgendaItem] = []  # existing items whose own row changes
        children: list[tuple[AgendaItem, _ItemPlan]] = []  # ... whose sections etc. change
        gone: list[AgendaItem] = []
        for meeting, plan in pairs:
            for step in plan.items:
                item = step.existing
                if step.delete:
                    gone.append(item)
                elif item is None:
                    new.append((self._new_item(meeting, step), step))
                else:
                    moved = item.date != meeting.date or item.body_id != meeting.body_id
                    if step.write_row or moved:
                        self._fill_item(item, meeting, step)
                        rows.append(item)
                    if step.changed & CHILD_FIELDS:
                        children.append((item, step))
                self._item_conflicts(meeting, step)
        gone_ids = {item.pk for item in gone}
        for item in gone:
            self._attribute(item)
            item.delete()
        self.bulk_create(AgendaItem, [item for item, _ in new])
        for item in rows:
            # One plain UPDATE per changed item: bulk_update's CASE WHEN chains cost time
            # quadratic in the number of rows.
            values = {name: getattr(item, name) for name in ITEM_ROW_FIELDS}
            AgendaItem.objects.filter(pk=item.pk).update(**values)
        self._history(AgendaItem, rows, update=True)
        self._children(new + children)
        updated = {item.pk for item in rows} | {item.pk for item, _ in children}
        self.counts["created"] += len(new)
        self.counts["updated"] += len(updated)
        self.counts["deleted"] += len(gone)
        self.reindex |= {item.pk for item, _ in new} | updated | gone_ids
        self.touched_meetings |= {item.meeting_id for item, _ in new + children}
        self.touched_meetings |= {item.meeting_id for item in rows + gone}

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

    def _new_item(self, meeting: Meeting, step: _ItemPlan) -> AgendaItem:
        item = AgendaItem(meeting=meeting)
        self._fill_item(item, meeting, step)
        item.created_at = self.now
        return item

    def _fill_item(self, item: AgendaItem, meeting: Meeting, step: _ItemPlan) -> None:
        v = step.values
        item.number = v["number"]
        item.title = v["title"]
        item.closed = v["closed"]
        item.decision = v["decision"]
        item.position = step.position
        item.date = meeting.date
        item.body_id = meeting.body_id
        item.municipality_id = self.doc.municipality.pk
        if step.clean is not None:
            item.parsed = step.clean.snapshot()
        item.updated_at = self.now

    def _children(self, steps: list[tuple[AgendaItem, _ItemPlan]]) -> None:
        """Sections, attachments and case-number links of new items, and of existing items
        whose sections/attachments/case numbers take the new parse (replaced wholesale)."""
        for name, model in (
            ("sections", Section),
            ("attachments", Attachment),
            ("case_numbers", ItemCaseNumber),
        ):
            ids = [item.pk for item, step in steps if step.existing and name in step.changed]
            if ids:
                self._delete_rows(model, model.objects.filter(item_id__in=ids))
        sections, attachments, linked = [], [], []
        for item, step in steps:
            fresh = step.existing is None
            if fresh or "sections" in step.changed:
                sections += [
                    Section(item=item, position=position, heading=heading, kind=kind, text=text)
                    for position, (heading, kind, text) in enumerate(step.values["sections"])
                ]
            if fresh or "attachments" in step.changed:
                attachments += [
                    Attachment(item=item, position=position, title=title)
                    for position, title in enumerate(step.values["attachments"])
                ]
            if (fresh or "case_numbers" in step.changed) and step.values["case_numbers"]:
                linked.append((item, step))
        self.bulk_create(Section, sections)
        self.bulk_create(Attachment, attachments)
        if not linked:
            return
        schemes: dict[str, str] = {}
        for _, step in linked:
            schemes.update(step.clean.case_numbers)
        cases = self._case_numbers(
            {v for _, s in linked for v in s.values["case_numbers"]}, schemes
        )
        links = [
            ItemCaseNumber(item=item, case_number=cases[value], position=position)
            for item, step in linked
            for position, value in enumerate(dict.fromkeys(step.values["case_numbers"]))
        ]
        self.bulk_create(ItemCaseNumber, links)

    def _case_numbers(self, values: set[str], schemes: dict[str, str]) -> dict[str, CaseNumber]:
        """The municipality's case numbers for ``values``, created where missing, in one
        statement (INSERT … ON CONFLICT DO UPDATE … RETURNING; the update rewrites the value
        with itself, so an existing case number is left as it was)."""
        municipality = self.doc.municipality
        rows = [
            CaseNumber(
                municipality=municipality,
                value=value,
                scheme=schemes.get(value, CaseScheme.ESDH),
                kle=_kle_topic(value, schemes.get(value, CaseScheme.ESDH)),
            )
            for value in sorted(values)
        ]
        saved = CaseNumber.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["municipality", "value"],
            update_fields=["value"],
        )
        return {case.value: case for case in saved}

    def finish(self) -> None:
        if self.conflicts:
            self.conflicts = ImportConflict.objects.bulk_create(self.conflicts)
        search.reindex_items(self.reindex)


@functools.cache
def historical_model(model):
    """The simple_history model of ``model`` (None when it keeps no history), looked up once:
    the ``history`` descriptor builds a new manager class on every access."""
    try:
        return get_history_manager_for_model(model).model
    except NotHistoricalModelError:
        return None


def copy_to_history(model, ids: list[int], *, history_type: str, user, reason: str, date) -> None:
    """Add simple_history records for these rows as they are now, copied by the database
    (INSERT … SELECT over the tracked columns) instead of shipped back and forth: the same
    rows ``bulk_history_create`` would write, at a fraction of the cost."""
    if not ids or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = historical_model(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in history.tracked_fields)
    extra = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    values = [
        connection.ops.adapt_datetimefield_value(date),
        reason,
        history_type,
        getattr(user, "pk", None),
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {extra}) "
                f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [*values, *chunk],
            )


def _kle_topic(value: str, scheme: str) -> str:
    """The KLE topic (emne) "NN.NN.NN" of a KLE journal number; empty for other schemes."""
    if scheme != CaseScheme.KLE:
        return ""
    match = _KLE_TOPIC.match(value)
    return match.group(0) if match else ""


def _write(
    doc: _CleanDocument,
    plans: list[_MeetingPlan],
    *,
    known: dict[str, Body],
    uploaded_by,
    source: SourceDocument | None,
) -> ImportResult:
    reason = f"Indlæst fra {doc.original_name}"
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
    writer = _Writer(doc, source, uploaded_by, reason)
    bodies = writer.bodies((p.clean.body for p in plans if p.existing is None), known)
    pairs = list(zip(writer.meetings(plans, bodies), plans, strict=True))
    writer.items(pairs)
    writer.finish()
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
) -> ImportResult:
    """Import a parsed minutes text in one transaction.

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
    )
    with transaction.atomic():
        source = SourceDocument.objects.filter(
            municipality=doc.municipality, sha256=doc.sha256
        ).first()
        known = _known_bodies(doc.municipality)
        existing = _find_meetings(doc, known)
        if source is not None and len(existing) == len(doc.meetings):
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


def import_text(text: str, **kwargs) -> ImportResult:
    """Parse a minutes text and import it (see import_document for the arguments)."""
    if not text or not text.strip():
        raise ImportFailed("Teksten er tom.")
    return import_document(parse(text), text=text, **kwargs)


def read_minutes(path: str | Path) -> str:
    """The text of a minutes file: .pdf and .docx through meetings.extract, anything else
    decoded as text (UTF-8, UTF-8 with BOM, UTF-16 with BOM, cp1252)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"Filen {path} kan ikke læses: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise ImportFailed("Filen er tom.")
    if path.suffix.lower() in (".pdf", ".docx"):
        from .extract import ExtractionFailed, extract_text

        try:
            return extract_text(data, path.name)
        except ExtractionFailed as exc:
            raise ImportFailed(str(exc)) from exc
    try:
        return decode_bytes(data)
    except UndecodableText as exc:
        raise ImportFailed(
            "Filen er ikke en tekstfil (binære data). Gem referatet som tekst (UTF-8), "
            "eller indlæs PDF- eller Word-filen."
        ) from exc


def import_path(path: str | Path, **kwargs) -> ImportResult:
    """Read a minutes file and import it; ``original_name`` defaults to the file name."""
    kwargs.setdefault("original_name", Path(path).name)
    return import_text(read_minutes(path), **kwargs)
