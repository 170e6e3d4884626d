"""Names in lists of people: "Anna Hansen (A), formand", party letters and roles in
brackets, names run together ("(A)Jens Holt", "FormandKim"), roster lines without commas.

Standard library only.
"""

from __future__ import annotations

import re

from ..records import Person

# Party letters and names as they appear in brackets after a name.
_PARTY_NAMES = {
    "sf",
    "el",
    "df",
    "la",
    "kf",
    "rv",
    "alt",
    "nb",
    "ufg",
    "løsgænger",
    "løsgængere",
    "uden for partierne",
    "borgerlisten",
    "alternativet",
    "venstre",
    "socialdemokratiet",
    "enhedslisten",
    "konservative",
    "radikale venstre",
    "dansk folkeparti",
    "liberal alliance",
    "nye borgerlige",
    "moderaterne",
    "danmarksdemokraterne",
}
_PARTY_RE = re.compile(r"^[A-ZÆØÅ]{1,3}$")
_ABSENT_WORDS_RE = re.compile(
    r"\b(?:afbud|fraværende|forfald|meldt forfald|deltog ikke|deltager ikke|syg|ikke til stede)\b",
    re.IGNORECASE,
)
_SUBSTITUTE_WORDS_RE = re.compile(r"\b(?:stedfortræder|suppleant|i stedet for)\b", re.IGNORECASE)

NAME = r"[A-ZÆØÅÉÜÖÄ][\w'’.\-]*(?:\s+(?:[A-ZÆØÅÉÜÖÄ][\w'’.\-]*|von|van|der|de|la|du))*"
_PARENS = r"(?:\s*\((?P<par>[^()]{1,40})\))?(?:\s*\((?P<par2>[^()]{1,40})\))?"

_NOT_NAMES = frozenset(
    {
        "Information",
        "Bemærk",
        "Desuden",
        "Endvidere",
        "Mødet",
        "Følgende",
        "Der",
        "Det",
        "Den",
        "Og",
        "Samt",
    }
)


# A people field that names nobody: "Fraværende: Ingen", "Afbud: Intet", "Afbud: -".
NOBODY = frozenset(
    {
        "ingen",
        "intet",
        "ingen afbud",
        "ingen fraværende",
        "ingen deltagere",
        "alle",
        "alle mødt",
        "alle var mødt",
        "alle til stede",
        "ikke relevant",
        "nej",
        "-",
        "–",
    }
)


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0].rstrip(":") in _NOT_NAMES:
        words.pop(0)
    return " ".join(words).strip(" ,.;:")


def _classify_paren(content: str) -> tuple[str, str | None]:
    """('party'|'absent'|'substitute'|'role', value)."""
    c = content.strip()
    if _PARTY_RE.match(c) or c.lower() in _PARTY_NAMES:
        return "party", c
    if _ABSENT_WORDS_RE.search(c):
        return "absent", None
    if _SUBSTITUTE_WORDS_RE.search(c):
        return "substitute", c
    return "role", c


_ENTRY_BREAK_RE = re.compile(r"[(),;]")
_AND_RE = re.compile(r"\s+(?:og|samt)\s+(?=[A-ZÆØÅ])")
_BULLET_RE = re.compile(r"^[-•*–▪·◦]\s*")
_PAREN_CONTENT_RE = re.compile(r"\(([^()]*)\)")
_DASH_ROLE_RE = re.compile(r"^(.*?)\s+[-–]\s+(.+)$")
_LETTER_RE = re.compile(r"[^\W\d_]")
_RUN_TOGETHER_RE = re.compile(r"\)(?=\s*[A-ZÆØÅ])|(?<=[a-zæøå])(?=[A-ZÆØÅ][a-zæøå])")
_ROLE_WORDS = frozenset(
    {"formand", "næstformand", "borgmester", "viceborgmester", "sekretær", "referent", "kasserer"}
)


def _pairs(text: str) -> str:
    """ "Jens Ahlberg Morten Friis Charlotte Lind": names printed without separators,
    read as two-word names."""
    words = text.split()
    if "," in text or ";" in text or len(words) < 6:
        return text
    plain = [w for w in words if not w.startswith("(")]
    if len(plain) % 2 or not all(w[0].isupper() for w in plain):
        return text
    out = []
    for word in words:
        if (
            out
            and not word.startswith("(")
            and sum(1 for w in out if not w.startswith("(")) % 2 == 0
        ):
            out[-1] += ","
        out.append(word)
    return " ".join(out)


