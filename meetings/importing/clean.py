"""Phase 1, clean: a ParsedDocument checked and shaped to the columns it will fill, before
anything is written: a meeting must be there, the municipality must be known, values must fit
their columns, item numbers must be unique within a meeting. A problem raises ImportFailed
with a Danish message that is safe to show to a clerk."""

from __future__ import annotations

import hashlib

from ..models import (
    AttendanceStatus,
    CaseScheme,
    MeetingKind,
    Municipality,
    SectionKind,
    SourceDocument,
)
from ..parsing.records import ParsedDocument
from .batch import remembered
from .cleaned import CleanDocument, CleanItem, CleanMeeting
from .municipalities import find_municipality, municipality_from_case_numbers
from .results import ClerkValues, ImportFailed

NO_MEETING = "Teksten indeholder ikke et genkendeligt møde"
NO_MUNICIPALITY = (
    "Teksten nævner ingen kommune, og kommunen kan ikke udledes af sagsnumrene. "
    "Angiv kommunen med --municipality (navn eller kommunekode, fx --municipality 326)."
)
# The heading given to an item's unlabelled text (Item.text), stored as its first section.
ITEM_TEXT_HEADING = "Tekst"


# The choices' values, looked up once (the enums' ``values`` builds a new list on every access).
_MEETING_KINDS = frozenset(MeetingKind.values)
_SECTION_KINDS = frozenset(SectionKind.values)
_CASE_SCHEMES = frozenset(CaseScheme.values)

_NAME_LIMIT = SourceDocument._meta.get_field("original_name").max_length


# Bounds per document: the position columns are small integers (at most 32767), and a
# document far past these is not minutes but a crafted or broken file.
MAX_MEETINGS = 500
MAX_ITEMS_PER_MEETING = 1000
MAX_PARTS_PER_ITEM = 1000  # sections, attachments, case numbers each
MAX_PARTICIPANTS = 1000


def text_sha256(text: str) -> str:
    """The checksum a source document is known by: the text with its line endings unified."""
    unified = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(unified.encode("utf-8")).hexdigest()


class Cleaner:
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

    def meeting(self, meeting, clerk: ClerkValues | None = None, index: int = 0) -> CleanMeeting:
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
        return CleanMeeting(
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

    def item(self, item) -> CleanItem:
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
        return CleanItem(
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
    cleaner: Cleaner,
) -> Municipality:
    """The municipality the text belongs to: the one it names, else the one given, else
    the one its ESDH case numbers' kommunekode points to."""
    named = None
    if parsed.municipality:  # the same few names over and over in a folder: once per batch
        key = ("municipality", parsed.municipality)
        named = remembered(key, lambda: find_municipality(parsed.municipality))
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
    inferred = municipality_from_case_numbers(parsed)
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


def clean_document(
    parsed: ParsedDocument,
    *,
    text: str,
    original_name: str,
    municipality: Municipality | None,
    strict: bool,
    clerk: dict[int, ClerkValues] | None = None,
) -> CleanDocument:
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
    cleaner = Cleaner()
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
    return CleanDocument(
        municipality=chosen,
        text=text,
        sha256=text_sha256(text),
        original_name=shorten_name(original_name or "tekst.txt", _NAME_LIMIT),
        meetings=meetings,
        warnings=cleaner.warnings,
    )


def shorten_name(name: str, limit: int) -> str:
    """A file name cut to ``limit`` characters, keeping its extension: "langt-navn….txt"."""
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    extension = f".{extension}" if dot and stem and 0 < len(extension) <= 10 else ""
    return name[: limit - len(extension) - 1].rstrip() + "…" + extension
