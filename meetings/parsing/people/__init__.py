"""Participants (mødedeltagere), absentees (afbud, fraværende) and substitutes
(stedfortrædere) with party letter and role.

- names.py: lists of names;
- rosters.py: roster lines and tables;
- sentences.py: attendance stated in sentences.

Standard library only.
"""

from __future__ import annotations

from .names import parse_people_list, parse_person
from .rosters import (
    ABSENT_WORDS,
    PRESENT_WORDS,
    is_roster_header,
    is_roster_header_line,
    looks_like_names,
    roster_line,
    roster_row,
    two_columns,
)
from .sentences import phrases, statements

__all__ = [
    "ABSENT_WORDS",
    "PRESENT_WORDS",
    "is_roster_header",
    "is_roster_header_line",
    "looks_like_names",
    "parse_people_list",
    "parse_person",
    "phrases",
    "roster_line",
    "roster_row",
    "statements",
    "two_columns",
]
