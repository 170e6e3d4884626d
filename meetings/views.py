"""Public pages: front page, municipality, body, meeting, item, case and source.

Each view is a short recipe: look up, filter, preload, paginate, render. Closed items
(Lukket) are shown with their title only: their sections, decision, attachments and case
numbers are never loaded for a public page.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from . import gate
from .compiled import Compiled
from .links import link
from .models import (
    AgendaItem,
    Body,
    CaseNumber,
    Meeting,
    Municipality,
    MunicipalityKind,
    Participant,
    Person,
    SourceDocument,
)
from .pages import item_page, originals
from .pages.listing import meeting_row
from .pages.people import meeting_people

LATEST_MEETINGS = 10
HOME_CACHE_SECONDS = 300
TIMELINE_LIMIT = 200


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("body__municipality").defer("parsed")


def _items() -> QuerySet[AgendaItem]:
    return AgendaItem.objects.select_related("meeting__body__municipality").defer(
        "parsed", "search_vector", "meeting__parsed"
    )


def home(request: HttpRequest) -> HttpResponse:
    """Forside: search first, municipalities with meetings, the latest meetings, freshness.

    The municipality list (a count over every meeting) is cached until the next import."""
    latest_source = (
        SourceDocument.objects.only("pk", "created_at", "original_name").order_by("-pk").first()
    )
    version = f"{latest_source.pk}-{latest_source.created_at.timestamp()}" if latest_source else "0"
    municipalities = cache.get_or_set(
        f"referat:home:municipalities:{version}", _municipalities_with_counts, HOME_CACHE_SECONDS
    )
    context = {
        "active_municipalities": [m for m in municipalities if m["meeting_count"]],
        "all_municipalities": municipalities,
        "region_count": sum(1 for m in municipalities if m.get("region")),
        "kommune_count": sum(1 for m in municipalities if not m.get("region")),
        "meeting_total": sum(m["meeting_count"] for m in municipalities),
        "latest_meetings": _meetings().latest_first()[:LATEST_MEETINGS],
        "latest_source": latest_source,
        "cache_version": version,
        "cache_seconds": HOME_CACHE_SECONDS,
    }
    return render(request, "meetings/home.html", context)


def _municipalities_with_counts() -> list[dict]:
    counts = dict(
        Meeting.objects.order_by()
        .values_list("body__municipality_id")
        .annotate(n=Count("pk"))
        .values_list("body__municipality_id", "n")
    )
    return [
        {
            "name": m.name,
            "url": m.get_absolute_url(),
            "meeting_count": counts.get(m.pk, 0),
            "region": m.kind == MunicipalityKind.REGION,
        }
        for m in Municipality.objects.only("pk", "name", "slug", "kind")
    ]


# The meeting and item pages' queries, compiled once per process (compiled.py).
_MEETING = Compiled(
    lambda pk: (
        Meeting.objects.select_related("body__municipality", "source__original")
        .defer("parsed", "source__text", "source__warnings")
        .filter(pk=pk)
    )
)
# Explicit orders: the models' defaults join the meeting (and its ordering) again.
_MEETING_PEOPLE = Compiled(
    lambda meeting: (
        Participant.objects.select_related("person")
        .filter(meeting_id=meeting)
        .order_by("status", "position")
    )
)
_MEETING_ITEMS = Compiled(
    lambda meeting: (
        AgendaItem.objects.defer("parsed", "search_vector")
        .filter(meeting_id=meeting)
        .order_by("position", "number")
    )
)
_ITEM = Compiled(
    lambda pk: (
        AgendaItem.objects.select_related(
            "meeting__body__municipality", "meeting__source__original"
        )
        .defer("parsed", "search_vector", "meeting__parsed", "meeting__source__text")
        .filter(pk=pk)
    )
)


def _one(found: list):
    if not found:
        raise Http404("Ingen side her.")
    return found[0]


# The municipality, body and case pages' queries, compiled once per process (compiled.py).
_MUNICIPALITY = Compiled(lambda slug: Municipality.objects.filter(slug=slug))
_MUNICIPALITY_BODIES = Compiled(
    lambda municipality: (
        Body.objects.filter(municipality_id=municipality)
        .annotate(meeting_count=Count("meetings"), latest_date=Max("meetings__date"))
        .order_by("name")
    )
)
_MUNICIPALITY_LATEST = Compiled(
    lambda municipality: (
        Meeting.objects.filter(body__municipality_id=municipality)
        .select_related("body")
        .defer("parsed")
        .latest_first()[:20]
    )
)
_MUNICIPALITY_PERSONS = Compiled(
    lambda municipality: (
        Person.objects.filter(municipality_id=municipality)
        .annotate(meeting_count=Count("participations__meeting", distinct=True))
        .filter(meeting_count__gt=0)
        .order_by("name", "party")
    )
)
_BODY = Compiled(
    lambda municipality, body: Body.objects.select_related("municipality").filter(
        municipality__slug=municipality, slug=body
    )
)
# A correlated count per meeting keeps the (body, date) index walk; a join and GROUP BY
# would read every meeting first.
_BODY_MEETINGS_FIELDS = ("pk", "date", "location", "kind", "item_count")
_BODY_MEETINGS = Compiled(
    lambda body: (
        Meeting.objects.filter(body_id=body)
        .annotate(
            item_count=Coalesce(
                Subquery(
                    AgendaItem.objects.filter(meeting=OuterRef("pk"))
                    .order_by()
                    .values("meeting")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .latest_first()
        .values_list(*_BODY_MEETINGS_FIELDS)
    )
)
# Only the case numbers an open item carries: a municipality whose only use of this number
# is on closed items is never named.
_CASE_NUMBERS = Compiled(
    lambda value: (
        gate.public_case_numbers(CaseNumber.objects.filter(value=value))
        .select_related("municipality")
        .order_by("pk")
    )
)


def municipality_detail(request: HttpRequest, municipality: str) -> HttpResponse:
    """Kommune: its bodies and its latest meetings."""
    municipality = _one(_MUNICIPALITY(municipality))
    return render(
        request,
        "meetings/municipality.html",
        {
            "municipality": municipality,
            "bodies": _MUNICIPALITY_BODIES(municipality.pk),
            "latest_meetings": _MUNICIPALITY_LATEST(municipality.pk),
            "persons": _MUNICIPALITY_PERSONS(municipality.pk),
        },
    )


def body_detail(request: HttpRequest, municipality: str, body: str) -> HttpResponse:
    """Udvalg: its meetings, grouped by year.

    A body may have hundreds of meetings: they are read as plain rows (no model instances),
    grouped by year and written as list rows here (meetings/pages/listing.py), not by a
    template loop that would look up six variables per meeting."""
    body = _one(_BODY(municipality, body))
    slugs = {"municipality": body.municipality.slug, "body": body.slug}
    years: dict[int, list[dict]] = {}
    for row in _BODY_MEETINGS(body.pk):
        meeting = dict(zip(_BODY_MEETINGS_FIELDS, row, strict=True))
        url = link("meetings:meeting", pk=meeting["pk"], **slugs)
        years.setdefault(meeting["date"].year, []).append(meeting_row(meeting, url))
    return render(
        request,
        "meetings/body.html",
        {"municipality": body.municipality, "body": body, "years": list(years.items())},
    )


def meeting_detail(request: HttpRequest, municipality: str, body: str, pk: int) -> HttpResponse:
    """Møde: header, participants and absentees, items with the start of each decision."""
    meeting = _one(_MEETING(pk))
    if (municipality, body) != (meeting.body.municipality.slug, meeting.body.slug):
        return redirect(meeting, permanent=True)
    people = _MEETING_PEOPLE(meeting.pk)
    items = _MEETING_ITEMS(meeting.pk)
    for item in items:
        item.meeting = meeting  # as meeting.items gives them
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "municipality": meeting.body.municipality,
        **meeting_people(people),  # present, absent, substitutes: each person once
        "items": gate.redact(items),
        "original": item_page.original_for(meeting),
    }
    return render(request, "meetings/meeting.html", context)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Punkt: the decision first (same place for every layout), then the sections in order
    with lists as lists, case numbers linked to their case pages, history lines linked to the
    meetings they name, attachments and the same case's other items as a timeline."""
    item = _one(_ITEM(pk))
    context = {
        "item": item,
        "meeting": item.meeting,
        "body": item.meeting.body,
        "municipality": item.meeting.body.municipality,
        "page": None,
        "original": item_page.original_for(item.meeting),
    }
    if gate.item_is_public(item):
        context["page"] = item_page.build(item)
    return render(request, "meetings/item.html", context)


