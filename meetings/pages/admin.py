"""Admin for persons (personer): an administrator merges persons the importer kept apart
(same person, different spelling or party letter) and splits a name off a person it merged
wrongly. Both work on the person keys, so they survive re-imports."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count

from ..admin.base import ScopedAdmin
from ..models import Person, PersonKey, SourceFile
from .people import merge_persons, split_key


class PersonKeyInline(admin.TabularInline):
    model = PersonKey
    extra = 0
    fields = ["key"]
    readonly_fields = ["key"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["name", "party", "municipality", "meeting_count"]
    list_filter = ["municipality"]
    search_fields = ["name"]
    fields = ["municipality", "name", "party", "slug"]
    readonly_fields = ["municipality", "slug"]
    inlines = [PersonKeyInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("municipality")
            .annotate(meeting_total=Count("participations"))
        )

    @admin.display(description="møder", ordering="meeting_total")
    def meeting_count(self, obj) -> int:
        return obj.meeting_total

    def has_add_permission(self, request):
        return False

    @admin.action(description="Læg de valgte personer sammen (samme kommune)")
    def merge(self, request, queryset):
        persons = sorted(queryset, key=lambda p: (-p.meeting_total, p.pk))
        if len(persons) < 2 or len({p.municipality_id for p in persons}) > 1:
            self.message_user(request, "Vælg mindst to personer fra samme kommune.", messages.ERROR)
            return
        target = merge_persons(persons[0], persons[1:])
        self.message_user(request, f"{len(persons) - 1} personer er lagt sammen med {target}.")


@admin.register(PersonKey)
class PersonKeyAdmin(ScopedAdmin):
    list_display = ["key", "person", "municipality"]
    list_select_related = ["person", "municipality"]
    search_fields = ["key", "person__name"]
    readonly_fields = ["municipality", "key", "person"]
    actions = ["split"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Del de valgte navne ud som nye personer")
    def split(self, request, queryset):
        done = 0
        for entry in queryset.select_related("person"):
            try:
                split_key(entry.person, entry.key)
                done += 1
            except ValueError as exc:
                self.message_user(request, f"{entry.key}: {exc}", messages.WARNING)
        if done:
            self.message_user(request, f"{done} navne er delt ud som nye personer.")


@admin.register(SourceFile)
class SourceFileAdmin(ScopedAdmin):
    """The originals (originalfiler): read-only; whether the public may have one is decided
    per request (meetings/pages/originals.py)."""

    municipality_lookup = "source__municipality"
    list_display = ["name", "content_type", "size", "pages", "closed_content", "created_at"]
    list_select_related = ["source"]
    list_filter = ["closed_content"]
    search_fields = ["name"]
    readonly_fields = [
        "source",
        "file",
        "name",
        "content_type",
        "size",
        "pages",
        "sha256",
        "closed_content",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False
