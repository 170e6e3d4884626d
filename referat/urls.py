"""Top-level URLs: the admin, accounts and the meetings app."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Referat – administration"
admin.site.site_title = "Referat"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("django.contrib.auth.urls")),
    path("oparl/v1/", include("meetings.oparl.urls")),
    path("", include("meetings.reuse_urls")),
    path("", include("meetings.urls")),
]
