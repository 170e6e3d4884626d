"""URLs to follow and reuse the archive: Atom feeds, calendars and the bulk downloads page.

Included before meetings/urls.py, so ``/sager/<nummer>/feed/`` wins over the case page's
``<path:value>``."""

from django.urls import path

from . import calendars, export_views, feeds

app_name = "reuse"

urlpatterns = [
    path("soeg/feed/", feeds.SearchFeed(), name="search-feed"),
    path("sager/<path:value>/feed/", feeds.CaseFeed(), name="case-feed"),
    path("kommuner/<slug:municipality>/feed/", feeds.MunicipalityFeed(), name="municipality-feed"),
    path(
        "kommuner/<slug:municipality>/kalender.ics",
        calendars.municipality_calendar,
        name="municipality-calendar",
    ),
    path("kommuner/<slug:municipality>/<slug:body>/feed/", feeds.BodyFeed(), name="body-feed"),
    path(
        "kommuner/<slug:municipality>/<slug:body>/kalender.ics",
        calendars.body_calendar,
        name="body-calendar",
    ),
    path("data/", export_views.data_page, name="data"),
    path("data/<str:export>/<str:filename>", export_views.data_file, name="data-file"),
]
