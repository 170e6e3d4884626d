"""Attendance stated in sentences: "Afbud fra X.", "Fraværende: X. Mødt i stedet: Y",
"Medlemmerne var mødt, bortset fra X og Y, der havde meldt afbud", "Som stedfortræder for X
deltog Y". A sentence about one item ("deltog ikke under pkt. 5", "inhabil") is no meeting
absence (_ITEM_SCOPE_RE); one who was inhabil or left during the meeting was present.

Standard library only.
"""

from __future__ import annotations

import re

from ..records import Person
from .names import (
    _PARENS,
    NAME,
    _person_from_match,
    parse_people_list,
)

_ABSENT_PHRASE_RE = re.compile(
    rf"(?P<name>{NAME}){_PARENS}\s*,?\s*(?:"
    r"(?:deltager|deltog|deltage|møder|mødte|kan)\s+ikke"
    r"|(?:har\s+)?(?:meldt|sendt|givet)\s+(?:forfald|afbud)"
    r"|(?:var|er|blev)\s+fraværende"
    r"|(?:har\s+)?afbud"
    r")",
)
_ABSENT_FROM_RE = re.compile(
    rf"\b(?:afbud|forfald|fraværende)(?:\s+fra\s+|\s*:\s*)(?P<names>(?-i:{NAME}).*)$",
    re.IGNORECASE,
)
_SUBSTITUTE_PHRASE_RE = re.compile(
    rf"(?P<name>{NAME}){_PARENS}\s*,?\s*(?:"
    r"(?:deltager|deltog|deltage|møder|mødte)\s+(?:i\s+stedet|som\s+(?:stedfortræder|suppleant))"
    r"|(?:er|var)\s+(?:stedfortræder|suppleant)"
    r"|(?:deltager|deltog|møder|mødte)\s+for\s+[A-ZÆØÅ]"
    r"|som\s+(?:stedfortræder|suppleant)"
    r")",
)
_SUBSTITUTE_LABEL_RE = re.compile(
    rf"\b(?:stedfortræder|suppleant|mødt i stedet)(?:e|er)?(?:\s+for\s+{NAME})?\s*:\s*(?P<names>.+)$",
    re.IGNORECASE,
)

_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÆØÅ0-9])")
# A statement about one item, not the meeting: "deltog ikke under pkt. 4", "i behandlingen
# af § 35", "inhabil", "forlod mødet kl. 12.10".
_ITEM_SCOPE_RE = re.compile(
    r"(?i)\b(?:pkt\.|punkt|punkterne|sag\s+\d|behandlingen|inhabil\w*|forlod\s+mødet)|§\s*\d"
)
_STILL_PRESENT_RE = re.compile(r"(?i)inhabil|forlod\s+mødet")
_LEADING_NAME_RE = re.compile(rf"^(?P<name>{NAME}){_PARENS}")


def statements(line: str) -> tuple[list[Person], list[Person], list[Person]]:
    """(absent, substitutes, present) stated in sentences about the meeting. A sentence
    about one item ("deltog ikke under pkt. 5", "inhabil") is no meeting absence; one who
    was inhabil or left during the meeting was present."""
    absent: list[Person] = []
    substitutes: list[Person] = []
    present: list[Person] = []
    if not _TRIGGER_RE.search(line.lower()):
        return absent, substitutes, present
    for sentence in _SENTENCE_SPLIT_RE.split(line):
        if len(sentence) > 2000:
            continue
        if _ITEM_SCOPE_RE.search(sentence):
            if _STILL_PRESENT_RE.search(sentence):
                match = _LEADING_NAME_RE.match(sentence)
                person = _person_from_match(match) if match else None
                if person:
                    present.append(person)
            continue
        more_absent, more_subs = _sentence_phrases(sentence)
        absent.extend(more_absent)
        substitutes.extend(more_subs)
    return absent, substitutes, present


_TRIGGERS = (
    "ikke",
    "forfald",
    "afbud",
    "fravær",
    "stedet",
    "stedfortræder",
    "suppleant",
    " for ",
    "inhabil",
    "forlod",
    "bortset",
)
# Any trigger in a line in lower case (one search instead of one per word).
_TRIGGER_RE = re.compile("|".join(re.escape(word) for word in _TRIGGERS))


def phrases(line: str) -> tuple[list[Person], list[Person]]:
    """(absent, substitutes) stated in sentences: "X deltager ikke på mødet",
    "X (V) meldt forfald", "Afbud fra X", "Y deltager i stedet", "Stedfortræder: Y"."""
    absent, substitutes, _present = statements(line)
    return absent, substitutes


_BORTSET_RE = re.compile(
    rf"\bbortset\s+fra\s+(?P<names>{NAME}.*?),?\s+der\s+(?:havde\s+|har\s+)?(?:meldt\s+)?"
    r"(?:afbud|forfald)",
)
_INSTEAD_RE = re.compile(
    rf"(?i:\bi\s+stedet\s+(?:deltog|mødte|deltager)|\bmødt\s+i\s+stedet\s*:?"
    rf"|\bsom\s+(?:stedfortræder|suppleant)\s+for\s+{NAME}\s+(?:deltog|mødte))"
    rf"\s+(?P<names>{NAME}.*)$"
)
_NUMBERED_SUBSTITUTE_RE = re.compile(
    rf"(?i:\b(?:\d\.\s*)?(?:stedfortræder|suppleant))\s+(?P<name>{NAME}){_PARENS}\s+(?:deltog|mødte)"
)


def _sentence_phrases(line: str) -> tuple[list[Person], list[Person]]:
    absent: list[Person] = []
    substitutes: list[Person] = []
    low = line.lower()
    if "bortset" in low:
        match = _BORTSET_RE.search(line)
        if match:
            absent.extend(parse_people_list(match.group("names"))[0])
            return absent, substitutes
    if "stedet" in low or "stedfortræder" in low or "suppleant" in low:
        match = _INSTEAD_RE.search(line)
        if match:
            substitutes.extend(parse_people_list(match.group("names").rstrip("."))[0])
            return absent, substitutes
        match = _NUMBERED_SUBSTITUTE_RE.search(line)
        if match:
            person = _person_from_match(match)
            if person:
                substitutes.append(person)
            return absent, substitutes
    if any(word in low for word in ("ikke", "forfald", "afbud", "fravær")):
        for match in _ABSENT_PHRASE_RE.finditer(line):
            person = _person_from_match(match)
            if person:
                absent.append(person)
        match = _ABSENT_FROM_RE.search(line)
        if match:
            absent.extend(parse_people_list(match.group("names"))[0])
    if any(word in low for word in ("stedet", "stedfortræder", "suppleant", " for ")):
        for match in _SUBSTITUTE_PHRASE_RE.finditer(line):
            person = _person_from_match(match)
            if person:
                substitutes.append(person)
        match = _SUBSTITUTE_LABEL_RE.search(line)
        if match:
            substitutes.extend(parse_people_list(match.group("names"))[0])
    return absent, substitutes
