"""Warnings for clerks, in plain Danish, and the per-parse document state.

Standard library only.
"""

from __future__ import annotations

from .records import ParseWarning
from .text import Normalised

# Warnings are shown to clerks in the upload preview: plain Danish, with the line's text.
_QUOTE_LIMIT = 80


def _quote(s: str, limit: int = _QUOTE_LIMIT) -> str:
    """»text«, cut to limit characters (with …) so a long line does not fill the preview."""
    s = " ".join(s.split())
    if len(s) > limit:
        s = s[:limit].rstrip() + "…"
    return f"»{s}«"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


_NO_MEETING = (
    "Ingen møder fundet i teksten. Tjek at filen er en dagsorden eller et referat med "
    "udvalgets navn og mødedato øverst."
)


def _bad_date(line: str) -> str:
    return (
        f"Kunne ikke læse datoen i {_quote(line)}. Tjek at datoen er skrevet rigtigt "
        "(fx »13. oktober 2021« eller »13-10-2021«)."
    )


def _parser_error(exc: Exception) -> str:
    return (
        f"Parserfejl: {type(exc).__name__}: {exc}. Teksten kunne ikke læses, og intet er indlæst."
    )


class _Doc:
    def __init__(self, norm: Normalised) -> None:
        self.lines = norm.lines
        self.nos = norm.linenos
        self.md = norm.md
        self.warnings: list[ParseWarning] = []
        self.lead = None  # the header of a title without date just above a meeting

    def warn(self, index: int, message: str) -> None:
        line = self.nos[index] if 0 <= index < len(self.nos) else 1
        self.warnings.append(ParseWarning(line=line, message=message))
