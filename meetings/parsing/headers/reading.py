"""Reading a meeting header's lines: date, times, place, kind and people (labels, lists on
the following lines, roster tables, sentences).

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import people
from ..dates import find_date_and_times, find_times, is_date_time_line
from ..records import Person
from .anchors import Anchor, _title_like, clean_body
from .labels import (
    _ABSENT_LABELS,
    _BODY_LABELS,
    _DATE_LABELS,
    _END_LABELS,
    _KIND_WORD_RE,
    _PEOPLE_LABELS,
    _PLACE_LABELS,
    _PLACE_TIME_LABELS,
    _PRESENT_LABELS,
    _SUBSTITUTE_LABELS,
    _TIME_LABELS,
    KIND_LABEL_RE,
    _kind_of,
    header_label,
    pair_labels,
)

# "Mødetid og sted: 16.00, Rådhuset": the place after the time.
_PLACE_AFTER_TIME_RE = re.compile(r"(?:\d{1,2}[.:]\d{2})\s*,\s*(?P<place>[^,].+)$")


@dataclass
class Header:
    body: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    location: str | None = None
    kind: str | None = None
    participants: list[Person] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    substitutes: list[Person] = field(default_factory=list)
    bad_dates: list[tuple[int, str]] = field(default_factory=list)  # (index, text)
    # Lines no header rule read (prose); for minutes without item headings, their text.
    free: list[int] = field(default_factory=list)


def parse_header(
    anchor: Anchor, lines: list[str], indexes: list[int], cells: dict | None = None
) -> Header:
    """Read the header lines (``indexes`` into ``lines``) of a meeting. ``cells``: the
    cells of lines that were tables (TAB or wide spaces) in the original text."""
    cells = cells if cells is not None else {}
    header = Header(
        body=anchor.body,
        date=anchor.date,
        start_time=anchor.start_time,
        end_time=anchor.end_time,
        kind=anchor.kind,
        location=anchor.location,
    )
    labelled_date = False
    pending_people: str | None = None  # a label whose names follow on the next lines
    after_date_line = anchor.date_line is not None
    bare_date: dt.date | None = None
    paired, consumed = pair_labels(lines, indexes)
    read_names = False
    roster: list[str] | None = None  # a roster table's header row ("Navn Funktion Fremmødt")
    for pos, i in enumerate(indexes):
        s = lines[i]
        if not s:
            if read_names or pending_people is None:
                pending_people = None
            continue
        if i == anchor.index or i == anchor.date_line or i in consumed:
            continue
        label = header_label(s)
        if pending_people is not None and label is None and not KIND_LABEL_RE.match(s):
            if roster is None and people.is_roster_header_line(s):
                roster = [s]  # a roster table: its rows are read word by word
                continue
            if roster is not None:
                _add_roster_line(header, pending_people, s)
                read_names = True
                continue
            row = cells.get(s)
            if row is not None and len(row) > 1:
                for cell in row:  # a two-column roster
                    _add_people(header, pending_people, cell)
                read_names = True
                continue
            if people.looks_like_names(s):
                _add_people(header, pending_people, people.two_columns(s))
                read_names = True
                continue
        pending_people = None
        if label is not None:
            name, value = label
            if value and name in _PEOPLE_LABELS:
                value = _continued(lines, indexes, pos, value, consumed)
            if not value and i in paired:
                value = paired[i]
                if name in _PEOPLE_LABELS:
                    _add_people(header, name, value)
                    continue
            if name in _END_LABELS:
                end = find_times(value)[0]
                header.end_time = end or header.end_time
                continue
            if name in _PLACE_TIME_LABELS:
                date, start, end, _bad = find_date_and_times(value)
                header.date = header.date or date
                if start is not None:
                    header.start_time, header.end_time = start, end or header.end_time
                place = _PLACE_AFTER_TIME_RE.search(value)
                if place:
                    header.location = header.location or place.group("place").strip()
                continue
            after_date_line = False
            if name in _DATE_LABELS:
                date, start, end, bad = find_date_and_times(value)
                if date is not None and not labelled_date:
                    header.date = date
                    labelled_date = True
                elif bad or (date is None and value and name == "mødedato"):
                    header.bad_dates.append((i, s))
                if start is not None and (labelled_date or header.start_time is None):
                    header.start_time, header.end_time = start, end or header.end_time
            elif name in _TIME_LABELS:
                start, end = find_times(value)
                if start is not None:
                    header.start_time = start
                if end is not None:
                    header.end_time = end
            elif name in _PLACE_LABELS:
                if value:
                    header.location = header.location or value
                else:
                    nxt = _next_in(lines, indexes, pos)
                    if nxt and header_label(nxt) is None:
                        header.location = header.location or nxt
            elif name in _PRESENT_LABELS | _ABSENT_LABELS | _SUBSTITUTE_LABELS:
                if value:
                    _add_people(header, name, value)
                pending_people = name
                read_names = bool(value)
                roster = None
            elif name in _BODY_LABELS and not header.body:
                header.body = clean_body(value)
            if name not in _PRESENT_LABELS | _ABSENT_LABELS | _SUBSTITUTE_LABELS:
                _add_statements(header, value)
            continue
        match = KIND_LABEL_RE.match(s)
        if match:
            header.kind = header.kind or _kind_of(match.group("kw"))
            if anchor.date_line is None or i > anchor.date_line:
                after_date_line = False
            continue
        if header.kind is None and s[0] in "RrDdBb":
            # "Referat fra mødet den 4. februar 2021": a title line with a kind word.
            word = _KIND_WORD_RE.match(s)
            if word:
                header.kind = _kind_of(word.group("kw"))
        if after_date_line and i > (anchor.date_line or -1):
            # Style B: the line after the date line is the place.
            after_date_line = False
            if _title_like(s) or ("," in s and len(s) <= 100 and s[-1] not in ".:"):
                header.location = header.location or s
                continue
        if bare_date is None and is_date_time_line(s):
            date, start, end, _bad = find_date_and_times(s)
            bare_date = date
            if header.start_time is None and start is not None:
                header.start_time, header.end_time = start, end
            continue
        _add_statements(header, s)
        header.free.append(i)
    if header.date is None:
        header.date = bare_date
    # Participants and absentees are disjoint.
    absent_names = {p.name for p in header.absent}
    header.participants = [p for p in header.participants if p.name not in absent_names]
    return header


def _next_in(lines: list[str], indexes: list[int], pos: int) -> str | None:
    for i in indexes[pos + 1 : pos + 3]:
        if lines[i]:
            return lines[i]
    return None


def _continued(lines, indexes, pos, value: str, consumed: set[int]) -> str:
    """A people label's value wrapped over the next lines ("… Nis Lykke" / "(V), Trine …")."""
    for i in indexes[pos + 1 : pos + 8]:
        s = lines[i]
        if not s or header_label(s) is not None:
            break
        if s[0] == "(" or value.rstrip()[-1:] == ",":
            value = f"{value} {s}"
            consumed.add(i)
            continue
        break
    return value


