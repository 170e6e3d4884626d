"""Recognise the municipality (kommune) a minutes text names.

Only what the text states counts: "Aarhus Kommune", "Aarhus Kommunes", "Ballerup Rådhus",
"Aarhus Byråd", "Københavns Kommune", "Bornholms Regionskommune". Nothing is inferred from
case-number prefixes (the importer does that with the kommunekode).

Standard library only.
"""

from __future__ import annotations

import re

from .kommuner import MUNICIPALITIES

# Short name (and spelling variants) -> official name.
_BY_SHORT: dict[str, str] = {}
for _code, _official, _short, _region in MUNICIPALITIES:
    _BY_SHORT[_short.lower()] = _official
    _BY_SHORT[_official.rsplit(" ", 1)[0].lower()] = _official
_BY_SHORT["århus"] = "Aarhus Kommune"
_BY_SHORT["aabenraa"] = "Aabenraa Kommune"
_BY_SHORT["åbenrå"] = "Aabenraa Kommune"
_BY_SHORT["københavn"] = "Københavns Kommune"
_BY_SHORT["bornholm"] = "Bornholms Regionskommune"

_KEYWORDS = frozenset(
    {
        "kommune",
        "kommunes",
        "regionskommune",
        "regionskommunes",
        "rådhus",
        "byråd",
        "kommunalbestyrelse",
        "byrådssal",
    }
)
_CUES = ("ommune", "ådhus", "yråd", "bestyrelse", "OMMUNE")
_WORD_END_RE = re.compile(r"[\w\-]*")
_NAME_BEFORE_RE = re.compile(r"(?<![\w\-])([A-ZÆØÅ][\w\-]*)\s+$")


def _hits(text: str):
    """(position, official name) for every "<Name> Kommune/Rådhus/Byråd" in ``text``.

    Found with str.find on a few cue strings (fast in C) rather than a regex scan."""
    seen: set[int] = set()
    for cue in _CUES:
        pos = text.find(cue)
        while pos != -1:
            start = pos
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
                start -= 1
            end = _WORD_END_RE.match(text, pos).end()
            pos = text.find(cue, pos + len(cue))
            if start in seen or text[start:end].lower() not in _KEYWORDS:
                continue
            seen.add(start)
            match = _NAME_BEFORE_RE.search(text, max(0, start - 40), start)
            if not match:
                continue
            name = match.group(1).lower()
            official = _BY_SHORT.get(name)
            if official is None and name.endswith("s"):
                official = _BY_SHORT.get(name[:-1])  # genitive: Københavns, Nordfyns
            if official is not None:
                yield match.start(), official


_REGION_RE = re.compile(r"\bRegion (?:Hovedstaden|Sjælland|Syddanmark|Midtjylland|Nordjylland)\b")


def detect_municipality(text: str) -> str | None:
    """The official name of the municipality named most often (earliest on a tie)."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for position, official in _hits(text):
        counts[official] = counts.get(official, 0) + 1
        if position < first.get(official, len(text) + 1):
            first[official] = position
    if not counts:
        # A regional council's minutes name their region ("Region Midtjylland").
        start = text.find("Region ", 0, 5000)
        match = _REGION_RE.search(text, start, 5000) if start >= 0 else None
        return match.group(0) if match else None
    return min(counts, key=lambda official: (-counts[official], first[official]))
