"""The "rettet" marker: which fields of a meeting or item a person corrected."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.utils.html import format_html

from ..corrections.marks import mark_items, mark_meetings
from ..models import AgendaItem


class MarkedChangeList(ChangeList):
    """A change list that marks its page's corrected rows in a few queries."""

    def get_results(self, request):
        super().get_results(request)
        if self.model is AgendaItem:
            mark_items(self.result_list)
        else:
            mark_meetings(self.result_list)


class CorrectedMarkerMixin:
    """A "rettet" column on the list and a "rettede felter" line on the change page."""

    def get_changelist(self, request, **kwargs):
        return MarkedChangeList

    @admin.display(description="rettet")
    def corrected_marker(self, obj):
        labels = getattr(obj, "corrected_labels", None)
        if labels is None:
            return ""
        if not labels:
            return "–"
        return format_html('<span class="rettet" title="{}">rettet</span>', ", ".join(labels))

    @admin.display(description="rettede felter")
    def corrected_fields_line(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        if self.model is AgendaItem:
            mark_items([obj])
        else:
            mark_meetings([obj])
        if not obj.corrected_labels:
            return "Ingen – alt er som indlæst"
        return format_html('<span class="rettet">rettet</span> {}', ", ".join(obj.corrected_labels))
