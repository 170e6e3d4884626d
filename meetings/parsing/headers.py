"""Meeting headers: where a meeting starts (its anchor line), its body (udvalg, magistrat,
direktion …), date, times, place (mødested), kind (referat / dagsorden) and people.

Anchor styles:

A. ``REFERAT Magistraten d. 24-08-2020`` (a kind word, the body, the date);
B. a title line followed by a date line: ``Rådmandsmøde (Rådmandsmøde)`` / ``04-08-2020
   08:30`` / place, or a title followed by ``Mødedato: …``;
C. a labelled body: ``Emne: Social- og Beskæftigelsesudvalgsmøde`` / ``Udvalg: …`` followed
   by ``Mødedato:``.

Standard library only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import bodies, header_zone, people, vocabulary
from .dates import WEEKDAYS, find_date, find_date_and_times, find_times, is_date_time_line
from .records import Person

_KIND_WORD_RE = re.compile(
    r"^(?P<kw>referat|dagsorden med (?:beslutninger|vedtagelser)|dagsorden|beslutningsprotokol"
    r"|mødereferat|protokol)\b[\s:\-–]*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A line that is only a kind label: "Referat", "REFERAT", "Dagsorden", "Referat fra mødet".
KIND_LABEL_RE = re.compile(
    r"^(?P<kw>referat|dagsorden|beslutningsprotokol|mødereferat|åben dagsorden|åbent referat"
    r"|offentlig dagsorden|offentligt referat|åben tillægsdagsorden|tillægsdagsorden"
    r"|dagsorden med (?:beslutninger|vedtagelser))"
    r"(?:\s+(?:fra|for|af|til)(?:\s+(?:mødet|møde))?)?\s*:?$",
    re.IGNORECASE,
)

# Header labels. Value may follow a colon or (for the unambiguous ones) a space.
_LABELS_NO_COLON = (
    "mødedato|mødetidspunkt|mødetid|mødested|mødelokale|mødedeltagere|deltagere|afbud|fraværende"
    "|til stede|tilstede|fremmødte|fremmøde|stedfortrædere|stedfortræder|suppleanter"
    "|starttidspunkt for mødet|starttidspunkt for møde|sluttidspunkt for mødet"
    "|sluttidspunkt for møde|starttidspunkt|sluttidspunkt|mødet påbegyndt|mødet afsluttet"
    "|mødeafholdelse|medlemmer|indkaldelse|indkaldte|fra forvaltningen"
)
_LABELS_COLON = (
    "dato|tid|tidspunkt|klokken|kl|sted|lokale|lokation|adresse|deltager|medlemmer|afbud fra"
    "|fravær|ikke til stede|suppleant|udvalg|møde|emne|mødeforum|forum|mødetype|information"
    "|bemærkning|bemærkninger|referent|sekretær|mødeleder|formand|note|start|slut|mødet hævet"
    "|tid og sted|desuden deltog|øvrige deltagere|pdf|derudover deltog"
)
HEADER_LABEL_RE = re.compile(
    rf"^(?:(?P<a>{_LABELS_NO_COLON})\b\s*:?|(?P<b>{_LABELS_COLON})\s*:)\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_BODY_LABELS = frozenset({"udvalg", "møde", "emne", "mødeforum", "forum", "mødetype"})
_DATE_LABELS = frozenset({"mødedato", "dato"})
_TIME_LABELS = frozenset(
    {
        "mødetid",
        "mødetidspunkt",
        "tid",
        "tidspunkt",
        "klokken",
        "kl",
        "start",
        "starttidspunkt",
        "starttidspunkt for møde",
        "starttidspunkt for mødet",
        "mødet påbegyndt",
    }
)
_END_LABELS = frozenset(
    {
        "slut",
        "sluttidspunkt",
        "sluttidspunkt for møde",
        "sluttidspunkt for mødet",
        "mødet afsluttet",
        "mødet hævet",
    }
)
_PLACE_TIME_LABELS = frozenset({"tid og sted"})
_PLACE_LABELS = frozenset(
    {"mødested", "mødelokale", "sted", "lokale", "lokation", "adresse", "mødeafholdelse"}
)
_PRESENT_LABELS = frozenset(
    {
        "mødedeltagere",
        "deltagere",
        "deltager",
        "til stede",
        "tilstede",
        "fremmødte",
        "fremmøde",
        "medlemmer",
        "fra forvaltningen",
        "desuden deltog",
        "derudover deltog",
        "indkaldelse",
        "indkaldte",
        "øvrige deltagere",
    }
)
_ABSENT_LABELS = frozenset({"afbud", "afbud fra", "fraværende", "fravær", "ikke til stede"})
_SUBSTITUTE_LABELS = frozenset({"stedfortrædere", "stedfortræder", "suppleanter", "suppleant"})

# Labels that only a meeting header has ("Dato:", "Tid:", "Sted:" also occur in items).
STRONG_LABELS = _STRONG_LABELS = frozenset(
    {
        "mødedato",
        "mødetid",
        "mødetidspunkt",
        "mødested",
        "mødelokale",
        "mødedeltagere",
        "deltagere",
        "til stede",
        "tilstede",
        "fremmødte",
        "afbud",
        "afbud fra",
        "fraværende",
        "information",
        "mødeafholdelse",
        "starttidspunkt",
        "starttidspunkt for møde",
    }
)

_END_TIME_RE = re.compile(
    r"^mødet\s+(?:blev\s+)?(?:hævet|slut(?:tede)?|afsluttet|afsluttedes|ophørte)\b.*?kl\.?\s*"
    r"(?P<h>[01]?\d|2[0-3])(?:[.:](?P<m>[0-5]\d))?",
    re.IGNORECASE,
)

_BODY_MEETING_WORDS = (
    ("udvalgsmøde", "udvalget"),
    ("byrådsmøde", "byrådet"),
    ("kommunalbestyrelsesmøde", "kommunalbestyrelsen"),
    ("regionsrådsmøde", "regionsrådet"),
    ("magistratsmøde", "magistraten"),
    ("direktionsmøde", "direktionen"),
)
_BODY_PREFIX_RE = re.compile(
    r"^(?:(?:af|fra|for|til|i)\s+)?(?:(?:det\s+)?(?:ordinære|ekstraordinære|ordinært|ekstraordinært)\s+)?"
    r"(?:møde(?:t)?\s+(?:i|for)\s+)?",
    re.IGNORECASE,
)
_WEEKDAY_SUFFIX_RE = re.compile(
    rf"(?:[\s,\-–]+(?:(?:{'|'.join(WEEKDAYS)})\b|den|d\.?|mødet|møde|kl\.?|fra|af|for|,|-|–))+\s*$",
    re.IGNORECASE,
)
_REPEAT_PAREN_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<inner>[^()]+)\)$")


def clean_body(text: str) -> str:
    """The body's name from a header fragment: "Magistraten", "Rådmandsmøde (Rådmandsmøde)"
    -> "Rådmandsmøde", "Social- og Beskæftigelsesudvalgsmøde" -> "Social- og
    Beskæftigelsesudvalget"."""
    body = " ".join(text.split()).strip(" ,.:;-–")
    if len(body) > 200:
        return body  # not a body name; the caller rejects it
    body = _BODY_PREFIX_RE.sub("", body)
    body = _WEEKDAY_SUFFIX_RE.sub("", body).strip(" ,.:;-–")
    match = _REPEAT_PAREN_RE.match(body)
    if match and " ".join(match.group("inner").split()).lower() == match.group("name").lower():
        body = match.group("name")
    low = body.lower()
    for suffix, replacement in _BODY_MEETING_WORDS:
        if low.endswith(suffix):
            cut = len(body) - len(suffix)
            replaced = body[cut:].lower().replace(suffix, replacement)
            if body[cut:][:1].isupper():
                replaced = replaced[:1].upper() + replaced[1:]
            body = body[:cut] + replaced
            break
    return bodies.tidy(body.strip())


