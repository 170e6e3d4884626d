"""Participants (mødedeltagere), absentees (afbud, fraværende) and substitutes
(stedfortrædere) with party letter and role.

Standard library only.
"""

from __future__ import annotations

import re

from .records import Person

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
    if ")" in text or any(ch.isupper() for ch in text[1:]):
        text = _RUN_TOGETHER_RE.sub(lambda m: ")," if m.group(0) == ")" else ", ", text)
    text = _pairs(text)
    entries = []
    depth = 0
    current = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            entries.append("".join(current))
            current = []
            continue
        current.append(ch)
    entries.append("".join(current))
    out = []
    for entry in entries:
        entry = entry.strip(" .\t")
        if not entry:
            continue
        # "Anna Hansen (A) og Bo Jensen (V)"
        parts = re.split(r"\s+(?:og|samt)\s+(?=[A-ZÆØÅ])", entry)
        out.extend(part.strip() for part in parts if part.strip())
    return out


def parse_person(entry: str) -> tuple[Person | None, str]:
    """A Person from "Name (P) (rolle) (Afbud)" and its status: present/absent/substitute."""
    entry = re.sub(r"^[-•*–▪·◦]\s*", "", entry.strip())
    status = "present"
    party = None
    roles = []
    name_part = entry
    paren_at = entry.find("(")
    if paren_at >= 0:
        name_part = entry[:paren_at]
        for content in re.findall(r"\(([^()]*)\)", entry[paren_at:]):
            what, value = _classify_paren(content)
            if what == "party" and party is None:
                party = value
            elif what == "absent":
                status = "absent"
            elif what == "substitute":
                status = "substitute"
            elif value:
                roles.append(value)
        tail = re.sub(r"\([^()]*\)", " ", entry[paren_at:]).strip(" ,.-–")
        if tail:
            if _ABSENT_WORDS_RE.search(tail):
                status = "absent"
            elif _SUBSTITUTE_WORDS_RE.search(tail):
                status = "substitute"
            else:
                roles.append(tail)
    else:
        # "Anna Hansen, formand" was split already; "Anna Hansen - formand"
        match = re.match(r"^(.*?)\s+[-–]\s+(.+)$", entry)
        if match:
            name_part, role = match.groups()
            roles.append(role)
        if _ABSENT_WORDS_RE.search(name_part):
            status = "absent"
            name_part = _ABSENT_WORDS_RE.sub(" ", name_part)
    name = _clean_name(" ".join(name_part.split()))
    if not name or not name[0].isupper() or len(name) > 80 or not re.search(r"[^\W\d_]", name):
        return None, status
    return Person(name=name, party=party, role=", ".join(roles) or None), status


def parse_people_list(text: str) -> tuple[list[Person], list[Person], list[Person]]:
    """(participants, absent, substitutes) from a comma-separated list of people."""
    present: list[Person] = []
    absent: list[Person] = []
    substitutes: list[Person] = []
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
    low = line.lower()
    if not any(w in low for w in _TRIGGERS):
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


_SENTENCE_WORDS_RE = re.compile(
    r"\s(?:var|deltog|deltager|havde|har|er|blev|medvirkede|forlod|mødte)\s|\.\s+[A-ZÆØÅ]"
)
_NAME_WORD_RE = re.compile(r"^[A-ZÆØÅÉÜÖÄ][\w'’.\-]*$")


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
        match = re.search(r"\(([A-ZÆØÅ]{1,3})\)", cell)
        if match:
            party = match.group(1)
    person, _status = parse_person(name)
    if person is None:
        return None, status
    return Person(name=person.name, party=party or person.party, role=person.role), status
