"""Case, journal and document numbers (sagsnr., j.nr., dokumentnr.).

Schemes: ``esdh`` (20/030692, 20/057417-5, 326-2015-4892), ``kle`` (00.01.00,
00.01.00-P35-301-20) and ``document`` (a number labelled Dokumentnr., or a bare number
listed under Bilag).

Standard library only.
"""

from __future__ import annotations

import re

from .records import CaseRef

# ESDH numbers: 20/030692, 326-2015-4892, eDoc 2020-0038814, the regions' 1-01-72-4-20.
ESDH_PATTERN = (
    r"(?:\d{2}/\d{3,8}(?:-\d{1,4})?|\d{3}-\d{4}-\d{1,8}|[A-Z]{1,3}\d{2}-\d{4,8}"
    r"|(?:19|20)\d{2}-\d{6,8}|\d-\d{2}-\d{1,3}-\d{1,3}-\d{2})"
)
KLE_PATTERN = r"(?:\d{2}\.\d{2}\.\d{2}(?:-[A-ZÆØÅ]\d{2}(?:-\d{1,6}-\d{2,4})?)?)"

ESDH_RE = re.compile(ESDH_PATTERN)
KLE_RE = re.compile(KLE_PATTERN)
_ANY_FULL_RE = re.compile(rf"(?:{KLE_PATTERN}|{ESDH_PATTERN})")

# A line that is one case number and nothing else (maybe in brackets or after a bullet).
# "TMLAKR / 19/31540": the case officer's initials before the number.
BARE_RE = re.compile(
    rf"^(?:[A-ZÆØÅ]{{2,8}}\s*/\s*)?[\[(]?\s*(?P<value>{KLE_PATTERN}|{ESDH_PATTERN})\s*[\])]?$"
)

_LABEL = (
    r"(?P<label>sagsnummer|sagsnr|sags\s+nr|sag\s+nr|sagsid|sags-id|journalnummer|journalnr"
    r"|j\s?\.\s?nr|jour\.\s?nr|jnr|dokumentnummer|dokumentnr|dokument\s+nr|dok\s?\.\s?nr"
    r"|dok\.?nr|sagnr|sag(?=\s*:))"
)
# The lookahead (every label starts with s, j or d) lets the scan pass other characters
# without trying each label.
LABELLED_RE = re.compile(
    r"(?=[sjd])" + _LABEL + r"\.?\s*(?::\s*|\s+)(?P<value>[A-ZÆØÅ]{0,3}\d[\w./\-]*\w)",
    re.IGNORECASE,
)
# A line that starts with a case-number label.
LABEL_START_RE = re.compile(r"^" + _LABEL + r"\.?\s*(?::|\s+\w*\d)", re.IGNORECASE)


def scheme_for(value: str, label: str | None = None) -> str | None:
    """The scheme of ``value`` (None when it is not a case number at all)."""
    is_kle = KLE_RE.fullmatch(value) is not None
    is_esdh = ESDH_RE.fullmatch(value) is not None
    if label is not None:
        low = label.lower()
        if low.startswith("dok"):
            return (
                "document" if (is_kle or is_esdh or sum(c.isdigit() for c in value) >= 4) else None
            )
        if is_kle:
            return "kle"
        if is_esdh or sum(c.isdigit() for c in value) >= 4:
            return "esdh"
        return None
    if is_kle:
        return "kle"
    if is_esdh:
        return "esdh"
    return None


# Every label's first character (labelled() returns None for a line starting otherwise).
LABEL_FIRST = _LABEL_FIRST = frozenset("SsJjDd")
# Every label's second character: sag…, dok…, jour…, jnr, j.nr, j nr.
_LABEL_SECOND = frozenset("AaOoNn.")


def labelled(line: str) -> list[CaseRef] | None:
    """Case numbers from a line that starts with a label ("Sagsnr.: … J.nr.: …"), else None."""
    if line[0] not in _LABEL_FIRST:
        return None
    second = line[1:2]
    if second not in _LABEL_SECOND and not second.isspace() or not LABEL_START_RE.match(line):
        return None
    refs = []
    for match in LABELLED_RE.finditer(line):
        value = match.group("value").rstrip(".")
        scheme = scheme_for(value, match.group("label"))
        if scheme is not None:
            refs.append(CaseRef(value=value, scheme=scheme))
    return refs or None


def bare(line: str, in_attachments: bool = False) -> CaseRef | None:
    """A line that is nothing but a case number."""
    if len(line) > 40 or not line[:1].isdigit() and line[:1] not in "[(ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        return None
    last = line[-1:]
    if not (last.isdigit() or last in ")]" or last.isspace()):
        return None  # every scheme ends in a digit, maybe in brackets
    match = BARE_RE.match(line)
    if not match:
        return None
    value = match.group("value")
    scheme = scheme_for(value)
    if scheme is None:
        return None
    if in_attachments and scheme == "esdh":
        scheme = "document"
    return CaseRef(value=value, scheme=scheme)


_BRACKETED_RE = re.compile(
    rf"\s*[\[(]\s*(?:(?:sagsnr|sag|j\.\s?nr)\.?:?\s*)?(?P<values>(?:{KLE_PATTERN}|{ESDH_PATTERN})"
    rf"(?:\s*[,;]\s*(?:{KLE_PATTERN}|{ESDH_PATTERN}))*)\s*[\])]",
    re.IGNORECASE,
)
_VALUE_SEPARATOR_RE = re.compile(r"\s*[,;]\s*")
_TRAILING_LABELLED_RE = re.compile(
    rf"\s*[-–,]?\s*(?:sagsnr|sags nr|sag nr)\.?:?\s*(?P<values>{KLE_PATTERN}|{ESDH_PATTERN})\s*$",
    re.IGNORECASE,
)


def from_title(title: str) -> tuple[str, list[CaseRef]]:
    """Remove case numbers written in brackets (or "Sagsnr. …" at the end) from a title."""
    refs: list[CaseRef] = []
    if "/" not in title and "." not in title and "-" not in title:
        return title, refs

    def take(match: re.Match) -> str:
        for value in _VALUE_SEPARATOR_RE.split(match.group("values")):
            scheme = scheme_for(value)
            if scheme:
                refs.append(CaseRef(value=value, scheme=scheme))
        return ""

    title = _BRACKETED_RE.sub(take, title)
    title = _TRAILING_LABELLED_RE.sub(take, title)
    return title.strip(), refs


# A table row of labels only ("Sagsnr. Dok.nr. Sagsbeh."): the values are on the next line.
LABEL_ROW_RE = re.compile(
    r"^(?:(?:sagsnr|sagsnummer|dok\.?\s?nr|dokumentnr|j\.\s?nr|sagsbeh|sagsbehandler)\.?:?\s*){2,}$",
    re.IGNORECASE,
)
_ROW_VALUE_RE = re.compile(rf"^(?:{KLE_PATTERN}|{ESDH_PATTERN}|\d{{3,8}}-\d{{2}})$")


def row_values(line: str) -> list[CaseRef]:
    """The numbers in the value row under a LABEL_ROW_RE row."""
    refs = []
    for token in line.split():
        if _ROW_VALUE_RE.match(token):
            refs.append(CaseRef(value=token, scheme=scheme_for(token) or "document"))
    return refs
