"""Links (henvisninger) to the archive's own pages, built without a full ``reverse()`` each.

A list page links every row to its item, meeting and body: a search page builds about forty
such URLs, and Django's ``reverse()`` resolves the pattern anew each time (~40 µs). Here each
pattern is reversed once per URL name, script prefix and URLconf, with placeholder values,
and later links fill the placeholders in. Only values that ``reverse()`` would put into the
URL unchanged take that road: integers, and slugs of ASCII letters, digits, ``-`` and ``_``.
Anything else (a case number with a slash, a slug with other characters) goes through
``reverse()`` as before, so a link is always exactly what ``reverse()`` would give.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse

_PLAIN = re.compile(r"[-A-Za-z0-9_]+\Z")
# Digits only, so an <int:…> as well as a <slug:…> converter accepts them; long enough that
# no other part of a URL holds them.
_PLACEHOLDER = "8647093518{}"


@lru_cache(maxsize=128)
def _pattern(name: str, names: tuple[str, ...], prefix: str, urlconf) -> tuple[str, ...] | None:
    """The URL of ``name`` split around its placeholders: literal, value name, literal, …"""
    placeholders = {key: _PLACEHOLDER.format(i) for i, key in enumerate(names)}
    url = reverse(name, kwargs=placeholders, urlconf=urlconf)
    parts: list[str] = []
    rest = url
    while rest:
        found = [(rest.find(mark), key) for key, mark in placeholders.items() if mark in rest]
        if not found:
            parts.append(rest)
            break
        at, key = min(found)
        parts.extend((rest[:at], key))
        rest = rest[at + len(placeholders[key]) :]
    # Every placeholder exactly once, else fall back to reverse() for this name.
    return tuple(parts) if sorted(parts[1::2]) == sorted(names) else None


def link(name: str, **values) -> str:
    """``reverse(name, kwargs=values)``, fast for integers and plain slugs."""
    texts = {key: str(value) for key, value in values.items()}
    pattern = None
    if all(_PLAIN.match(t) and not t.startswith("-") for t in texts.values()):
        pattern = _pattern(name, tuple(sorted(texts)), get_script_prefix(), get_urlconf())
    if pattern is None:
        return reverse(name, kwargs=values)
    return "".join(part if i % 2 == 0 else texts[part] for i, part in enumerate(pattern))