def _split_entries(text: str) -> list[str]:
    """Split a list of people on commas/semicolons (and a final " og ") outside brackets."""
    if _RUN_TOGETHER_RE.search(text):
        text = _RUN_TOGETHER_RE.sub(lambda m: ")," if m.group(0) == ")" else ", ", text)
    text = _pairs(text)
    entries = []
    depth = 0
    start = 0
    for match in _ENTRY_BREAK_RE.finditer(text):
        ch = match.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            entries.append(text[start : match.start()])
            start = match.end()
    entries.append(text[start:])
    out = []
    for entry in entries:
        entry = entry.strip(" .\t")
        if not entry:
            continue
        # "Anna Hansen (A) og Bo Jensen (V)"
        parts = _AND_RE.split(entry)
        out.extend(part.strip() for part in parts if part.strip())
    return out


def parse_person(entry: str) -> tuple[Person | None, str]:
    """A Person from "Name (P) (rolle) (Afbud)" and its status: present/absent/substitute."""
    entry = _BULLET_RE.sub("", entry.strip())
    status = "present"
    party = None
    roles = []
    name_part = entry
    paren_at = entry.find("(")
    if paren_at >= 0:
        name_part = entry[:paren_at]
        for content in _PAREN_CONTENT_RE.findall(entry[paren_at:]):
            what, value = _classify_paren(content)
            if what == "party" and party is None:
                party = value
            elif what == "absent":
                status = "absent"
            elif what == "substitute":
                status = "substitute"
            elif value:
                roles.append(value)
        tail = _PAREN_CONTENT_RE.sub(" ", entry[paren_at:]).strip(" ,.-–")
        if tail:
            if _ABSENT_WORDS_RE.search(tail):
                status = "absent"
            elif _SUBSTITUTE_WORDS_RE.search(tail):
                status = "substitute"
            else:
                roles.append(tail)
    else:
        # "Anna Hansen, formand" was split already; "Anna Hansen - formand"
        match = _DASH_ROLE_RE.match(entry)
        if match:
            name_part, role = match.groups()
            roles.append(role)
        if _ABSENT_WORDS_RE.search(name_part):
            status = "absent"
            name_part = _ABSENT_WORDS_RE.sub(" ", name_part)
    name = _clean_name(" ".join(name_part.split()))
    if not name or not name[0].isupper() or len(name) > 80 or not _LETTER_RE.search(name):
        return None, status
    return Person(name=name, party=party, role=", ".join(roles) or None), status


def parse_people_list(text: str) -> tuple[list[Person], list[Person], list[Person]]:
    """(participants, absent, substitutes) from a comma-separated list of people."""
    present: list[Person] = []
    absent: list[Person] = []
    substitutes: list[Person] = []
    if " ".join(text.split()).strip(" .").lower() in NOBODY:
        return present, absent, substitutes
    last: tuple[list[Person], int] | None = None
    for entry in _split_entries(text):
        if last is not None and entry.lower() in _ROLE_WORDS:
            entry = entry.lower()
        if entry[:1].islower() and last is not None and "(" not in entry:
            # "Anna Hansen (A), formand": a role after a comma belongs to the previous name.
            target, index = last
            person = target[index]
            role = entry if not person.role else f"{person.role}, {entry}"
            target[index] = Person(person.name, person.party, role)
            continue
        person, status = parse_person(entry)
        if person is None:
            continue
        if status == "absent":
            absent.append(person)
            last = (absent, len(absent) - 1)
        else:
            present.append(person)
            last = (present, len(present) - 1)
            if status == "substitute":
                substitutes.append(person)
    return present, absent, substitutes


def _person_from_match(match: re.Match) -> Person | None:
    name = _clean_name(match.group("name"))
    if not name or " " not in name and len(name) <= 3:
        return None  # initials ("KW deltager ikke") are not names we can use
    party = None
    role = None
    for group in ("par", "par2"):
        content = match.group(group)
        if content:
            what, value = _classify_paren(content)
            if what == "party":
                party = value
            elif what == "role":
                role = value
    return Person(name=name, party=party, role=role)
