"""OParl 1.1 views: look up, filter, page, serialise. Read-only; every answer is JSON with
``Access-Control-Allow-Origin: *``, unknown objects a JSON 404.

The querysets are in queries.py: every list page costs a fixed number of queries (asserted
in tests/reuse/test_query_counts.py) and walks an index by primary key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from .. import gate
from ..models import Body, Municipality
from . import objects
from .http import (
    DEFAULT_LIMIT,
    MEETING_LIMIT,
    empty_page,
    json_response,
    not_found,
    page,
    page_of_rows,
)
from .queries import (
    agenda_items,
    bodies,
    consultations,
    files,
    locations,
    meeting_spans,
    meetings,
    municipalities,
    papers,
    persons,
)

# ---------------------------------------------------------------- serialisers for lists


def _each(function):
    """A serialiser that applies ``function(urls, row)`` to every row of a page."""
    return lambda urls: lambda rows: [function(urls, row) for row in rows]


_meetings_data = _each(objects.meeting)


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
    spans = meeting_spans().values()
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


@dataclass(frozen=True)
class BodyList:
    """A Body's external list: its rows (given the municipality's pk), how a page of them
    is serialised, and the fields its created/modified filters use."""

    rows: Callable[[int], QuerySet]
    serialize: Callable[[objects.Urls], Callable[[Iterable], list[dict]]]
    created: str
    modified: str
    default_limit: int = DEFAULT_LIMIT


BODY_LISTS: dict[str, BodyList | None] = {
    "organization": BodyList(
        lambda pk: bodies().filter(municipality_id=pk),
        _each(objects.organization),
        "created",
        "modified",
    ),
    "person": BodyList(
        lambda pk: persons().filter(municipality_id=pk),
        _each(objects.person),
        "created",
        "modified",
    ),
    "meeting": BodyList(
        lambda pk: meetings().filter(body__municipality_id=pk),
        _meetings_data,
        "created_at",
        "updated_at",
        MEETING_LIMIT,
    ),
    "paper": BodyList(
        lambda pk: papers().filter(municipality_id=pk),
        _each(objects.paper),
        "created",
        "modified",
    ),
    "agendaItem": BodyList(
        lambda pk: agenda_items().filter(municipality_id=pk),
        _items_data,
        "created_at",
        "updated_at",
    ),
    "consultation": BodyList(
        lambda pk: consultations().filter(item__municipality_id=pk),
        _consultations_data,
        "item__created_at",
        "item__updated_at",
    ),
    "file": BodyList(
        lambda pk: files().filter(municipality_id=pk),
        _files_data,
        "created_at",
        "created_at",
    ),
    "locationList": BodyList(
        lambda pk: locations().filter(body__municipality_id=pk),
        _each(objects.location),
        "created_at",
        "updated_at",
    ),
    # Valid empty lists: no records of who sits where, or of election periods.
    "legislativeTermList": None,
    "membership": None,
}


def _body_list(kind: str):
    """The view of a Body's external list of ``kind`` (BODY_LISTS)."""
    declared = BODY_LISTS[kind]

    @require_safe
    def view(request: HttpRequest, code: int) -> HttpResponse:
        municipality = Municipality.objects.filter(code=code).only("pk").first()
        if municipality is None:
            return not_found()
        if declared is None:
            return empty_page(request)
        return page(
            request,
            declared.rows(municipality.pk),
            declared.serialize(objects.Urls(request)),
            created=declared.created,
            modified=declared.modified,
            default_limit=declared.default_limit,
        )

    return view


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
