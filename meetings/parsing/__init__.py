"""Minutes text -> ParsedDocument (referat / dagsorden parser).

Standard library only: nothing in this package may import Django.

    >>> from meetings.parsing import parse
    >>> doc = parse(text)
    >>> doc.meetings[0].items[0].title
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
PARSER_VERSION = "1.0.0"

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