@dataclass
class Anchor:
    """Where a meeting starts."""

    index: int  # the anchor line
    start: int  # first line of the meeting (a kind label above the anchor included)
    style: str  # "A", "B", "C" or "fallback"
    body: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    kind: str | None = None
    date_line: int | None = None  # style B: the line with the date
    bad_date: bool = False
    location: str | None = None


# Kind words that make a text minutes although they say "dagsorden".
_MINUTES_WORDS = ("beslutning", "vedtagelse", "referat", "protokol")


# "Dagsorden / til / Børn & Familieudvalg": words between a kind label and the body.
_CONNECTORS = frozenset({"til", "af", "for", "fra", "Til", "Af", "For", "Fra"})


def _kind_of(word: str) -> str:
    low = word.lower()
    if "dagsorden" in low and not any(w in low for w in _MINUTES_WORDS):
        return "dagsorden"
    return "referat"


def header_label(line: str) -> tuple[str, str] | None:
    """(label lower case, value) for a header label line."""
    if not line or not line[0].isalpha():
        return None
    match = HEADER_LABEL_RE.match(line)
    if not match:
        return None
    label = (match.group("a") or match.group("b")).lower()
    value = match.group("value").strip()
    if match.group("a") and value and not line[len(match.group("a")) :].startswith((":", " ")):
        return None
    return label, value


