"""OParl 1.1 views: look up, filter, page, serialise. Read-only; every answer is JSON with
``Access-Control-Allow-Origin: *``, unknown objects a JSON 404.

Querysets are built in ``queries`` below so every list page costs a fixed number of queries
(asserted in tests/reuse/test_query_counts.py) and walks an index by primary key.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Subquery
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

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
from . import objects
from .http import MEETING_LIMIT, empty_page, json_response, not_found, page, page_of_rows

# ---------------------------------------------------------------- querysets


SPANS_CACHE_SECONDS = 300


def _spans() -> dict[int, tuple]:
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
    spans = _spans()
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


# ---------------------------------------------------------------- serialisers for lists


def _meetings_data(urls):
    return lambda rows: [objects.meeting(urls, row) for row in rows]


def _items_data(urls):
    return lambda rows: [objects.agenda_item(urls, i, i.public_links) for i in rows]


def _consultations_data(urls):
    return lambda rows: [objects.consultation(urls, link, link.item) for link in rows]


def _files_data(urls):
    return lambda rows: [objects.file(urls, s, [m.pk for m in s.meetings.all()]) for s in rows]


# ---------------------------------------------------------------- views


def _municipality(code: int) -> Municipality | None:
    found = municipalities(code)
    return found[0] if found else None


@require_safe
def system(request: HttpRequest) -> HttpResponse:
    spans = _spans().values()
    created = min((c for c, _ in spans), default=None)
    modified = max((m for _, m in spans), default=None)
    return json_response(objects.system(objects.Urls(request), created, modified))


@require_safe
def body_list(request: HttpRequest) -> HttpResponse:
    urls = objects.Urls(request)
    return page_of_rows(
        request, municipalities(), lambda rows: [objects.body(urls, m) for m in rows]
    )


@require_safe
def body_detail(request: HttpRequest, code: int) -> HttpResponse:
    found = _municipality(code)
    if found is None:
        return not_found()
    return json_response(objects.body(objects.Urls(request), found))


def _body_list(kind: str):
    """A Body's external list of ``kind``: meeting, agendaItem, organization, …"""

    @require_safe
    def view(request: HttpRequest, code: int) -> HttpResponse:
        municipality = Municipality.objects.filter(code=code).only("pk").first()
        if municipality is None:
            return not_found()
        urls = objects.Urls(request)
        pk = municipality.pk
        if kind == "organization":
            return page(
                request,
                bodies().filter(municipality_id=pk),
                lambda rows: [objects.organization(urls, b) for b in rows],
                created="created",
                modified="modified",
            )
        if kind == "meeting":
            return page(
                request,
                meetings().filter(body__municipality_id=pk),
                _meetings_data(urls),
                created="created_at",
                modified="updated_at",
                default_limit=MEETING_LIMIT,
            )
        if kind == "agendaItem":
            return page(
                request,
                agenda_items().filter(municipality_id=pk),
                _items_data(urls),
                created="created_at",
                modified="updated_at",
            )
        if kind == "paper":
            return page(
                request,
                papers().filter(municipality_id=pk),
                lambda rows: [objects.paper(urls, c) for c in rows],
                created="created",
                modified="modified",
            )
        if kind == "consultation":
            return page(
                request,
                consultations().filter(item__municipality_id=pk),
                _consultations_data(urls),
                created="item__created_at",
                modified="item__updated_at",
            )
        if kind == "file":
            return page(
                request,
                files().filter(municipality_id=pk),
                _files_data(urls),
                created="created_at",
                modified="created_at",
            )
        if kind == "locationList":
            return page(
                request,
                locations().filter(body__municipality_id=pk),
                lambda rows: [objects.location(urls, m) for m in rows],
                created="created_at",
                modified="updated_at",
            )
        if kind == "person":
            return page(
                request,
                persons().filter(municipality_id=pk),
                lambda rows: [objects.person(urls, p) for p in rows],
                created="created",
                modified="modified",
            )
        return empty_page(request)  # membership, legislativeTermList

    return view


BODY_LISTS = (
    "organization",
    "person",
    "meeting",
    "paper",
    "agendaItem",
    "consultation",
    "file",
    "locationList",
    "legislativeTermList",
    "membership",
)
body_lists = {kind: _body_list(kind) for kind in BODY_LISTS}


@require_safe
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = bodies().filter(pk=pk).first()
    if found is None:
        return not_found()
    return json_response(objects.organization(objects.Urls(request), found))


@require_safe
def organization_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    if not Body.objects.filter(pk=pk).exists():
        return not_found()
    return page(
        request,
        meetings().filter(body_id=pk),
        _meetings_data(objects.Urls(request)),
        created="created_at",
        modified="updated_at",
        default_limit=MEETING_LIMIT,
    )


@require_safe
def organization_consultations(request: HttpRequest, pk: int) -> HttpResponse:
    if not Body.objects.filter(pk=pk).exists():
        return not_found()
    return page(
        request,
        consultations().filter(item__body_id=pk),
        _consultations_data(objects.Urls(request)),
        created="item__created_at",
        modified="item__updated_at",
    )


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = meetings().filter(pk=pk).first()
    if found is None:
        return not_found()
    return json_response(objects.meeting(objects.Urls(request), found))


@require_safe
def agenda_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = agenda_items().filter(pk=pk).first()
    if found is None:
        return not_found()
    return json_response(objects.agenda_item(objects.Urls(request), found, found.public_links))


@require_safe
def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = papers().filter(pk=pk).first()
    if found is None:
        return not_found()
    return json_response(objects.paper(objects.Urls(request), found))


@require_safe
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = consultations().filter(pk=pk).first()
    if found is None:
        return not_found()
    return json_response(objects.consultation(objects.Urls(request), found, found.item))


@require_safe
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = files().filter(pk=pk).first()
    if found is None:
        return not_found()
    meeting_ids = [m.pk for m in found.meetings.all()]
    return json_response(objects.file(objects.Urls(request), found, meeting_ids))


def _file_content(request: HttpRequest, pk: int, attachment: bool) -> HttpResponse:
    """The document itself: the stored original, else its extracted text. Only for public
    source documents (no closed item in any of its meetings)."""
    found = gate.public_sources().filter(pk=pk).first()
    if found is None:
        return not_found()
    name = found.original_name
    if found.file and found.file.name and default_storage.exists(found.file.name):
        response = FileResponse(found.file.open("rb"), as_attachment=attachment, filename=name)
    else:
        response = HttpResponse(found.text, content_type="text/plain; charset=utf-8")
        disposition = "attachment" if attachment else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{name}.txt"'
        if not attachment:
            del response["Content-Disposition"]
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def file_access(request: HttpRequest, pk: int) -> HttpResponse:
    return _file_content(request, pk, attachment=False)


@require_safe
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    return _file_content(request, pk, attachment=True)


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = persons().filter(pk=pk).first()
    if found is None:
        return not_found()
    return json_response(objects.person(objects.Urls(request), found))


@require_safe
def location_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = locations().filter(pk=pk).first()
    if found is None:
        return not_found()
    return json_response(objects.location(objects.Urls(request), found))
