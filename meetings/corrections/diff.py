"""A word-level diff of two texts as escaped HTML (ordforskel): ``<del>`` and ``<ins>``.

Used to show a clerk how a correction and a newer text differ. Every piece of text is
escaped; only the ``<ins>``/``<del>`` tags (and the ``…`` that stands for a long unchanged
stretch) are markup. Standard library plus Django's ``escape``.
"""

from __future__ import annotations

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .normalise import normalise_text

# A word with the punctuation and spaces that follow it: whitespace alone never matches.
_TOKEN = re.compile(r"\s+|[^\s]+\s*")
# Unchanged stretches longer than this many tokens are shortened to their ends.
_KEEP = 24


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise_text(text or ""))


def _unchanged(tokens: list[str], first: bool, last: bool) -> str:
    if len(tokens) <= 2 * _KEEP + 5:
        return escape("".join(tokens))
    head = "" if first else "".join(tokens[:_KEEP])
    tail = "" if last else "".join(tokens[-_KEEP:])
    return escape(head) + '<span class="diff-skip"> … </span>' + escape(tail)


def _marked(tag: str, text: str, tail: str | None = None) -> str:
    """``text`` in ``<tag>``, its trailing spaces after the tag (or ``tail`` instead)."""
    body = text.rstrip()
    after = text[len(body) :] if tail is None else tail
    return f"<{tag}>{escape(body)}</{tag}>{escape(after)}"


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` word by word: removed words in ``<del>``, added ones in ``<ins>``."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    parts: list[str] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(_unchanged(a[i1:i2], index == 0, index == len(opcodes) - 1))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if removed:
            # Before an insertion the removed words' own line break would be doubled.
            parts.append(_marked("del", removed, " " if added else None))
        if added:
            parts.append(_marked("ins", added))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def changed_words(old: str, new: str) -> tuple[int, int]:
    """How many words were removed and added going from ``old`` to ``new``."""
    a, b = _tokens(old), _tokens(new)
    removed = added = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += sum(1 for t in a[i1:i2] if not t.isspace())
            added += sum(1 for t in b[j1:j2] if not t.isspace())
    return removed, added
