"""The import jobs in the admin (indlæsningsjob), with the action that retries failed jobs.

Registered from MeetingsConfig.ready. A clerk sees the jobs of their own municipalities;
jobs are made by uploads and ``import_minutes --queue``, never by hand.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html

from ..admin.base import ScopedAdmin
from .models import ImportJob, JobStatus
from .submit import retry


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    list_display = [
        "original_name",
        "kind",
        "municipality",
        "status",
        "result",
        "items_count",
        "attempts",
        "created_at",
        "finished_at",
    ]
    list_select_related = ["municipality"]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["original_name", "path", "message"]
    date_hierarchy = "created_at"
    actions = ["retry_jobs"]
    fields = readonly_fields = [
        "kind",
        "status",
        "municipality",
        "submitted_by",
        "original_name",
        "file",
        "path",
        "sha256",
        "result",
        "message",
        "meetings_count",
        "items_count",
        "items_created",
        "items_updated",
        "items_deleted",
        "warnings_count",
        "conflicts_count",
        "upload",
        "source",
        "queue_job_id",
        "attempts",
        "created_at",
        "started_at",
        "finished_at",
        "page_link",
    ]

    @admin.display(description="side")
    def page_link(self, obj):
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">Vis status</a>', obj.get_absolute_url())

    def has_add_permission(self, request):
        return False  # jobs come from uploads and import_minutes --queue

    @admin.action(description="Prøv valgte fejlede indlæsninger igen", permissions=["change"])
    def retry_jobs(self, request, queryset):
        retried = skipped = 0
        for job in queryset.filter(status__in=(JobStatus.FAILED, JobStatus.RUNNING)):
            if not self.has_change_permission(request, job):
                continue
            retry(job)
            retried += 1
        skipped = queryset.count() - retried
        if retried:
            self.message_user(
                request, f"{retried} indlæsning(er) er sat i kø igen.", messages.SUCCESS
            )
        if skipped:
            self.message_user(
                request,
                f"{skipped} indlæsning(er) blev sprunget over: kun fejlede eller afbrudte "
                "indlæsninger kan prøves igen.",
                messages.WARNING,
            )
