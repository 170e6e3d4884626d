"""Agenda items (dagsordenspunkter) and what hangs off them: sections, case numbers, bilag.

The decision is edited in one place: an item with a "Beslutning" section is corrected in that
section, and its decision field follows it on save; an item without one has the field.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from ..corrections.normalise import same
from ..models import AgendaItem, Attachment, CaseNumber, ItemCaseNumber, Section, SectionKind
from ..permissions import scope_to_user
from ..search import reindex_items
from .base import NormalisedFieldsMixin, ScopedAdmin, ScopedChoicesMixin, ScopedHistoryAdmin
from .corrected import CorrectedMarkerMixin
from .filters import (
    BodyFilter,
    CorrectedItemFilter,
    FlaggedItemFilter,
    MunicipalityFilter,
    YearFilter,
)


class SectionInline(NormalisedFieldsMixin, admin.StackedInline):
    model = Section
    extra = 0
    fields = [("position", "heading", "kind"), "text"]


class ItemCaseNumberInline(NormalisedFieldsMixin, ScopedChoicesMixin, admin.TabularInline):
    model = ItemCaseNumber
    extra = 0
    fields = ["case_number", "position"]
    autocomplete_fields = ["case_number"]


class AttachmentInline(NormalisedFieldsMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "position", "file"]


def _decision_sections(item) -> list[Section]:
    return list(Section.objects.filter(item=item, kind=SectionKind.DECISION)[:2])


@admin.register(AgendaItem)
class AgendaItemAdmin(CorrectedMarkerMixin, ScopedHistoryAdmin):
    list_display = [
        "number",
        "short_title",
        "meeting_label",
        "date",
        "closed",
        "corrected_marker",
    ]
    list_display_links = ["number", "short_title"]
    list_select_related = ["meeting__body__municipality", "municipality"]
    list_filter = [
        MunicipalityFilter,
        BodyFilter,
        YearFilter,
        "closed",
        CorrectedItemFilter,
        FlaggedItemFilter,
    ]
    search_fields = ["title", "decision", "case_links__case_number__value"]
    autocomplete_fields = ["meeting"]
    fields = [
        "meeting",
        "number",
        "title",
        "closed",
        "position",
        "decision",
        "corrected_fields_line",
        "date",
        "body",
        "municipality",
        "public_link",
    ]
    readonly_fields = [
        "date",
        "body",
        "municipality",
        "public_link",
        "corrected_fields_line",
        "decision_in_section",
    ]
    inlines = [SectionInline, ItemCaseNumberInline, AttachmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector")

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and _decision_sections(obj):
            fields[fields.index("decision")] = "decision_in_section"
        return fields

    @admin.display(description="titel", ordering="title")
    def short_title(self, obj):
        title = obj.title
        return title if len(title) <= 70 else title[:69].rstrip() + "…"

    @admin.display(description="møde", ordering="meeting__date")
    def meeting_label(self, obj):
        meeting = obj.meeting
        return f"{meeting.body.municipality.short_name}: {meeting.body.name}"

    @admin.display(description="beslutning")
    def decision_in_section(self, obj):
        return format_html(
            "{}<br><em>Beslutningen rettes i afsnittet »Beslutning« nedenfor.</em>",
            obj.decision or "(tom)",
        )

    @admin.display(description="offentlig side")
    def public_link(self, obj):
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">Vis punktet</a>', obj.get_absolute_url())

    def save_model(self, request, obj, form, change):
        # Keep the denormalised date, body and municipality in step with the (new) meeting.
        meeting = obj.meeting
        obj.date = meeting.date
        obj.body_id = meeting.body_id
        obj.municipality_id = meeting.body.municipality_id
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        item = form.instance
        decision_edited = any(
            f.has_changed() and getattr(f.instance, "kind", None) == SectionKind.DECISION
            for formset in formsets
            if formset.model is Section
            for f in formset.forms
        )
        sections = _decision_sections(item) if decision_edited else []
        if len(sections) == 1 and not same(sections[0].text, item.decision):
            item.decision = sections[0].text
            item.save(update_fields=["decision", "updated_at"])
        if not change or form.has_changed() or any(f.has_changed() for f in formsets):
            reindex_items([item.pk])  # also covers a revert from the history page


class ItemPartAdmin(ScopedHistoryAdmin):
    """Sections, case links and attachments on their own (mostly edited inline on the item)."""

    municipality_lookup = "item__municipality"
    list_select_related = ["item__municipality"]
    autocomplete_fields = ["item"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "item":
            kwargs["queryset"] = scope_to_user(
                AgendaItem.objects.all(), request.user, "municipality"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Section)
class SectionAdmin(ItemPartAdmin):
    list_display = ["heading", "kind", "item", "position"]
    list_filter = ["kind"]
    search_fields = ["heading", "text", "item__title"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.has_changed():
            if obj.kind == SectionKind.DECISION:
                sections = _decision_sections(obj.item)
                if len(sections) == 1 and not same(sections[0].text, obj.item.decision):
                    obj.item.decision = sections[0].text
                    obj.item.save(update_fields=["decision", "updated_at"])
            reindex_items([obj.item_id])


@admin.register(ItemCaseNumber)
class ItemCaseNumberAdmin(ItemPartAdmin):
    list_display = ["case_number", "item", "position"]
    list_select_related = ["item__municipality", "case_number"]
    search_fields = ["case_number__value", "item__title"]
    autocomplete_fields = ["item", "case_number"]


@admin.register(Attachment)
class AttachmentAdmin(ItemPartAdmin):
    list_display = ["title", "item", "position"]
    search_fields = ["title", "item__title"]


@admin.register(CaseNumber)
class CaseNumberAdmin(ScopedAdmin):
    """Case numbers. The municipality is a plain choice of the user's own municipalities
    (no autocomplete, which would need the right to view every municipality)."""

    list_display = ["value", "scheme", "kle", "municipality", "item_count"]
    list_select_related = ["municipality"]
    list_filter = [MunicipalityFilter, "scheme"]
    search_fields = ["value", "kle"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("links")).order_by("value")

    @admin.display(description="punkter", ordering="item_total")
    def item_count(self, obj):
        return obj.item_total
