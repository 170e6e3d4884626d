"""Meetings (møder) and their participants."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from ..models import AgendaItem, Meeting, Participant
from ..search import reindex_items
from .base import NormalisedFieldsMixin, ScopedAdmin, ScopedHistoryAdmin
from .corrected import CorrectedMarkerMixin
from .filters import (
    BodyFilter,
    CorrectedMeetingFilter,
    FlaggedMeetingFilter,
    MeetingMunicipalityFilter,
    YearFilter,
)


class ParticipantInline(NormalisedFieldsMixin, admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["name", "party", "role", "status", "position"]


class ItemSummaryInline(admin.TabularInline):
    """The meeting's items, read-only, each linking to its own change page."""

    model = AgendaItem
    extra = 0
    fields = ["number", "title", "closed"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = "punkter (ret hvert punkt på dets egen side)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(CorrectedMarkerMixin, ScopedHistoryAdmin):
    municipality_lookup = "body__municipality"
    list_display = ["__str__", "municipality", "date", "kind", "item_link", "corrected_marker"]
    list_select_related = ["body__municipality"]
    list_filter = [
        MeetingMunicipalityFilter,
        BodyFilter,
        YearFilter,
        "kind",
        CorrectedMeetingFilter,
        FlaggedMeetingFilter,
    ]
    search_fields = ["body__name", "body__municipality__name", "location"]
    autocomplete_fields = ["body"]
    fields = [
        "body",
        "date",
        "start_time",
        "end_time",
        "location",
        "kind",
        "corrected_fields_line",
        "source",
        "item_link",
        "public_link",
    ]
    readonly_fields = ["source", "item_link", "public_link", "corrected_fields_line"]
    inlines = [ParticipantInline, ItemSummaryInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(item_total=Count("items"))
        return queryset.order_by("-date", "-start_time", "-pk")

    @admin.display(description="kommune", ordering="body__municipality__name")
    def municipality(self, obj):
        return obj.body.municipality.short_name

    @admin.display(description="punkter", ordering="item_total")
    def item_link(self, obj):
        if obj.pk is None:
            return "–"
        total = getattr(obj, "item_total", None)
        if total is None:
            total = obj.items.count()
        url = reverse("admin:meetings_agendaitem_changelist")
        return format_html('<a href="{}?meeting__id__exact={}">{} punkter</a>', url, obj.pk, total)

    @admin.display(description="offentlig side")
    def public_link(self, obj):
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">Vis mødet</a>', obj.get_absolute_url())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.has_changed() or any(f.has_changed() for f in formsets):
            reindex_items(list(form.instance.items.values_list("pk", flat=True)))


@admin.register(Participant)
class ParticipantAdmin(ScopedAdmin):
    municipality_lookup = "meeting__body__municipality"
    list_display = ["name", "party", "role", "status", "meeting"]
    list_select_related = ["meeting__body__municipality"]
    list_filter = ["status", "party"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["meeting"]
