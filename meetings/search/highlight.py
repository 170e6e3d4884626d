"""Highlighting (fremhævning): titles and snippets as escaped HTML with the matched words in
<mark>, built in Python on both databases: a word is marked when its Snowball stem is searched
for (or begins with a searched prefix), as PostgreSQL's and SQLite's indexes match it. The
text is escaped piece by piece; only the <mark> tags are added, so "<script>" in a text is
shown as text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import STOP_WORDS, stem

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=256)
def _prefix_pattern(stems: frozenset[str]) -> re.Pattern:
    """Words that start with one of the stems (a stem is a prefix of its lower-case word)."""
    alternatives = "|".join(sorted((re.escape(s) for s in stems), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def _matches(text: str, stems: frozenset[str], prefixes: frozenset[str] = frozenset()):
    """The words in the text whose stem is searched for (or begins with a searched prefix)."""
    if not stems and not prefixes:
        return []
    found = []
    for match in _prefix_pattern(stems | prefixes).finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS:
            continue
        word_stem = stem(word)
        if word_stem in stems or any(word_stem.startswith(p) for p in prefixes):
            found.append(match)
    return found


def _marked_text(text: str, matches: list[re.Match], start: int, end: int) -> str:
    out, last = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:end]))
    return "".join(out)


def highlight_all(
    text: str, stems: frozenset[str], prefixes: frozenset[str] = frozenset()
) -> SafeString:
    """The whole text, escaped, with every word whose stem is searched for in <mark>."""
    return mark_safe(_marked_text(text, _matches(text, stems, prefixes), 0, len(text)))


def highlight_snippet(
    text: str, stems: frozenset[str], chars: int = 220, prefixes: frozenset[str] = frozenset()
) -> SafeString:
    """About ``chars`` characters around the densest run of matches, cut at word boundaries,
    escaped, the matches in <mark>. Without matches: the start of the text."""
    if not text:
        return mark_safe("")
    matches = _matches(text, stems, prefixes)[:200]
    start = 0
    if matches:
        best = max(
            matches,
            key=lambda m: sum(1 for o in matches if m.start() <= o.start() < m.start() + chars),
        )
        start = max(0, best.start() - 40)
        if start:  # begin at the next word
            space = _SPACE.search(text, start, best.start())
            start = space.end() if space else best.start()
    end = min(len(text), start + chars)
    if end < len(text):  # finish the word
        space = _SPACE.search(text, end)
        end = space.start() if space else len(text)
    body = " ".join(_marked_text(text, matches, start, end).split())
    return mark_safe(("… " if start else "") + body + (" …" if end < len(text) else ""))
