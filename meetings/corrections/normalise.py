"""The normalisation a correction is compared after (normalisering).

A browser sends a textarea back with ``\\r\\n`` line endings, may turn spaces into NBSP and
leaves trailing spaces; none of that is a change a person meant. Values are compared after
the same clean-up the parser applies to minutes text (meetings/parsing/text.py): unified line
endings, Unicode NFC, odd spaces (NBSP, thin spaces …) as spaces, zero-width characters and
soft hyphens removed, runs of spaces collapsed, trailing spaces and surplus blank lines
dropped. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters the parser deletes: controls, soft hyphen, zero-width marks, BOM.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200f\u2060-\u2063\ufeff\ufffe]"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\x0c|\u2028|\u2029|\x85")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalise_text(value: str) -> str:
    """A text as the parser would have written it: what a correction is compared by."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = _INVISIBLE.sub("", text)
    lines = [" ".join(line.split()) for line in _LINE_BREAK.split(text)]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


def normalise_value(value):
    """``normalise_text`` applied to every string in a (JSON-like) value."""
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, (list, tuple)):
        return [normalise_value(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise_value(v) for k, v in value.items()}
    return value


def same(a, b) -> bool:
    """Whether two values are equal once normalised (no correction between them)."""
    if a == b:
        return True
    return normalise_value(a) == normalise_value(b)
