"""Meetings found without a fixed header shape (mødehoved i fri form).

- ``moede_i_anchor``: the one-sentence or multi-line header "Referat af mødet i X den 3/3
  2020 kl. 17.00 på …", "Referat / til / mødet i Byrådet / den 17. marts 2020 kl. 17:00 /
  i Byrådssalen", "Referat af møde i X / Den 09.03.2020 kl. 13:00 i Rådhuset".
- ``zone_anchor``: the fallback when no header shape matched: the first lines of the text
  (before the first item) give a body (bodies.find_body) and the meeting date, skipping
  decoys (publication dates, "Udskrevet …", a letter's "Viborg, den …").
- ``column_values``: header tables flattened column-wise ("Mødedato:" / "Mødested:" /
  … then the values in the same order).

Decoy words live in ``DECOY_RE``; the sentence shape in ``_MOEDE_I_RE``.

Standard library only.
"""

from __future__ import annotations

import re

from .. import bodies
from ..dates import find_date, find_date_and_times

# Dates that are never the meeting's: publication, print and document dates, a letter's
# place-and-date line ("Viborg, den 27. februar 2020").
DECOY_RE = re.compile(
    r"(?i)^(?:publiceringsdato|publiceret|offentliggjort|udskrevet|udskriftsdato|dato for udskrift"
    r"|dokumentdato|udsendt|udsendelsesdato|printet|senest opdateret|opdateret|journaldato"
    r"|(?!(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag),)(?-i:[A-ZÆØÅ])[\wæøå]+,\s+"
    r"(?:den|d\.)\s)"
)

_MOEDE_I_RE = re.compile(
    r"(?i)^(?:(?:referat|dagsorden|beslutningsprotokol|protokol)\s+)?(?:(?:til|af|fra|for)\s+)?"
    r"(?:det\s+(?:ordinære|ekstraordinære)\s+)?(?:mødet|møde)\s+i\s+(?P<rest>.+)$"
)
_PLACE_AFTER_RE = re.compile(
    r"(?i)(?:kl\.?\s*\d{1,2}(?:[.:]\d{2})?(?:\s*[-–]\s*(?:kl\.?\s*)?\d{1,2}(?:[.:]\d{2})?)?"
    r"|\d{4})\s*,?\s+(?:i|på)\s+(?P<place>.+?)\.?$"
)
_PLACE_LINE_RE = re.compile(r"^(?:i|på)\s+(?P<place>\S.+?)\.?$")
_KIND_RE = re.compile(r"(?i)\b(referat|dagsorden|beslutningsprotokol)\b")


class ZoneHeader:
    __slots__ = ("body", "body_line", "date", "date_line", "start", "end", "location", "kind")

    def __init__(self) -> None:
        self.body = ""
        self.body_line = -1
        self.date = None
        self.date_line = -1
        self.start = None
        self.end = None
        self.location = None
        self.kind = None


def moede_i(lines: list[str], i: int) -> ZoneHeader | None:
    """The "… mødet i X …" header at line ``i`` (body, date within two lines, place)."""
    s = lines[i]
    match = _MOEDE_I_RE.match(s)
    if not match:
        return None
    rest = match.group("rest")
    body = bodies.find_body(rest)
    if not body or not rest.startswith(body[:3]):
        return None
    zone = ZoneHeader()
    zone.body, zone.body_line = body, i
    kind = _KIND_RE.search(s)
    if kind is None:
        for k in range(max(0, i - 3), i):
            if lines[k] and _KIND_RE.match(lines[k]):
                kind = _KIND_RE.match(lines[k])
    if kind is None:
        return None  # "Det næste møde i Magistraten …" is a sentence, not a header
    if kind is not None:
        zone.kind = "dagsorden" if kind.group(1).lower() == "dagsorden" else "referat"
    for k in range(i, min(len(lines), i + 3)):
        text = rest if k == i else lines[k]
        if not text:
            continue
        date, start, end, _bad = find_date_and_times(text)
        if date is None:
            continue
        zone.date, zone.date_line, zone.start, zone.end = date, k, start, end
        place = _PLACE_AFTER_RE.search(text)
        if place:
            zone.location = place.group("place")
        elif k + 1 < len(lines) and lines[k + 1]:
            line = _PLACE_LINE_RE.match(lines[k + 1])
            if line:
                zone.location = line.group("place")
        break
    if zone.date is None:
        return None
    return zone


def zone(lines: list[str], indexes: list[int]) -> ZoneHeader:
    """Body and date from free header lines (``indexes`` into ``lines``)."""
    found = ZoneHeader()
    for i in indexes:
        s = lines[i]
        if not s:
            continue
        if not found.body:
            body = bodies.find_body(s)
            if body and len(s) <= 120 and "kommune" not in body.lower():
                found.body, found.body_line = body, i
        if found.date is None and any(ch.isdigit() for ch in s) and not DECOY_RE.match(s):
            date, start, end, _bad = find_date_and_times(s)
            if date is not None:
                found.date, found.date_line = date, i
                found.start, found.end = start, end
                place = _PLACE_AFTER_RE.search(s) if start is not None else None
                found.location = place.group("place") if place else None
        if found.body and found.date is not None:
            break
    return found


def first_date(text: str):
    return find_date(text)[0]