def _follows_header(lines: list[str], start: int, count: int, strong_only: bool = False) -> bool:
    """Whether one of the next ``count`` non-blank lines is a meeting header line."""
    seen = 0
    i = start
    while i < len(lines) and seen < count:
        s = lines[i]
        i += 1
        if not s:
            continue
        seen += 1
        label = header_label(s)
        if label is not None and label[0] not in _BODY_LABELS:
            if strong_only and label[0] not in _STRONG_LABELS:
                continue
            return True
        if not strong_only and is_date_time_line(s):
            return True
    return False


def _next_nonblank(lines: list[str], start: int) -> int:
    i = start
    while i < len(lines) and not lines[i]:
        i += 1
    return i


_NOT_TITLES = ("bilag", "punkt", "pkt", "side ", "deltagerliste", "deltagerkreds", "tabel")


def _title_like(s: str) -> bool:
    if not (2 <= len(s) <= 100) or not s[0].isupper():
        return False
    if s[-1] in ".:;,!?" or ":" in s[:40] or s[0] == "|" or header_label(s) is not None:
        return False
    if vocabulary.section_kind(s) or vocabulary.status_of(s) is not None:
        return False
    if is_date_time_line(s) or s.lower().startswith(_NOT_TITLES) or KIND_LABEL_RE.match(s):
        return False
    return len(s.split()) <= 12


def find_anchors(lines: list[str], skip: bytearray, item_lines: set[int]) -> list[Anchor]:
    """Meeting anchors in file order. ``skip`` marks lines inside tables of contents."""
    anchors: list[Anchor] = []
    n = len(lines)
    taken = -1
    # Style B needs a date line (or date / kind label) next: one backward pass marks the
    # lines whose next non-blank line could be one.
    b_next = bytearray(n)
    ok = False
    for i in range(n - 1, -1, -1):
        s = lines[i]
        b_next[i] = ok
        if s:
            ok = s[0].isdigit() or s[:20].lower().startswith(_STYLE_B_NEXT)
    for i in range(n):
        s = lines[i]
        if not s or skip[i] or i <= taken or i in item_lines:
            continue
        first = s[0]
        anchor = None
        # Style M: "Referat af mødet i X den … kl. … på …" (one line or a few)
        if "øde" in s[:40] and (first in "RrDdBbPpAaTtFfMm"):
            zone = header_zone.moede_i(lines, i)
            if zone is not None:
                anchor = Anchor(index=i, start=i, style="M", body=zone.body, date=zone.date,
                                start_time=zone.start, end_time=zone.end, kind=zone.kind,
                                location=zone.location)
                if zone.date_line != i:
                    anchor.date_line = zone.date_line
        # Style A: REFERAT <body> d. <date>
        if anchor is None and first in "RrDdBbMmPp":
            match = _KIND_WORD_RE.match(s)
            if match and match.group("rest"):
                anchor = _style_a(lines, i, match, strict=bool(anchors))
        # Style C: Emne: / Udvalg: <body>, then Mødedato
        if anchor is None and ":" in s[:12]:
            label = header_label(s)
            if label and label[0] in _BODY_LABELS and label[1]:
                strong = label[0] == "emne" or bool(anchors)
                if _follows_header(lines, i + 1, 12, strong_only=strong):
                    anchor = Anchor(index=i, start=i, style="C", body=clean_body(label[1]))
        # Style B: title line, then a date line or Mødedato
        if anchor is None and b_next[i] and _title_like(s):
            anchor = _style_b(lines, i, item_lines, strict=bool(anchors))
        if anchor is None:
            continue
        # A kind label just above the anchor belongs to the meeting.
        j = i - 1
        while j >= 0 and (
            not lines[j] or KIND_LABEL_RE.match(lines[j]) or lines[j] in _CONNECTORS
        ):
            if lines[j]:
                anchor.start = j
                anchor.kind = anchor.kind or _kind_of(lines[j])
            j -= 1
            if i - j > 4:
                break
        # Header lines just above the anchor (a date line, labels) belong to the meeting.
        j = anchor.start - 1
        floor = anchors[-1].index + 1 if anchors else 0
        while j >= floor and i - j <= 8:
            above = lines[j]
            if above:
                label = header_label(above)
                if label is None and not is_date_time_line(above) and not KIND_LABEL_RE.match(
                    above
                ):
                    break
                anchor.start = j
            j -= 1
        if anchors and anchor.start <= anchors[-1].index:
            anchor.start = anchors[-1].index + 1
        anchors.append(anchor)
        taken = anchor.date_line if anchor.date_line is not None else i
    return anchors


