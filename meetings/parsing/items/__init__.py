"""Agenda items (punkter): headings, sections, case numbers, attachments and this meeting's
decision.

- headings.py: item headings and their title markers;
- body.py: reading the lines under a heading;
- builder.py: the item being built and the choice of this meeting's decision.

Standard library only.
"""

from __future__ import annotations

from .body import BodyParser
from .builder import ItemBuilder, SectionBuilder
from .headings import (
    ITEM_NO_NUMBER_RE,
    NUMBERED_RE,
    clean_title,
    longest_chain,
    numbered_candidate,
    parse_heading,
)

__all__ = [
    "ITEM_NO_NUMBER_RE",
    "NUMBERED_RE",
    "BodyParser",
    "ItemBuilder",
    "SectionBuilder",
    "clean_title",
    "longest_chain",
    "numbered_candidate",
    "parse_heading",
]
