"""URLs of the review pages and the citizens' error reports (included by meetings/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("gennemsyn/", views.queue, name="review"),
    path("gennemsyn/konflikter/<int:pk>/", views.conflict_detail, name="review-conflict"),
    path(
        "gennemsyn/rapporter/<int:pk>/behandlet/", views.report_handled, name="review-report-done"
    ),
    path("punkter/<int:pk>/rapporter/", views.report_item, name="report-item"),
]