def _style_a(lines: list[str], i: int, match: re.Match, strict: bool) -> Anchor | None:
    kw = match.group("kw")
    rest = match.group("rest")
    date, span = find_date(rest)
    if span is not None:
        body_part = rest[: span[0]]
        start, end = find_times(rest[span[1] :])
    else:
        body_part = rest
        start = end = None
    body = clean_body(body_part)
    if not body or len(body) > 100 or body[0].isdigit() or bodies.find_body(body) is None:
        return None
    strong = kw.isupper()
    if not strong or span is None:
        # "Referat fra mødet den 17. juli 2020" is also an attachment title: a mixed-case
        # header needs header lines after it (meeting labels, once a meeting is open).
        if not _follows_header(lines, i + 1, 4, strong_only=strict and not strong):
            return None
    return Anchor(
        index=i,
        start=i,
        style="A",
        body=body,
        date=date,
        start_time=start,
        end_time=end,
        kind=_kind_of(kw),
        bad_date=date is None and span is not None,
    )


_STYLE_B_NEXT = (
    "mødedato",
    "dato",
    "referat",
    "dagsorden",
    "beslutningsprotokol",
    "åben",
    "åbent",
    "mødet den",
    "mødet d.",
)
_STYLE_B_NEXT += tuple(day[:3] for day in WEEKDAYS) + ("den ", "d. ")


def _style_b(lines: list[str], i: int, item_lines: set[int], strict: bool) -> Anchor | None:
    """A title line followed by a date line (or Mødedato). Inside an open meeting
    (``strict``) item headings after it are not enough: meeting labels, a kind label or a
    table of contents must follow, so that "Høringsfrist" / "13. oktober 2021" in an item
    does not start a meeting."""
    n = len(lines)
    j = _next_nonblank(lines, i + 1)
    if j >= n:
        return None
    kind = None
    nxt = lines[j]
    if KIND_LABEL_RE.match(nxt):
        kind = _kind_of(nxt)
        j = _next_nonblank(lines, j + 1)
        if j >= n:
            return None
        nxt = lines[j]
    date = start = end = None
    if is_date_time_line(nxt):
        date, start, end, _bad = find_date_and_times(nxt)
        if date is None:
            return None
        # Something that makes it a meeting header must follow: a place, labels, a table
        # of contents, a kind label or item headings.
        k = j + 1
        seen = 0
        ok = False
        while k < n and seen < 15:
            s = lines[k]
            k += 1
            if not s:
                continue
            seen += 1
            label = header_label(s)
            if (
                (k - 1 in item_lines and not strict)
                or (
                    label is not None
                    and label[0] not in _BODY_LABELS
                    and (not strict or label[0] in _STRONG_LABELS)
                )
                or KIND_LABEL_RE.match(s)
                or vocabulary.key(s) in ("indhold", "indholdsfortegnelse", "dagsorden kort")
            ):
                ok = True
                break
        if not ok:
            return None
    else:
        label = header_label(nxt)
        if label is None or label[0] not in _DATE_LABELS or find_date(label[1])[0] is None:
            return None
        if label[0] == "dato" and not _follows_header(lines, j + 1, 6, strong_only=strict):
            return None  # "Notat" / "Dato: …" in a memo is not a meeting
    body = clean_body(lines[i])
    if not body:
        return None
    anchor = Anchor(index=i, start=i, style="B", body=body, date=date, kind=kind)
    anchor.start_time, anchor.end_time = start, end
    if date is not None:
        anchor.date_line = j
    return anchor


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
            row = cells.get(s)
            if row is not None and len(row) > 1:
                if roster is None and people.is_roster_header(row):
                    roster = row
                    continue
                _add_roster_row(header, pending_people, row, roster is not None)
                read_names = True
                continue
            if people.looks_like_names(s):
                _add_people(header, pending_people, s)
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
                place = re.search(r"(?:\d{1,2}[.:]\d{2})\s*,\s*(?P<place>[^,].+)$", value)
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
    if header.date is None:
        header.date = bare_date
    # Participants and absentees are disjoint.
    absent_names = {p.name for p in header.absent}
    header.participants = [p for p in header.participants if p.name not in absent_names]
    return header