def _add_statements(header: Header, text: str) -> None:
    absent, subs, present = people.statements(text)
    _add_absent(header, absent)
    _add_substitutes(header, subs)
    for person in present:
        if all(person.name != other.name for other in header.participants):
            header.participants.append(person)


def _add_roster_line(header: Header, label: str, line: str) -> None:
    """One row of a roster table ("Inge Lund  formand  ja")."""
    person, status = people.roster_line(line)
    if person is None:
        return
    if status == "absent" or label in _ABSENT_LABELS:
        _add_absent(header, [person])
    elif all(person.name != other.name for other in header.participants):
        header.participants.append(person)


def _add_people(header: Header, label: str, text: str) -> None:
    present, absent, subs = people.parse_people_list(text)
    if label in _ABSENT_LABELS:
        _add_absent(header, present + absent)
        return
    if label in _SUBSTITUTE_LABELS:
        _add_substitutes(header, present + subs)
        return
    for person in present:
        if all(person.name != other.name for other in header.participants):
            header.participants.append(person)
    _add_absent(header, absent)
    _add_substitutes(header, subs)


def _add_absent(header: Header, absent: list[Person]) -> None:
    for person in absent:
        if all(person.name != other.name for other in header.absent):
            header.absent.append(person)


def _add_substitutes(header: Header, subs: list[Person]) -> None:
    for person in subs:
        if all(person.name != other.name for other in header.substitutes):
            header.substitutes.append(person)
        if all(person.name != other.name for other in header.participants):
            header.participants.append(person)
