"""The clerk's status page of an import job (status for indlæsning).

The page refreshes itself (a plain meta refresh, no JavaScript) until the job is done, then
links to the upload it made, or says in Danish why it failed.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..permissions import may_manage
from .models import ImportJob

REFRESH_SECONDS = 2


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a confirmed upload is: in the queue, running, done or failed."""
    job = get_object_or_404(
        ImportJob.objects.select_related("municipality", "submitted_by", "upload"), pk=pk
    )
    if not (request.user.is_superuser or may_manage(request.user, job.municipality_id)):
        return render(
            request,
            "clerks/forbidden.html",
            {"message": "Indlæsningen hører til en kommune, du ikke er tilknyttet."},
            status=403,
        )
    context = {
        "job": job,
        "refresh": None if job.done else REFRESH_SECONDS,
        "crumb": {"label": "Uploads", "url": reverse("meetings:upload-list")},
    }
    return render(request, "jobs/status.html", context)
