"""Participants (mødedeltagere), absentees (afbud, fraværende) and substitutes
(stedfortrædere) with party letter and role.

- names.py: lists of names;
- rosters.py: roster lines and tables;
- sentences.py: attendance stated in sentences.

Standard library only.
"""

from __future__ import annotations

from .names import parse_people_list, parse_person
from .rosters import ABSENT_WORDS, PRESENT_WORDS, is_roster_header, looks_like_names, roster_row
from .sentences import phrases, statements

__all__ = [
    "ABSENT_WORDS",
    "PRESENT_WORDS",
    "is_roster_header",
    "looks_like_names",
    "parse_people_list",
    "parse_person",
    "phrases",
    "roster_row",
    "statements",
]
