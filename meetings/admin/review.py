"""Import conflicts and citizen reports (importkonflikter, fejlrapporter): what waits for
review. Conflicts are resolved on their own page (/gennemsyn/konflikter/<id>/) with a diff and
three choices; the admin lists them and links there."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from ..corrections.conflicts import field_label
from ..models import CitizenReport, ImportConflict
from .base import ScopedAdmin, ScopedHistoryAdmin
from .filters import MeetingMunicipalityFilter, MunicipalityFilter


class ConflictMunicipalityFilter(MeetingMunicipalityFilter):
    lookup = "meeting__body__municipality"


class ReportMunicipalityFilter(MunicipalityFilter):
    lookup = "item__municipality"


@admin.register(ImportConflict)
class ImportConflictAdmin(ScopedHistoryAdmin):
    municipality_lookup = "meeting__body__municipality"
    list_display = ["target", "field_name", "created_at", "resolved", "resolve_link"]
    list_select_related = ["meeting__body__municipality", "item"]
    list_filter = ["resolved", ConflictMunicipalityFilter, "created_at"]
    search_fields = ["item__title", "meeting__body__name", "field"]
    fields = [
        "meeting",
        "item",
        "source",
        "field_name",
        "created_at",
        "resolved",
        "resolution",
        "resolved_by",
        "resolved_at",
        "resolve_link",
    ]
    readonly_fields = fields
    actions = ["mark_resolved", "mark_unresolved"]

    @admin.display(description="punkt eller møde")
    def target(self, obj):
        return str(obj.item or obj.meeting)

    @admin.display(description="felt", ordering="field")
    def field_name(self, obj):
        return field_label(obj.field)

    @admin.display(description="løs")
    def resolve_link(self, obj):
        if obj.pk is None:
            return "–"
        url = reverse("meetings:review-conflict", args=[obj.pk])
        label = "Se afgørelsen" if obj.resolved else "Se forskellen og vælg"
        return format_html('<a href="{}">{}</a>', url, label)

    def has_add_permission(self, request):
        return False  # conflicts come from imports only

    @admin.action(description="Markér som løst (behold rettelsen)", permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = 0
        for conflict in queryset.filter(resolved=False):
            conflict.resolved = True
            conflict.resolution = "keep"
            conflict.resolved_by = request.user
            conflict._change_reason = "Konflikt løst: rettelsen bevaret"
            conflict.save()
            count += 1
        self.message_user(request, f"{count} konflikt(er) markeret som løst.", messages.SUCCESS)

    @admin.action(description="Markér som uløst", permissions=["change"])
    def mark_unresolved(self, request, queryset):
        count = 0
        for conflict in queryset.filter(resolved=True):
            conflict.resolved = False
            conflict.resolution = ""
            conflict._change_reason = "Konflikt genåbnet"
            conflict.save()
            count += 1
        self.message_user(request, f"{count} konflikt(er) markeret som uløst.", messages.SUCCESS)


@admin.register(CitizenReport)
class CitizenReportAdmin(ScopedAdmin):
    municipality_lookup = "item__municipality"
    list_display = ["item", "short_message", "created_at", "handled"]
    list_select_related = ["item__municipality"]
    list_filter = ["handled", ReportMunicipalityFilter]
    search_fields = ["message", "item__title"]
    fields = ["item", "message", "email", "created_at", "handled", "handled_by"]
    readonly_fields = ["item", "message", "email", "created_at", "handled_by"]

    @admin.display(description="beskrivelse")
    def short_message(self, obj):
        text = obj.message
        return text if len(text) <= 80 else text[:79] + "…"

    def has_add_permission(self, request):
        return False  # reports come from the public item pages

    def save_model(self, request, obj, form, change):
        if "handled" in form.changed_data:
            obj.handled_by = request.user if obj.handled else None
        super().save_model(request, obj, form, change)
