"""Links from "Tidligere behandling" and "Sagens forløb" lines (sagshistorik) to the meetings
they name, when those meetings are in the archive.

A line links when it holds a date and either names one of the municipality's bodies or the
municipality had exactly one meeting that day; "punkt N" in the line links the item.
"""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from ..models import AgendaItem, Body, Meeting, SectionKind
from .richtext import MONTHS

HISTORY_HEADING_RE = re.compile(r"tidligere\s+behandl|sagens\s+forløb|forløb|historik", re.I)
_LONG_DATE_RE = re.compile(
    r"(?<!\d)(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})(?!\d)", re.IGNORECASE
)
_NUMERIC_DATE_RE = re.compile(r"(?<![\d.])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?![\d.])")
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ITEM_RE = re.compile(r"\b(?:punkt|pkt\.?)\s*(\d{1,3})\b", re.IGNORECASE)


def is_history(section) -> bool:
    return section.kind == SectionKind.HISTORY or bool(HISTORY_HEADING_RE.search(section.heading))


def find_date(line: str) -> dt.date | None:
    try:
        if match := _LONG_DATE_RE.search(line):
            day, month, year = match.groups()
            return dt.date(int(year), MONTHS.index(month.lower()) + 1, int(day))
        if match := _ISO_DATE_RE.search(line):
            return dt.date(*(int(g) for g in match.groups()))
        if match := _NUMERIC_DATE_RE.search(line):
            day, month, year = match.groups()
            return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return None


def body_names(body: Body) -> set[str]:
    """How a line may name a body: "Aarhus Byråd" also as "Byråd" (so "Byrådet" matches),
    "Økonomiudvalget" also as "Økonomiudvalg" (so "Økonomiudvalgets" matches)."""
    name = body.name.casefold()
    names = {name}
    prefix = body.municipality.short_name.casefold() + " "
    if name.startswith(prefix) and len(name) > len(prefix) + 3:
        names.add(name[len(prefix) :])
    for article in ("et", "en"):
        for n in list(names):
            if n.endswith(article) and len(n) > 6:
                names.add(n[: -len(article)])
    return names


def history_links(item: AgendaItem, sections: list) -> dict[str, str]:
    """{line (stripped): URL} for the history lines of these sections that name a meeting in
    the archive (not this item's own meeting). At most three queries, none without dates."""
    wanted: list[tuple[str, dt.date, int | None]] = []
    for section in sections:
        if not is_history(section):
            continue
        for line in (section.text or "").splitlines():
            line = line.strip()
            date = find_date(line) if line else None
            if date is not None:
                number = _ITEM_RE.search(line)
                wanted.append((line, date, int(number.group(1)) if number else None))
    if not wanted:
        return {}
    municipality_id = item.municipality_id
    bodies = list(
        Body.objects.filter(municipality_id=municipality_id)
        .only("pk", "name", "municipality__short_name")
        .select_related("municipality")
    )
    meetings = list(
        Meeting.objects.filter(
            body__municipality_id=municipality_id, date__in={d for _, d, _ in wanted}
        )
        .exclude(pk=item.meeting_id)
        .select_related("body__municipality")
        .only("pk", "date", "body__slug", "body__name", "body__municipality__slug")
    )
    if not meetings:
        return {}
    chosen: dict[str, tuple[Meeting, int | None]] = {}
    for line, date, number in wanted:
        that_day = [m for m in meetings if m.date == date]
        folded = line.casefold()
        named = [b.pk for b in bodies if any(n in folded for n in body_names(b))]
        matches = [m for m in that_day if m.body_id in named] if named else that_day
        if len(matches) == 1:
            chosen[line] = (matches[0], number)
    numbered = {(m.pk, n) for m, n in chosen.values() if n is not None}
    items = {}
    if numbered:
        items = {
            (meeting_id, number): pk
            for pk, meeting_id, number in AgendaItem.objects.filter(
                meeting_id__in={m for m, _ in numbered}, number__in={n for _, n in numbered}
            ).values_list("pk", "meeting_id", "number")
        }
    links = {}
    for line, (meeting, number) in chosen.items():
        item_pk = items.get((meeting.pk, number))
        links[line] = (
            reverse("meetings:item", kwargs={"pk": item_pk})
            if item_pk
            else meeting.get_absolute_url()
        )
    return links
