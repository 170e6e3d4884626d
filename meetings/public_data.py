"""What the reuse channels may publish (offentlige data): feeds, calendars, the OParl API and
the bulk export all ask this one module, so none of them can forget the closed rule.

Closed agenda items (lukkede punkter) are published with their number and title only: never
their decision, sections, attachments or case numbers. A source document (kildedokument) is
published as a file only while none of its meetings has a closed item and it still backs at
least one meeting (a superseded document may hold a text that had one).
"""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, QuerySet

from .models import AgendaItem, CaseScheme, ItemCaseNumber, Meeting, SourceDocument

DECISION_START_CHARS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def open_items(queryset: QuerySet[AgendaItem] | None = None) -> QuerySet[AgendaItem]:
    """Items whose content the public may read (not Lukket)."""
    queryset = AgendaItem.objects.all() if queryset is None else queryset
    return queryset.filter(closed=False)


def decision(item: AgendaItem) -> str:
    """The item's decision (beslutning), or "" for a closed item."""
    return "" if item.closed else (item.decision or "")


def decision_start(item: AgendaItem, limit: int = DECISION_START_CHARS) -> str:
    """The start of the decision, cut at a word boundary; "" for a closed item."""
    text = " ".join(decision(item).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def decision_result(item: AgendaItem, limit: int = 200) -> str:
    """The decision's first sentence (used as OParl's ``result``); "" for a closed item."""
    text = " ".join(decision(item).split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + " …"


def case_links(
    queryset: QuerySet[ItemCaseNumber] | None = None, *, kle: bool = False
) -> QuerySet[ItemCaseNumber]:
    """Links between open items and case numbers; KLE topics (subjects, not cases) only when
    ``kle`` is true."""
    queryset = ItemCaseNumber.objects.all() if queryset is None else queryset
    queryset = queryset.filter(item__closed=False)
    return queryset if kle else queryset.exclude(case_number__scheme=CaseScheme.KLE)


def open_items_links() -> QuerySet[ItemCaseNumber]:
    """Links of open items to any case number, KLE included (callers that exclude KLE on the
    case number itself need no second join)."""
    return ItemCaseNumber.objects.filter(item__closed=False)


def public_sources(
    queryset: QuerySet[SourceDocument] | None = None,
) -> QuerySet[SourceDocument]:
    """Source documents that back a meeting and none of whose meetings has a closed item."""
    queryset = SourceDocument.objects.all() if queryset is None else queryset
    closed = AgendaItem.objects.filter(meeting__source=OuterRef("pk"), closed=True)
    backs = Meeting.objects.filter(source=OuterRef("pk"))
    return queryset.filter(Exists(backs)).exclude(Exists(closed))
