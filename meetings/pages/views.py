"""Public pages added for issue 11: the original file, a person's page, Om Referat and the
accessibility statement (tilgængelighedserklæring). Thin: the work is in originals.py and
people.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, quote_etag

from ..models import Municipality, Participant, Person, SourceDocument
from ..permissions import may_manage
from . import originals
from .people import attendance_by_year, body_counts

DOWNLOAD_MAX_AGE = 24 * 3600


def is_clerk_of(request: HttpRequest, municipality: Municipality) -> bool:
    """The municipality's clerks and admins may have withheld originals (a clerk is staff
    for the admin site, so staff alone is not enough)."""
    return request.user.is_authenticated and may_manage(request.user, municipality)


def source_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Hent originalen: the file a source came from, as uploaded, with its content type, a
    safe name and HTTP caching. A file with closed content goes only to the municipality's
    clerks and admins; everyone else gets a Danish page saying why (403)."""
    source = get_object_or_404(
        SourceDocument.objects.select_related("municipality", "original").defer("text", "warnings"),
        pk=pk,
    )
    state = originals.availability(source)
    privileged = not state.public and is_clerk_of(request, source.municipality)
    if not state.public and not privileged:
        context = {"source": source, "municipality": source.municipality, "reason": state.reason}
        return render(request, "meetings/source_withheld.html", context, status=403)
    original = state.original
    etag = quote_etag(original.sha256)
    cache_control = f"public, max-age={DOWNLOAD_MAX_AGE}" if state.public else "private, no-store"
    if state.public and etag in [
        t.strip() for t in request.headers.get("If-None-Match", "").split(",")
    ]:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Cache-Control"] = cache_control
        return response
    data = originals.read_original(source, original)
    name = originals.safe_name(original.name, original.content_type)
    response = HttpResponse(data, content_type=original.content_type)
    inline = original.content_type == "application/pdf"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    response["Content-Disposition"] = (
        f'{"inline" if inline else "attachment"}; filename="{ascii_name}"; '
        f"filename*=UTF-8''{escape_uri_path(name)}"
    )
    response["Content-Length"] = str(len(data))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(original.created_at.timestamp())
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    # An HTML original must never run in the site's origin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def person_detail(request: HttpRequest, municipality: str, person: str) -> HttpResponse:
    """Person: the bodies they sat in, every meeting they were listed for (deltager, afbud,
    stedfortræder) with role and party, and the attendance rate per year."""
    person = get_object_or_404(
        Person.objects.select_related("municipality"), municipality__slug=municipality, slug=person
    )
    participations = list(
        Participant.objects.filter(person=person)
        .select_related("meeting__body")
        .defer("meeting__parsed")
        .order_by("-meeting__date", "-meeting_id", "status")
    )
    bodies = body_counts(participations)
    roles = sorted({p.role for p in participations if p.role})
    parties = sorted({p.party for p in participations if p.party})
    context = {
        "person": person,
        "municipality": person.municipality,
        "participations": participations,
        "bodies": bodies,
        "roles": roles,
        "parties": parties,
        "years": attendance_by_year(participations),
    }
    return render(request, "meetings/person.html", context)


def about(request: HttpRequest) -> HttpResponse:
    """Om Referat: what it is, where the data comes from, how closed items are handled."""
    return render(request, "meetings/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    """Tilgængelighedserklæring, as Danish public web sites publish one."""
    return render(request, "meetings/accessibility.html")
