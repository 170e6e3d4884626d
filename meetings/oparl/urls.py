"""URLs of the OParl API, mounted at /oparl/v1/. Object URLs have no trailing slash (they are
canonical as handed out); anything else under the prefix is a JSON 404. Every view answers in
JSON, a statement cancelled by the public statement timeout included (``api_view``)."""

from django.urls import path, re_path

from . import views
from .http import api_view, not_found

app_name = "oparl"


def api(route: str, view, name: str | None = None):
    return path(route, api_view(view), name=name)


urlpatterns = [
    api("", views.system, name="system"),
    api("body", views.body_list, name="body-list"),
    api("body/<int:code>", views.body_detail, name="body"),
    *[
        api(f"body/<int:code>/{kind}", view, name=f"body-{kind}")
        for kind, view in views.body_lists.items()
    ],
    api("organization/<int:pk>", views.organization_detail, name="organization"),
    api("organization/<int:pk>/meeting", views.organization_meetings),
    api("organization/<int:pk>/consultation", views.organization_consultations),
    api("meeting/<int:pk>", views.meeting_detail, name="meeting"),
    api("agendaItem/<int:pk>", views.agenda_item_detail, name="agendaItem"),
    api("paper/<int:pk>", views.paper_detail, name="paper"),
    api("consultation/<int:pk>", views.consultation_detail, name="consultation"),
    api("file/<int:pk>", views.file_detail, name="file"),
    api("file/<int:pk>/access", views.file_access, name="file-access"),
    api("file/<int:pk>/download", views.file_download, name="file-download"),
    api("location/<int:pk>", views.location_detail, name="location"),
    api("person/<int:pk>", views.person_detail, name="person"),
    re_path(r"^.*$", not_found),
]
