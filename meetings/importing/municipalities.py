"""Which municipality (kommune) a text belongs to: by the name or code a person gives, by the
name the text carries, or by the kommunekode its ESDH case numbers begin with."""

from __future__ import annotations

import re

from ..models import CaseScheme, Municipality, danish_slug
from ..parsing.records import ParsedDocument
from .reads import municipality_by_code, municipality_by_name
from .results import ImportFailed

_MUNICIPAL_CASE = re.compile(r"^(\d{3})-\d{4}-\d+")


def resolve_municipality(name_or_code: str | int) -> Municipality:
    """A municipality by code ("326", "0326"), name ("Kalundborg Kommune"), short name
    ("Kalundborg", "Århus") or slug ("aarhus"). Raises ImportFailed when none matches."""
    value = str(name_or_code).strip()
    if not value:
        raise ImportFailed("Angiv en kommune (navn eller kommunekode).")
    found = find_municipality(value)
    if found is None:
        raise ImportFailed(
            f"Kommunen »{value}« findes ikke. Angiv kommunens navn (fx »Kalundborg« eller "
            "»Kalundborg Kommune«) eller kommunekode (fx 326)."
        )
    return found


_ALIASES = {"århus": "aarhus", "åbenrå": "aabenraa", "københavn": "koebenhavn"}


def find_municipality(value: str) -> Municipality | None:
    if value.isdigit():
        return municipality_by_code(int(value))
    lowered = value.lower()
    for suffix in (" kommune", " kommunes", " regionskommune"):
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)].strip()
            break
    slug = danish_slug(_ALIASES.get(lowered, lowered))
    # name iexact value, short name iexact lowered, or either slug; the lowest code first.
    return municipality_by_name(value, lowered, (slug, danish_slug(value)))


def municipality_from_case_numbers(parsed: ParsedDocument) -> tuple[Municipality, str, int] | None:
    """The municipality whose kommunekode prefixes the ESDH case numbers ("326-2015-4892")."""
    seen: dict[int, tuple[str, int]] = {}
    for meeting in parsed.meetings:
        for item in meeting.items:
            for case in item.case_numbers:
                match = _MUNICIPAL_CASE.match(case.value)
                if match and case.scheme in (CaseScheme.ESDH, CaseScheme.DOCUMENT):
                    seen.setdefault(int(match.group(1)), (case.value, item.line))
    if not seen:
        return None
    found = {m.code: m for m in Municipality.objects.filter(code__in=seen)}
    if len(found) != 1:
        return None
    code, municipality = next(iter(found.items()))
    value, line = seen[code]
    return municipality, value, line
