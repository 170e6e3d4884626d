"""URLs of the OParl API, mounted at /oparl/v1/. Object URLs have no trailing slash (they are
canonical as handed out); anything else under the prefix is a JSON 404."""

from django.urls import path, re_path

from . import views
from .http import not_found

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("body", views.body_list, name="body-list"),
    path("body/<int:code>", views.body_detail, name="body"),
    *[
        path(f"body/<int:code>/{kind}", view, name=f"body-{kind}")
        for kind, view in views.body_lists.items()
    ],
    path("organization/<int:pk>", views.organization_detail, name="organization"),
    path("organization/<int:pk>/meeting", views.organization_meetings),
    path("organization/<int:pk>/consultation", views.organization_consultations),
    path("meeting/<int:pk>", views.meeting_detail, name="meeting"),
    path("agendaItem/<int:pk>", views.agenda_item_detail, name="agendaItem"),
    path("paper/<int:pk>", views.paper_detail, name="paper"),
    path("consultation/<int:pk>", views.consultation_detail, name="consultation"),
    path("file/<int:pk>", views.file_detail, name="file"),
    path("file/<int:pk>/access", views.file_access, name="file-access"),
    path("file/<int:pk>/download", views.file_download, name="file-download"),
    path("location/<int:pk>", views.location_detail, name="location"),
    re_path(r"^.*$", not_found),
]
