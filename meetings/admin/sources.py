"""Source documents and uploads (kildedokumenter, uploads): read-only records of imports."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from ..models import SourceDocument, Upload
from .base import ScopedAdmin


@admin.register(SourceDocument)
class SourceDocumentAdmin(ScopedAdmin):
    list_display = [
        "original_name",
        "municipality",
        "created_at",
        "uploaded_by",
        "parser_version",
    ]
    list_select_related = ["municipality", "uploaded_by"]
    list_filter = ["created_at", "parser_version"]
    search_fields = ["original_name", "=sha256"]
    date_hierarchy = "created_at"
    fields = readonly_fields = [
        "municipality",
        "original_name",
        "file",
        "text",
        "sha256",
        "created_at",
        "uploaded_by",
        "parser_version",
        "warnings",
    ]

    def has_add_permission(self, request):
        return False  # source documents come from imports only


@admin.register(Upload)
class UploadAdmin(ScopedAdmin):
    list_display = ["original_name", "municipality", "uploaded_by", "created_at", "status"]
    list_select_related = ["municipality", "uploaded_by"]
    list_filter = ["status", "created_at"]
    search_fields = ["original_name", "=sha256", "uploaded_by__username"]
    date_hierarchy = "created_at"
    fields = readonly_fields = [
        "municipality",
        "uploaded_by",
        "original_name",
        "file",
        "sha256",
        "created_at",
        "status",
        "message",
        "warnings",
        "conflicts",
        "source",
        "page_link",
    ]

    @admin.display(description="side")
    def page_link(self, obj):
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">Vis upload</a>', obj.get_absolute_url())

    def has_add_permission(self, request):
        return False  # uploads go through /upload/ with its preview
