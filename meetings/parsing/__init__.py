"""Minutes text -> ParsedDocument (referat / dagsorden parser).

Standard library only: nothing in this package may import Django.

    >>> from meetings.parsing import parse
    >>> doc = parse(text)
    >>> doc.meetings[0].items[0].title

Where each kind of rule lives
-----------------------------
- text.py: normalising extracted text (page furniture, hyphenation, flattened web tables);
- dates.py: date and time styles (Danish, numeric, ISO, "3/3 2020", abbreviated, English);
- bodies.py: body names (BODY_WORDS: udvalg, byråd, kommunalbestyrelse, regionsråd …);
- headers/: where a meeting starts and what its header says (anchors.py: header shapes;
  labels.py: header labels and kind words; reading.py: people, place, times; zone.py:
  free-form headers, the "mødet i X" sentence and decoy dates);
- numbering.py: explicit item numbering styles (NUMBERING_STYLES); contents.py: contents
  lists as evidence for titles; items/: headings, the lines under them, the decision;
- vocabulary.py: section headings (SECTION_HEADINGS), decision headings, status lines,
  closed group headings, closed prefixes and suffixes, title type markers;
- people/: lists of names, roster tables, attendance sentences;
- case_numbers.py: case, journal and document number schemes;
- parser.py orchestrates; meeting.py reads one meeting; tocs.py, memos.py, messages.py.

How to add a layout
-------------------
Parse a sample (``python manage.py parse_minutes FILE --json``) and see what is missing.
Most layouts need one declared addition, not a new branch:
a header label -> headers/labels.py (_LABELS_NO_COLON or _LABELS_COLON, plus the set
saying what it holds); a body word -> bodies.BODY_WORDS; a numbering style ->
numbering.NUMBERING_STYLES; a section heading -> vocabulary._add(kind, …); a closed
marker -> vocabulary.STATUS_LINES / GROUP_HEADINGS / CLOSED_PREFIXES / CLOSED_SUFFIXES; a
title type marker -> vocabulary.TITLE_TYPE_WORDS; a decoy date -> headers/zone.DECOY_RE;
an attendance phrase -> people/sentences.py; a case number scheme -> case_numbers.py.
Then add the sample and its expected parse to fixtures/layouts/ (tests/parsing compares
every case field by field and rewrites its header into every supported shape).
"""

from __future__ import annotations

from .decoding import UndecodableText, decode_bytes
from .parser import parse
from .records import (
    CASE_SCHEMES,
    MEETING_FLAGS,
    SECTION_KINDS,
    Attachment,
    CaseRef,
    Item,
    Meeting,
    ParsedDocument,
    ParseWarning,
    Person,
    Section,
)

# Bump when the parser's output for the same text changes.
PARSER_VERSION = "2.1.0"

__all__ = [
    "CASE_SCHEMES",
    "MEETING_FLAGS",
    "PARSER_VERSION",
    "SECTION_KINDS",
    "Attachment",
    "CaseRef",
    "Item",
    "Meeting",
    "ParseWarning",
    "ParsedDocument",
    "Person",
    "Section",
    "UndecodableText",
    "decode_bytes",
    "parse",
]
