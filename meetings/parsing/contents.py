"""Contents lists (indholdsfortegnelse, dagsorden, sagsoversigt) as evidence for item titles.

A contents list never yields items itself; its entries give an item its title where the
heading has none or only a remark ("Ad 1." followed by the minutes, "Ad 6. Evt.").

Entry shapes: "1. Title", "1 Title", "Pkt. 1 Title", "§ 31 ØK Title ..... 2",
"1 (Åben) Title ..... 3", and "01." / "15" alone with the title on the next line (a table
flattened one cell per line), titles wrapped over two lines before their dot leaders.

Standard library only.
"""

from __future__ import annotations

import re

_ENTRY_RE = re.compile(
    r"^(?:pkt\.?\s*|punkt\s+|§\s*|sag(?:\s+nr\.?)?\s+)?0?(?P<number>\d{1,3})\.?"
    r"(?:\s*[(\[](?:åben|åbent|lukket)[)\]])?\s+(?P<title>[^\d\s].*)$",
    re.IGNORECASE,
)
_ALONE_RE = re.compile(r"^0?(?P<number>\d{1,3})\.?$")
_LEADER_RE = re.compile(r"\s*(?:\.{2,}|…+)[\s.…]*\d{0,4}\s*$")
_PAGE_RE = re.compile(r"\s+\d{1,3}$")


def _clean(title: str) -> tuple[str, bool]:
    """(title without dot leaders and page number, whether it had a leader)."""
    match = _LEADER_RE.search(title)
    if match:
        return title[: match.start()].strip(), True
    return title.strip(), False


def titles(lines: list[str], indexes: list[int]) -> dict[int, str]:
    """number -> title from the contents lines among ``indexes`` (header lines)."""
    out: dict[int, str] = {}
    count = len(indexes)
    k = 0
    while k < count:
        s = lines[indexes[k]]
        k += 1
        if not s or not (s[0].isdigit() or s[0] in "PpSs§"):
            continue
        match = _ENTRY_RE.match(s)
        title = None
        if match:
            number = int(match.group("number"))
            title, leader = _clean(match.group("title"))
            if not leader and _PAGE_RE.search(title) and len(title) > 10:
                title = _PAGE_RE.sub("", title)
        else:
            alone = _ALONE_RE.match(s)
            if not alone:
                continue
            number = int(alone.group("number"))
            while k < count and not lines[indexes[k]]:
                k += 1
            if k >= count:
                break
            nxt = lines[indexes[k]]
            if not nxt or nxt[0].isdigit():
                continue
            k += 1
            title, leader = _clean(nxt)
            if not leader and k < count and lines[indexes[k]]:
                after = lines[indexes[k]]
                if not after[0].isdigit() and _LEADER_RE.search(after):
                    title = f"{title} {_clean(after)[0]}".strip()
                    k += 1
        if title and number not in out:
            out[number] = title
    return out
