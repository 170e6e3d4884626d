"""The HTTP side of the OParl API: JSON answers with CORS, JSON 404s, date-times with an
explicit offset, the created/modified filters and keyset pagination (links.next)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.db import OperationalError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

NAMESPACE = "https://schema.oparl.org/1.1/"
DEFAULT_LIMIT = 20
# A Meeting embeds all its AgendaItems with their decisions: fewer per page.
MEETING_LIMIT = 10
MAX_LIMIT = 100
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}
# When nothing has been imported yet, the System still needs a created/modified.
EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class BadRequest(Exception):
    """A malformed query parameter: answered with a JSON 400."""


def oparl_type(name: str) -> str:
    return NAMESPACE + name


def timestamp(value: dt.datetime | None) -> str:
    """yyyy-mm-ddThh:mm:ss±hh:mm in Europe/Copenhagen (OParl 2-04: no Z, no fractions)."""
    value = value or EPOCH
    return timezone.localtime(value).isoformat(timespec="seconds")


def local_datetime(day: dt.date, time: dt.time | None) -> str:
    """A meeting's date and wall-clock time in Europe/Copenhagen, with its offset."""
    naive = dt.datetime.combine(day, time or dt.time(0, 0))
    return timezone.make_aware(naive).isoformat(timespec="seconds")


def json_response(data, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
        status=status,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(view):
    """JSON for a statement the database cancelled (the public statement timeout, see
    referat/timeouts.py): 503 with CORS, not the HTML page meant for people."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != "57014":  # query_canceled
                raise
            return json_response(
                {
                    "error": "Forespørgslen tog for lang tid. Brug et filter eller en mindre "
                    "side (limit).",
                    "status": 503,
                },
                status=503,
            )

    return wrapper


def not_found(request: HttpRequest | None = None, *args, **kwargs) -> HttpResponse:
    """OParl 2-09: unknown objects and URLs answer 404 with a JSON body."""
    return json_response({"error": "Ikke fundet", "status": 404}, status=404)


def bad_request(message: str) -> HttpResponse:
    return json_response({"error": message, "status": 400}, status=400)


def parse_filters(request: HttpRequest) -> dict[str, dt.datetime]:
    """The created/modified _since/_until parameters as aware datetimes."""
    found = {}
    for name in FILTERS:
        raw = request.GET.get(name)
        if raw is None:
            continue
        # An unencoded "+" arrives as a space.
        text = raw.strip().replace(" ", "+")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError as exc:
            raise BadRequest(
                f"{name} skal være et tidspunkt som 2024-01-31T12:00:00+01:00"
            ) from exc
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        found[name] = value
    return found


def parse_int(request: HttpRequest, name: str, default: int | None, low: int, high: int):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadRequest(f"{name} skal være et helt tal") from exc
    return max(low, min(high, value))


def apply_filters(
    queryset: QuerySet, filters: dict[str, dt.datetime], created: str, modified: str
) -> QuerySet:
    fields = {"created": created, "modified": modified}
    for name, value in filters.items():
        field, lookup = FILTERS[name]
        queryset = queryset.filter(**{f"{fields[field]}__{lookup}": value})
    return queryset


def page(
    request: HttpRequest,
    queryset: QuerySet,
    serialize: Callable[[Iterable], list[dict]],
    *,
    created: str,
    modified: str,
    key: str = "pk",
    default_limit: int = DEFAULT_LIMIT,
) -> HttpResponse:
    """One page of an external list (2-05), by keyset: ``after`` is the last key of the page
    before, so every page is an index range scan however deep the client pages."""
    try:
        filters, limit, after = _page_parameters(request, default_limit)
    except BadRequest as exc:
        return bad_request(str(exc))
    queryset = apply_filters(queryset, filters, created, modified)
    if after is not None:
        queryset = queryset.filter(**{f"{key}__gt": after})
    rows = list(queryset.order_by(key)[: limit + 1])
    return _page_response(request, rows, serialize, filters, limit, key)


def page_of_rows(
    request: HttpRequest,
    rows: list,
    serialize: Callable[[Iterable], list[dict]],
    *,
    key: str = "pk",
) -> HttpResponse:
    """The same page over a short list already in memory (rows with ``created`` and
    ``modified`` attributes), e.g. the municipalities."""
    try:
        filters, limit, after = _page_parameters(request, DEFAULT_LIMIT)
    except BadRequest as exc:
        return bad_request(str(exc))
    for name, value in filters.items():
        field, lookup = FILTERS[name]
        if lookup == "gte":
            rows = [row for row in rows if getattr(row, field) >= value]
        else:
            rows = [row for row in rows if getattr(row, field) <= value]
    rows = sorted(rows, key=lambda row: getattr(row, key))
    if after is not None:
        rows = [row for row in rows if getattr(row, key) > after]
    return _page_response(request, rows[: limit + 1], serialize, filters, limit, key)


def _page_parameters(request: HttpRequest, default_limit: int):
    filters = parse_filters(request)
    limit = parse_int(request, "limit", default_limit, 1, MAX_LIMIT)
    after = parse_int(request, "after", None, 0, 2**62)
    return filters, limit, after


def _page_response(request, rows, serialize, filters, limit, key) -> HttpResponse:
    """``rows`` holds up to limit + 1 rows: one more means there is a next page."""
    more = len(rows) > limit
    rows = rows[:limit]
    base = request.build_absolute_uri(request.path)
    kept = {name: value.isoformat() for name, value in filters.items()}
    if "limit" in request.GET:
        kept["limit"] = str(limit)
    links = {
        "first": _with_query(base, kept),
        "self": request.build_absolute_uri(),
    }
    if more:
        links["next"] = _with_query(base, {**kept, "after": str(getattr(rows[-1], key))})
    return json_response(
        {
            "data": serialize(rows),
            "pagination": {"elementsPerPage": limit},
            "links": links,
        }
    )


def empty_page(request: HttpRequest) -> HttpResponse:
    """A valid, empty external list (Person, Membership, LegislativeTerm: no records yet)."""
    try:
        parse_filters(request)
        limit = parse_int(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    except BadRequest as exc:
        return bad_request(str(exc))
    return json_response(
        {
            "data": [],
            "pagination": {"elementsPerPage": limit},
            "links": {
                "first": request.build_absolute_uri(request.path),
                "self": request.build_absolute_uri(),
            },
        }
    )


def _with_query(base: str, params: dict[str, str]) -> str:
    return f"{base}?{urlencode(params)}" if params else base
