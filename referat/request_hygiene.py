"""Request hygiene (anmodningshygiejne): hostile or broken input gets a Danish 400/404, never a 500.

``RequestHygieneMiddleware`` refuses, before any view runs, a request whose path or query
string holds a NUL byte, a lone surrogate or another control character (PostgreSQL cannot
store NUL; Python cannot encode a lone surrogate), or whose path or query string is
over-long, or whose date-part filter (``?date__year=``, ``__month``, ``__day`` …) is no
possible date part (Django's lookups raise ValueError for year 0). A value that is well formed but out of range for the database (``?pk=`` with
twenty digits, ``?date__year=99999999999`` in the admin) raises OverflowError or DataError
deep in a query: those are answered with the Danish 404 page, since no such page exists (a
form sent with such a value gets a Danish 400: nothing was stored).
"""

from __future__ import annotations

import logging
import re

from django.db import DataError
from django.shortcuts import render

logger = logging.getLogger(__name__)

# C0 controls except tab, newline and carriage return; DEL; lone surrogates.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_PATH = 2000
MAX_QUERY_STRING = 4000

BAD_REQUEST = (
    "Adressen indeholder tegn, som ikke kan bruges (fx en nul-byte eller et ugyldigt tegn). "
    "Ret adressen, eller start fra forsiden."
)
TOO_LONG = "Adressen er for lang. Forkort søgningen eller filtrene, og prøv igen."
UNSTORABLE = (
    "Det indsendte kunne ikke bruges: det indeholder ugyldige tegn eller et tal uden for det "
    "tilladte område. Intet er gemt."
)


def bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


def not_found(request):
    return render(request, "404.html", status=404)


# Date-part lookups (the admin's date hierarchy and filters, ``?date__year=``): their range.
DATE_PARTS = {
    "year": (1, 9999),
    "iso_year": (1, 9999),
    "month": (1, 12),
    "day": (1, 31),
    "week": (1, 53),
    "week_day": (1, 7),
    "iso_week_day": (1, 7),
    "quarter": (1, 4),
    "hour": (0, 23),
    "minute": (0, 59),
    "second": (0, 59),
}
BAD_DATE = "Adressen indeholder en dato, der ikke findes. Ret datoen, og prøv igen."


def _bad_date_part(key: str, value: str) -> bool:
    part = key.rsplit("__", 1)[-1] if "__" in key else ""
    if part not in DATE_PARTS:
        return False
    low, high = DATE_PARTS[part]
    text = value.strip()
    return not (text.isascii() and text.isdigit() and len(text) <= 4 and low <= int(text) <= high)


def _has_forbidden(value: str) -> bool:
    return FORBIDDEN.search(value) is not None


def request_problem(request) -> str | None:
    """Why this request cannot be served (a Danish sentence), or None."""
    path = request.path
    query_string = request.META.get("QUERY_STRING", "")
    if len(path) > MAX_PATH or len(query_string) > MAX_QUERY_STRING:
        return TOO_LONG
    if _has_forbidden(path) or _has_forbidden(request.path_info):
        return BAD_REQUEST
    for key, values in request.GET.lists():
        if _has_forbidden(key) or any(_has_forbidden(v) for v in values):
            return BAD_REQUEST
        if any(_bad_date_part(key, v) for v in values):
            return BAD_DATE
    return None


class RequestHygieneMiddleware:
    """Refuse broken paths and query strings; answer out-of-range values with a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = request_problem(request)
        if problem is not None:
            return bad_request(request, problem)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | DataError):
            # A value too large or malformed for its column: no such row can exist (a page
            # asked for); nothing was stored (a form sent).
            logger.warning("Out-of-range value in %s: %s", request.path, exception)
            if request.method in ("GET", "HEAD"):
                return not_found(request)
            return bad_request(request, UNSTORABLE)
        return None
