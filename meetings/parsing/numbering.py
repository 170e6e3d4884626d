"""Item numbering styles (nummerering af dagsordenspunkter).

Explicit styles name themselves by a keyword or sign and are items wherever they stand:

    Punkt 3: …   Pkt. 3 …   Dagsordenspunkt 3: …   Sag nr. 41   Sag 607 …   § 31 …
    Ad 1.   Ad pkt. 2   Ad punkt 4 (…)   3 (Åben) …   3 (Lukket) …

Each style is one entry in ``NUMBERING_STYLES``: the first characters a line must start with
(a cheap check before any regex runs) and a pattern with the groups ``number``, optionally
``status`` and ``title``. A new layout's numbering is one more entry here.

Numbered lines ("3. Title", "03." over the title) are no style of their own: they are items
only where the document numbers its items that way, which parser.py decides from the
longest increasing run (items.longest_chain).

Standard library only.
"""

from __future__ import annotations

import re

_STATUS = r"lukket|åben|åbent|fortroligt|fortrolig"
_NUMBER = r"(?P<number>\d{1,4})(?![\d.,/]\d)"
_TAIL = (
    rf"\s*(?:[(\[](?P<status>{_STATUS})[)\]])?"
    r"\s*(?P<sep>[:.)\-–]\s*)?(?P<title>.*)$"
)

# (name, first characters, pattern). Patterns are matched case-insensitively.
NUMBERING_STYLES: tuple[tuple[str, str, str], ...] = (
    ("punkt", "PpDd", rf"^(?:punkt|pkt\.?|dagsordens?punkt)(?:\s*nr\.?)?\s*{_NUMBER}{_TAIL}"),
    ("sag", "Ss", rf"^sag(?:\s*nr\.?)?\s*{_NUMBER}(?=\s|$|:){_TAIL}"),
    ("paragraph", "§", rf"^§\s*{_NUMBER}{_TAIL}"),
    ("ad", "Aa", rf"^ad\s+(?:pkt\.?\s*|punkt\s+)?{_NUMBER}\.?\s*(?:\([^)]*\)\s*)?{_TAIL}"),
    (
        "status",
        "0123456789",
        rf"^{_NUMBER}\s*[(\[](?P<status>{_STATUS})[)\]]\s*(?P<sep>[:.\-–]\s*)?(?P<title>.*)$",
    ),
)

_BY_FIRST: dict[str, list[tuple[str, re.Pattern]]] = {}
for _name, _firsts, _pattern in NUMBERING_STYLES:
    _compiled = re.compile(_pattern, re.IGNORECASE)
    for _ch in _firsts:
        _BY_FIRST.setdefault(_ch, []).append((_name, _compiled))

FIRST_CHARS = frozenset(_BY_FIRST)


def match_explicit(line: str) -> tuple[str, re.Match] | None:
    """(style name, match) when ``line`` starts with an explicit item number."""
    styles = _BY_FIRST.get(line[:1])
    if not styles:
        return None
    for name, pattern in styles:
        match = pattern.match(line)
        if match:
            return name, match
    return None