_case_timeline = item_page.case_timeline


def case_detail(request: HttpRequest, value: str) -> HttpResponse:
    """Sag: every open item with this case number, oldest to newest, across bodies and
    municipalities. Unknown (or only on closed items): 404."""
    case_numbers = _CASE_NUMBERS(value)
    timeline = _case_timeline([c.pk for c in case_numbers]) if case_numbers else []
    if not timeline:
        raise Http404("Ukendt sagsnummer")
    return render(
        request,
        "meetings/case.html",
        {
            "value": value,
            "case_numbers": case_numbers,
            "timeline": timeline,
            "timeline_limited": len(timeline) >= TIMELINE_LIMIT,
            "municipality_count": len({i.municipality_id for i in timeline}),
        },
    )


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Kilde: the document's metadata (never its text: it may hold closed items' content)."""
    source = get_object_or_404(
        SourceDocument.objects.select_related("municipality", "original").defer("text"), pk=pk
    )
    meetings = list(
        source.meetings.select_related("body").defer("parsed").annotate(item_count=Count("items"))
    )
    # A warning may quote a line of the text: for a document that ever had a closed item
    # (superseded or not), only the municipality's own clerks and the admins see them.
    has_closed = gate.source_had_closed_items(source)
    closed_content = originals.closed_content_in_archive(source)
    context = {
        "source": source,
        "municipality": source.municipality,
        "meetings": meetings,
        "original": originals.availability(
            source, has_meetings=bool(meetings), closed_content=closed_content
        ),
        "first_meeting": meetings[0] if meetings else None,
        "show_warnings": gate.source_warnings_visible(request.user, source, has_closed),
        "has_closed": has_closed,
    }
    return render(request, "meetings/source.html", context)
