"""The OParl API's querysets: each list page costs a fixed number of queries (asserted in
tests/reuse/test_query_counts.py) and walks an index by primary key; closed content is left
out through meetings/gate.py."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Subquery

from .. import gate
from ..models import (
    AgendaItem,
    AttendanceStatus,
    Body,
    CaseNumber,
    CaseScheme,
    Meeting,
    Municipality,
    Participant,
    Person,
    SourceDocument,
)

SPANS_CACHE_SECONDS = 300


def meeting_spans() -> dict[int, tuple]:
    """{municipality id: (first meeting created, last meeting modified)}: one aggregate over
    every meeting, cached until the next import (keyed on the newest source document) and
    for at most five minutes (a correction moves ``modified`` without an import)."""
    latest = SourceDocument.objects.order_by("-pk").values_list("pk", "created_at").first()
    version = f"{latest[0]}-{latest[1].timestamp()}" if latest else "0"

    def compute():
        rows = (
            Meeting.objects.order_by()
            .values("body__municipality_id")
            .annotate(created=Min("created_at"), modified=Max("updated_at"))
            .values_list("body__municipality_id", "created", "modified")
        )
        return {pk: (created, modified) for pk, created, modified in rows}

    return cache.get_or_set(f"referat:oparl:spans:{version}", compute, SPANS_CACHE_SECONDS)


def municipalities(code: int | None = None) -> list[Municipality]:
    """Municipalities with at least one meeting, ``created``/``modified`` from their
    meetings."""
    spans = meeting_spans()
    found = Municipality.objects.filter(pk__in=list(spans))
    if code is not None:
        found = found.filter(code=code)
    rows = list(found)
    for municipality in rows:
        municipality.created, municipality.modified = spans[municipality.pk]
    return rows


def bodies():
    return (
        Body.objects.select_related("municipality")
        .annotate(created=Min("meetings__created_at"), modified=Max("meetings__updated_at"))
        .filter(created__isnull=False)
    )


ITEM_FIELDS = (
    "pk",
    "meeting_id",
    "body_id",
    "number",
    "position",
    "title",
    "closed",
    "decision",
    "created_at",
    "updated_at",
)


def _public_links():
    """The first open, non-KLE link of each item names its Consultation: ids only."""
    return (
        gate.public_case_links(kle=False)
        .only("pk", "item_id", "case_number_id", "position")
        .order_by("position")
    )


def meetings():
    closed_in_source = AgendaItem.objects.filter(meeting__source=OuterRef("source_id"), closed=True)
    items = AgendaItem.objects.only(*ITEM_FIELDS).order_by("position", "number")
    return (
        Meeting.objects.select_related("body__municipality", "source")
        .defer("parsed", "source__text", "source__warnings")
        .annotate(source_public=~Exists(closed_in_source))
        .prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("items__case_links", queryset=_public_links(), to_attr="public_links"),
            Prefetch("source__meetings", queryset=Meeting.objects.only("pk", "source_id")),
            Prefetch("participants", queryset=_attendees(), to_attr="attendees"),
        )
    )


def _attendees():
    """Who took part (present or as a substitute) and is known as a person: ids only."""
    return (
        Participant.objects.filter(person__isnull=False)
        .exclude(status=AttendanceStatus.ABSENT)
        .only("pk", "meeting_id", "person_id")
        .order_by("status", "position")
    )


def persons():
    """Persons who took part in a meeting, with their first and latest meeting's stamps."""
    return (
        Person.objects.select_related("municipality")
        .annotate(
            created=Min("participations__meeting__created_at"),
            modified=Max("participations__meeting__updated_at"),
        )
        .filter(created__isnull=False)
    )


def agenda_items():
    return AgendaItem.objects.only(*ITEM_FIELDS).prefetch_related(
        Prefetch("case_links", queryset=_public_links(), to_attr="public_links")
    )


def _first_item_stamp(field: str, descending: bool = False) -> Subquery:
    """The earliest (latest) ``field`` of the open items carrying the outer case number:
    a correlated subquery, so a page computes it for its rows only, not for every case."""
    order = f"-item__{field}" if descending else f"item__{field}"
    links = _open_links_of_case().order_by(order)
    return Subquery(links.values(f"item__{field}")[:1])


def _open_links_of_case():
    """Open items' links to the outer case number (the outer query has left out KLE)."""
    return gate.public_case_links().filter(case_number=OuterRef("pk"))


CONSULTATION_FIELDS = (
    "pk",
    "item_id",
    "case_number_id",
    "position",
    "item__id",
    "item__meeting_id",
    "item__body_id",
    "item__date",
    "item__created_at",
    "item__updated_at",
)


def papers():
    """Case numbers (not KLE) that at least one open item carries."""
    links = (
        gate.public_case_links(kle=False)
        .select_related("item")
        .only(*CONSULTATION_FIELDS)
        .order_by("item__date", "position")
    )
    return (
        CaseNumber.objects.select_related("municipality")
        .exclude(scheme=CaseScheme.KLE)
        .annotate(
            created=_first_item_stamp("created_at"),
            modified=_first_item_stamp("updated_at", descending=True),
        )
        .filter(Exists(_open_links_of_case()))
        .prefetch_related(Prefetch("links", queryset=links, to_attr="public_links"))
    )


def consultations():
    return gate.public_case_links(kle=False).select_related("item").only(*CONSULTATION_FIELDS)


def files():
    return (
        gate.public_sources()
        .defer("text", "warnings")
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.only("pk", "source_id")))
    )


def locations():
    return Meeting.objects.exclude(location="").only("pk", "location", "created_at", "updated_at")
