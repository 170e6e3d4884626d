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

_NAMES = sorted({name for name in _BY_SHORT}, key=len, reverse=True)
_NAME_ALT = "|".join(re.escape(name) for name in _NAMES)

MUNICIPALITY_RE = re.compile(
    rf"(?<![\w\-])(?P<name>{_NAME_ALT})s?\s+(?:kommunes?|regionskommunes?|rådhus|byråd"
    rf"|kommunalbestyrelse|byrådssal)(?![\w\-])",
    re.IGNORECASE,
)
_CUE_RE = re.compile(r"ommune|ådhus|yråd|bestyrelse", re.IGNORECASE)


def detect_municipality(text: str) -> str | None:
    """The official name of the municipality named most often (earliest on a tie)."""
    if not _CUE_RE.search(text):
        return None
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for match in MUNICIPALITY_RE.finditer(text):
        name = match.group("name")
        if not name[:1].isupper():
            continue
        official = _BY_SHORT[name.lower()]
        counts[official] = counts.get(official, 0) + 1
        first.setdefault(official, match.start())
    if not counts:
        return None
    return min(counts, key=lambda official: (-counts[official], first[official]))
