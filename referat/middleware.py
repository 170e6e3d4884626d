"""Site-wide middleware."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render


class Danish404Middleware:
    """A missing object (Http404 raised by a view) gets the site's Danish 404 page even with
    DEBUG on, where Django would show its English technical page. Unknown URLs, which no view
    handles, still get Django's debug page while debugging: it lists the URL patterns."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None