_PEOPLE_LABELS = _PRESENT_LABELS | _ABSENT_LABELS | _SUBSTITUTE_LABELS


def _fits(name: str, value: str) -> bool:
    """Whether ``value`` can be the value of the label ``name`` (column-wise tables)."""
    has_digit = any(ch.isdigit() for ch in value)
    if name in _DATE_LABELS:
        return find_date(value)[0] is not None
    if name in _TIME_LABELS or name in _END_LABELS:
        return has_digit and len(value) <= 40 and find_date(value)[0] is None or (
            value.lower().rstrip(".") in ("kl", "")
        )
    if name in _PEOPLE_LABELS:
        return people.looks_like_names(value)
    return True


def pair_labels(lines: list[str], indexes: list[int]) -> tuple[dict[int, str], set[int]]:
    """Values of labels printed without one: "Mødedato:" / "10. marts 2020" (value on the
    next line), or a header table flattened column-wise ("Mødedato:" / "Mødested:" / …
    then the values in the same order; a label whose value is empty is skipped)."""
    rows = [i for i in indexes if lines[i]]
    paired: dict[int, str] = {}
    consumed: set[int] = set()
    k = 0
    count = len(rows)
    while k < count:
        label = header_label(lines[rows[k]]) if lines[rows[k]][-1] == ":" else None
        if label is None or label[1] or label[0] in _BODY_LABELS:
            k += 1
            continue
        run = [(rows[k], label[0])]
        k += 1
        while k < count and lines[rows[k]][-1] == ":":
            more = header_label(lines[rows[k]])
            if more is None or more[1]:
                break
            run.append((rows[k], more[0]))
            k += 1
        if len(run) == 1 and run[0][1] in _PEOPLE_LABELS:
            continue  # names on the following lines: read as a list
        values = []
        while k < count and len(values) < 12:
            s = lines[rows[k]]
            if header_label(s) is not None or KIND_LABEL_RE.match(s) or s.isupper():
                break
            values.append(rows[k])
            k += 1
        v = 0
        for index, name in run:
            if v >= len(values):
                break
            value = lines[values[v]]
            if not _fits(name, value):
                if name in _PEOPLE_LABELS or name in _END_LABELS:
                    continue
            if name in _PEOPLE_LABELS:
                paired[index] = " ".join(lines[j] for j in values[v:])
                consumed.update(values[v:])
                v = len(values)
                break
            paired[index] = value
            consumed.add(values[v])
            v += 1
        k -= len(values) - v
    return paired, consumed


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


def _add_roster_row(header: Header, label: str, row: list[str], table: bool) -> None:
    """One row of a roster table ("Inge Lund | formand | ja") or a two-column roster."""
    if table:
        person, status = people.roster_row(row)
        if person is None:
            return
        if status == "absent" or label in _ABSENT_LABELS:
            _add_absent(header, [person])
        elif all(person.name != other.name for other in header.participants):
            header.participants.append(person)
        return
    for cell in row:
        _add_people(header, label, cell)


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


def end_time_in(line: str) -> dt.time | None:
    """End time from a closing line such as "Mødet hævet kl. 17.45" (-> 17:45)."""
    if not line.startswith(("Mødet", "mødet", "MØDET")):
        return None
    match = _END_TIME_RE.match(line)
    if not match:
        return None
    try:
        return dt.time(int(match.group("h")), int(match.group("m") or 0))
    except ValueError:
        return None
