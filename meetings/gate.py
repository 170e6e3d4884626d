"""The one gate for closed content (lukkede punkter): what the public may see.

Every public page, snippet, count, case page, source page, feed, export and API response
asks this module (or the ``public()`` queryset methods it defines the rule for) which rows
it may show, so no view can forget the closed rule:

- ``public_items()``: the agenda items whose content the public may read (``closed`` is
  false). A closed item's title may be listed on its meeting; nothing else of it.
- ``public_case_numbers()``: case numbers (sagsnumre) used by at least one open item. A
  municipality whose only use of a case number is on closed items is never named.
- ``may_see_restricted(user, municipality)``: the document's own municipality's clerks and
  the admins; not every staff user (every clerk is staff).
- ``public_item_parts(model)``: an item's sections, attachments or case links, of open
  items only (the bulk export's tables).
- ``decision()``, ``decision_start()``, ``decision_result()``: what a feed entry or an API
  object may quote of a decision; "" for a closed item.
- ``public_sources()``: the source documents whose file the reuse channels (OParl) may hand
  out, as SQL: they back a meeting, none of its items is closed, and their original's text
  shows no closed content. The source page (meetings/pages/originals.py ``availability``)
  applies the finer per-document rule; every document this returns passes it too.
- ``may_see_restricted(user, municipality)``: the document's own municipality's clerks and
  the admins; not every staff user (every clerk is staff).
- ``source_had_closed_items(source)`` and ``source_warnings_visible(user, source)``: a
  source document's warnings quote its lines, so the public sees none of them for a
  document that ever had a closed item, including a superseded document no meeting points
  to any more (its meetings are found through their history).
"""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, QuerySet

from .models import (
    AgendaItem,
    CaseNumber,
    CaseScheme,
    ItemCaseNumber,
    Meeting,
    Municipality,
    SourceDocument,
)
from .permissions import may_manage

DECISION_START_CHARS = 300
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def public_items(queryset: QuerySet[AgendaItem] | None = None) -> QuerySet[AgendaItem]:
    """Open items only: the rows whose sections, decision, attachments and case numbers the
    public may read."""
    queryset = AgendaItem.objects.all() if queryset is None else queryset
    return queryset.public()


def item_is_public(item: AgendaItem) -> bool:
    """The same rule for one loaded item: may the public read its content?"""
    return not item.closed


def redact(items) -> list[AgendaItem]:
    """The items as a list, with closed items' content blanked in memory (decision), so a
    template listing them can only show their number and title."""
    items = list(items)
    for item in items:
        if not item_is_public(item):
            item.decision = ""
    return items


def public_case_links(
    queryset: QuerySet[ItemCaseNumber] | None = None, *, kle: bool = True
) -> QuerySet[ItemCaseNumber]:
    """Links between case numbers and open items; without KLE topics (subjects, not cases)
    when ``kle`` is false."""
    queryset = ItemCaseNumber.objects.all() if queryset is None else queryset
    queryset = queryset.filter(item__closed=False)
    return queryset if kle else queryset.exclude(case_number__scheme=CaseScheme.KLE)


def public_item_parts(model) -> QuerySet:
    """Rows of a model hanging off an item (``item`` foreign key: sections, attachments, case
    links) that belong to open items."""
    return model.objects.filter(item__closed=False)


def decision(item: AgendaItem) -> str:
    """The item's decision (beslutning), or "" for a closed item."""
    return decision_text(item.closed, item.decision)


def decision_text(closed: bool, text: str | None) -> str:
    """The same rule on a row's values (a closed item's decision is never published)."""
    return "" if closed else (text or "")


def decision_start(item: AgendaItem, limit: int = DECISION_START_CHARS) -> str:
    """The start of the decision, cut at a word boundary; "" for a closed item."""
    text = " ".join(decision(item).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def decision_result(item: AgendaItem, limit: int = 200) -> str:
    """The decision's first sentence (OParl's ``result``); "" for a closed item."""
    text = " ".join(decision(item).split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + " …"


def public_sources(
    queryset: QuerySet[SourceDocument] | None = None,
) -> QuerySet[SourceDocument]:
    """Source documents whose file may be handed out in bulk: they back a meeting, none of
    their meetings has a closed item, and their original was not found to hold closed
    content (a document without a recorded original is left out: nothing checked it)."""
    queryset = SourceDocument.objects.all() if queryset is None else queryset
    closed = AgendaItem.objects.filter(meeting__source=OuterRef("pk"), closed=True)
    backs = Meeting.objects.filter(source=OuterRef("pk"))
    return queryset.filter(Exists(backs), original__closed_content=False).exclude(Exists(closed))


def public_case_numbers(queryset: QuerySet[CaseNumber] | None = None) -> QuerySet[CaseNumber]:
    """Case numbers that at least one open item carries."""
    queryset = CaseNumber.objects.all() if queryset is None else queryset
    return queryset.public()


def may_see_restricted(user, municipality: Municipality | int | None) -> bool:
    """May this user see what the public may not (e.g. warnings quoting a closed item)?

    Only the municipality's own clerks and the admins; a clerk of another municipality is
    staff too, and sees what the public sees."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return may_manage(user, municipality)


def source_had_closed_items(source: SourceDocument) -> bool:
    """Did any meeting of this document ever have a closed item? One query.

    The document's meetings are those that point to it now and those whose history says they
    did (a superseded document). Conservative: a document whose meetings cannot be found at
    all counts as having had closed items."""
    meeting_history = Meeting.history.model
    item_history = AgendaItem.history.model
    current = Meeting.objects.filter(source_id=source.pk).values("pk")
    former = meeting_history.objects.filter(source_id=source.pk).values("id")

    def closed_in(items) -> Exists:
        # Two EXISTS, not one over "IN current OR IN former": PostgreSQL answers each from
        # the index on meeting_id, but the OR made it scan every closed item (1.8 s at 1M).
        return Exists(items.filter(meeting_id__in=current, closed=True)) | Exists(
            items.filter(meeting_id__in=former, closed=True)
        )

    row = (
        SourceDocument.objects.filter(pk=source.pk)
        .values(
            found=Exists(current) | Exists(former),
            closed=closed_in(AgendaItem.objects.all()),
            closed_before=closed_in(item_history.objects.all()),
        )
        .first()
    )
    if row is None or not row["found"]:
        return True
    return bool(row["closed"] or row["closed_before"])


def source_warnings_visible(user, source: SourceDocument, had_closed: bool | None = None) -> bool:
    """Whether this user may read the source's warnings (which quote its lines).

    ``had_closed`` is ``source_had_closed_items(source)`` when the caller knows it already."""
    if not source.warnings:
        return True
    if may_see_restricted(user, source.municipality_id):
        return True
    if had_closed is None:
        had_closed = source_had_closed_items(source)
    return not had_closed
