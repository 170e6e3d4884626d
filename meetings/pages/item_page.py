"""What an item page (punktside) shows, in the order a citizen reads it: the decision first,
then the sections as written (empty ones left out), the bilag, and the case's timeline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.safestring import SafeString

from ..compiled import Compiled
from ..models import (
    AgendaItem,
    Attachment,
    CaseNumber,
    CaseScheme,
    ItemCaseNumber,
    Meeting,
    Section,
    SectionKind,
)
from . import originals, richtext
from .history import history_links, is_history

TIMELINE_LIMIT = 200
# A full KLE journal number names one case: topic, handling facet, serial number and year.
KLE_CASE_RE = re.compile(r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2,4}")


@dataclass(frozen=True)
class Block:
    """One part of the page after the decision: a section or the bilag list."""

    kind: str  # "section" or "attachments"
    heading: str
    html: SafeString | str = ""


@dataclass
class CaseLink:
    value: str
    label: str
    url: str
    kle: str = ""


@dataclass
class ItemPage:
    decision_heading: str
    decision_html: SafeString | str
    blocks: list[Block]
    attachments: list
    case_links: list[CaseLink]
    timeline: list[AgendaItem] = field(default_factory=list)
    has_history: bool = False

    @property
    def handled_elsewhere_unknown(self) -> bool:
        """Say "not handled on other meetings" only when the item names no earlier
        treatment either."""
        return len(self.timeline) <= 1 and not self.has_history


def names_a_case(case: CaseNumber) -> bool:
    """A number that names one case (sagsnummer, dokumentnummer, full KLE journal number),
    not just a KLE topic shared by many cases."""
    return case.scheme != CaseScheme.KLE or bool(KLE_CASE_RE.fullmatch(case.value))


def build(item: AgendaItem) -> ItemPage:
    """An open item's page content; a handful of queries whatever its size."""
    sections = _SECTIONS(item.pk)
    links = _CASE_LINKS(item.pk)
    attachments = _ATTACHMENTS(item.pk)
    for row in (*sections, *links, *attachments):
        row.item = item  # as item.sections and the others give them

    decisions = [s for s in sections if s.kind == SectionKind.DECISION]
    decision_text = item.decision or (decisions[0].text if decisions else "")
    decision_heading = decisions[0].heading if decisions else "Beslutning"
    rest = [s for s in sections if not (decisions and s is decisions[0])]

    texts = [decision_text] + [s.text for s in rest]
    case_urls = _case_urls(item, richtext.case_candidates(texts))
    line_urls = history_links(item, rest)

    blocks: list[Block] = []
    attachments_placed = False
    for section in rest:
        if section.kind == SectionKind.ATTACHMENTS:
            if attachments and not attachments_placed:
                blocks.append(Block("attachments", section.heading))
                attachments_placed = True
            continue
        if not (section.text or "").strip():
            continue  # an empty heading says nothing
        html = richtext.render(section.text, case_urls=case_urls, line_urls=line_urls)
        blocks.append(Block("section", section.heading, html))
    if attachments and not attachments_placed:
        blocks.append(Block("attachments", "Bilag"))

    case_links = [
        CaseLink(
            value=link.case_number.value,
            label=link.case_number.get_scheme_display(),
            url=link.case_number.get_absolute_url() if names_a_case(link.case_number) else "",
            kle=link.case_number.kle,
        )
        for link in links
    ]
    shared = [link.case_number_id for link in links if names_a_case(link.case_number)]
    return ItemPage(
        decision_heading=decision_heading,
        decision_html=richtext.render(decision_text, case_urls=case_urls, line_urls=line_urls),
        blocks=blocks,
        attachments=attachments,
        case_links=case_links,
        timeline=case_timeline(shared) if shared else [],
        has_history=any(is_history(s) and (s.text or "").strip() for s in rest),
    )


def _case_urls(item: AgendaItem, candidates: set[str]) -> dict[str, str]:
    """Case numbers written in the text that have a case page (an open item carries them)."""
    if not candidates:
        return {}
    values = (
        CaseNumber.objects.filter(value__in=candidates, items__closed=False)
        .values_list("value", flat=True)
        .distinct()
    )
    return {value: reverse("meetings:case", kwargs={"value": value}) for value in values}


def case_timeline(case_number_ids: list[int]) -> list[AgendaItem]:
    """Open items that share one of these case numbers, oldest first."""
    return _TIMELINE(sorted(set(case_number_ids)))


# An item page's queries, compiled once per process (compiled.py). Ordered by position only:
# the models' default order joins the item and its meeting, which costs more planning than
# the query itself.
_SECTIONS = Compiled(
    lambda item: Section.objects.filter(item_id=item).order_by("position", "pk"),
)
_CASE_LINKS = Compiled(
    lambda item: (
        ItemCaseNumber.objects.select_related("case_number")
        .filter(item_id=item)
        .order_by("position", "pk")
    ),
)
_ATTACHMENTS = Compiled(
    lambda item: Attachment.objects.filter(item_id=item).order_by("position", "pk"),
)
_TIMELINE = Compiled(
    lambda case_numbers: (
        AgendaItem.objects.select_related("meeting__body__municipality")
        .defer("parsed", "search_vector", "meeting__parsed")
        .filter(
            closed=False,
            pk__in=ItemCaseNumber.objects.filter(case_number_id__in=case_numbers).values("item_id"),
        )
        .order_by("date", "meeting__start_time", "meeting_id", "position")[:TIMELINE_LIMIT]
    )
)


def original_for(meeting: Meeting) -> originals.Availability | None:
    """The meeting's original file and whether the public may have it."""
    if meeting.source_id is None:
        return None
    return originals.availability(meeting.source, has_meetings=True)
