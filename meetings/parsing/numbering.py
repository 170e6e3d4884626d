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

# (name, first characters, a cheap test on the first 12 characters in lower case, pattern).
# Patterns are matched case-insensitively, and only on lines that pass the cheap test.
NUMBERING_STYLES: tuple[tuple[str, str, object, str], ...] = (
    (
        "punkt",
        "PpDd",
        lambda head: head.startswith(("punkt", "pkt", "dagsorden")),
        rf"^(?:punkt|pkt\.?|dagsordens?punkt)(?:\s*nr\.?)?\s*{_NUMBER}{_TAIL}",
    ),
    (
        "sag",
        "Ss",
        lambda head: head.startswith(("sag ", "sag.", "sag\t", "sagnr", "sag nr")),
        rf"^sag(?:\s*nr\.?)?\s*{_NUMBER}(?=\s|$|:){_TAIL}",
    ),
    ("paragraph", "§", lambda head: True, rf"^§\s*{_NUMBER}{_TAIL}"),
    (
        "ad",
        "Aa",
        lambda head: head.startswith("ad "),
        rf"^ad\s+(?:pkt\.?\s*|punkt\s+)?{_NUMBER}\.?\s*(?:\([^)]*\)\s*)?{_TAIL}",
    ),
    (
        "status",
        "0123456789",
        lambda head: "(" in head or "[" in head,
        rf"^{_NUMBER}\s*[(\[](?P<status>{_STATUS})[)\]]\s*(?P<sep>[:.\-–]\s*)?(?P<title>.*)$",
    ),
)

_BY_FIRST: dict[str, list[tuple[str, object, re.Pattern]]] = {}
for _name, _firsts, _test, _pattern in NUMBERING_STYLES:
    _compiled = re.compile(_pattern, re.IGNORECASE)
    for _ch in _firsts:
        _BY_FIRST.setdefault(_ch, []).append((_name, _test, _compiled))

FIRST_CHARS = frozenset(_BY_FIRST)


def match_explicit(line: str) -> tuple[str, re.Match] | None:
    """(style name, match) when ``line`` starts with an explicit item number."""
    styles = _BY_FIRST.get(line[:1])
    if not styles:
        return None
    head = line[:12].lower()
    for name, test, pattern in styles:
        if not test(head):
            continue
        match = pattern.match(line)
        if match:
            return name, match
    return None
