"""URLs of the meetings app: public pages (views.py, search_views.py) and the clerks' pages (clerk_views.py)."""

from django.urls import include, path

from . import clerk_views, search_views, views
from .jobs import views as job_views
from .pages import views as page_views

app_name = "meetings"

urlpatterns = [
    # Public pages
    path("", views.home, name="home"),
    path("soeg/", search_views.search, name="search"),
    path("sager/<path:value>/", views.case_detail, name="case"),
    path("punkter/<int:pk>/", views.item_detail, name="item"),
    path("kilder/<int:pk>/", views.source_detail, name="source"),
    path("kilder/<int:pk>/fil/", page_views.source_file, name="source-file"),
    path("om/", page_views.about, name="about"),
    path("tilgaengelighed/", page_views.accessibility, name="accessibility"),
    path(
        "kommuner/<slug:municipality>/personer/<slug:person>/",
        page_views.person_detail,
        name="person",
    ),
    path("kommuner/<slug:municipality>/", views.municipality_detail, name="municipality"),
    path("kommuner/<slug:municipality>/<slug:body>/", views.body_detail, name="body"),
    path(
        "kommuner/<slug:municipality>/<slug:body>/moeder/<int:pk>/",
        views.meeting_detail,
        name="meeting",
    ),
    # Clerks: upload, preview, confirm, uploads list, corrections
    path("upload/", clerk_views.upload, name="upload"),
    path("upload/bekraeft/", clerk_views.confirm, name="upload-confirm"),
    path("upload/liste/", clerk_views.upload_list, name="upload-list"),
    path("upload/<int:pk>/", clerk_views.upload_detail, name="upload-detail"),
    path("upload/<int:pk>/fil/", clerk_views.upload_file, name="upload-file"),
    path("upload/indlaesning/<int:pk>/", job_views.job_status, name="job-status"),
    # Review queue (gennemsyn), conflict resolution, citizens' error reports
    path("", include("meetings.corrections.urls")),
]
