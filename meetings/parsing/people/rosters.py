"""Roster lines and tables: whether a line is a list of names, a roster table's header row
("Navn / Funktion / Fremmødt") and its rows (ja -> present, afbud / nej -> absent).
Presence words live in PRESENT_WORDS / ABSENT_WORDS.

Standard library only.
"""

from __future__ import annotations

import re

from .. import bodies
from ..records import Person
from .names import (
    parse_person,
)

_SENTENCE_WORDS_RE = re.compile(
    r"\s(?:var|deltog|deltager|havde|har|er|blev|medvirkede|forlod|mødte)\s|\.\s+[A-ZÆØÅ]"
)
_NAME_WORD_RE = re.compile(r"^[A-ZÆØÅÉÜÖÄ][\w'’.\-]*$")

_PARTY_IN_BRACKETS_RE = re.compile(r"\(([A-ZÆØÅ]{1,3})\)")


def looks_like_names(line: str) -> bool:
    """Whether a line is a list of names (a roster line), not a heading or a sentence."""
    if line[:1] in "•▪·◦-–*" and line[1:2] == " ":
        line = line[2:]
    if not line or not line[0].isupper() or line[0].isdigit() or len(line) > 400:
        return False
    if line.isupper() and len(line) > 3:
        return False
    if _SENTENCE_WORDS_RE.search(line):
        return False
    if "," in line or "(" in line:
        return True
    words = line.split()
    if len(words) < 2 or len(words) > 6 or line[-1] in ".:":
        return False
    return sum(1 for w in words if _NAME_WORD_RE.match(w)) >= 2


# Roster tables: the header row names a presence column; a row's last cell says ja / afbud.
_ROSTER_HEADER_WORDS = ("fremmødt", "til stede", "deltog", "deltager", "status", "fremmøde")
PRESENT_WORDS = frozenset({"ja", "x", "deltog", "til stede", "mødt", "fremmødt"})
ABSENT_WORDS = frozenset({"nej", "afbud", "fraværende", "syg", "forfald", "ikke mødt"})


def is_roster_header(row: list[str]) -> bool:
    low = [cell.lower() for cell in row]
    return low[0] in ("navn", "medlem", "deltager") and any(
        any(word in cell for word in _ROSTER_HEADER_WORDS) for cell in low[1:]
    )


def roster_row(row: list[str]) -> tuple[Person | None, str]:
    """(person, "present" | "absent") from a roster table row."""
    name = row[0]
    status = "present"
    last = row[-1].strip().lower().rstrip(".")
    if last in ABSENT_WORDS:
        status = "absent"
    party = None
    for cell in row[1:]:
        match = _PARTY_IN_BRACKETS_RE.search(cell)
        if match:
            party = match.group(1)
    person, _status = parse_person(name)
    if person is None:
        return None, status
    return Person(name=person.name, party=party or person.party, role=person.role), status


def two_columns(line: str) -> str:
    """A two-column roster line whose column gap was lost in extraction ("Sofie Aagaard
    Niels Brandt"): four capitalised words are two names."""
    words = line.split()
    if len(words) == 4 and "," not in line and "(" not in line:
        if all(_NAME_WORD_RE.match(word) for word in words):
            return f"{words[0]} {words[1]}, {words[2]} {words[3]}"
    return line


def is_roster_header_line(line: str) -> bool:
    """ "Navn Funktion Fremmødt", "Navn Udpeget af Fremmødt": a roster table's header row,
    with or without the TABs between its cells."""
    low = line.lower()
    return low.split(" ", 1)[0] in ("navn", "medlem", "deltager") and any(
        word in low for word in _ROSTER_HEADER_WORDS
    )


def roster_line(line: str) -> tuple[Person | None, str]:
    """(person, "present" | "absent") from a roster table row, read from its words so that
    the row reads the same with or without the TABs between its cells: the name is the
    leading capitalised words, up to a role (lower case), a party or a body/organisation
    ("Byrådet (V)", "Idrætsforeningerne", "Børne- og …"); the last word says ja / afbud."""
    words = line.split()
    status = "present"
    if words and words[-1].lower().rstrip(".") in ABSENT_WORDS:
        status = "absent"
    name: list[str] = []
    for word in words[:4]:
        low = word.lower()
        if (
            not _NAME_WORD_RE.match(word)
            or word.endswith("-")
            or low.endswith("erne")
            or bodies.find_body(word)
            or low in PRESENT_WORDS
            or low in ABSENT_WORDS
        ):
            break
        name.append(word)
    if len(name) < 2:
        return None, status
    party = _PARTY_IN_BRACKETS_RE.search(line)
    return Person(name=" ".join(name), party=party.group(1) if party else None), status
