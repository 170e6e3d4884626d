"""The admin (administration): every model, and the place where people correct parsed minutes.

Meetings and agenda items keep their change history (django-simple-history): who changed
what and when, visible and revertible from the history page of each object. Clerks are
staff users restricted to their own municipalities: every admin here filters its lists,
object permissions and foreign-key choices by ``meetings.permissions``.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .forms import ChooseMunicipalitiesForm, ChooseUserForm
from .models import (
    AgendaItem,
    Attachment,
    Body,
    CaseNumber,
    ImportConflict,
    ItemCaseNumber,
    Meeting,
    Municipality,
    Participant,
    Section,
    SourceDocument,
    Upload,
)
from .permissions import (
    allowed_municipality_ids,
    make_clerk,
    may_manage,
    municipality_id_of,
    scope_to_user,
)
from .search import reindex_items

User = get_user_model()

# How each model reaches its municipality, for restricting foreign-key choices.
MUNICIPALITY_LOOKUPS = {
    Municipality: "pk",
    Body: "municipality",
    SourceDocument: "municipality",
    Meeting: "body__municipality",
    AgendaItem: "municipality",
    CaseNumber: "municipality",
    Upload: "municipality",
}


class ScopedChoicesMixin:
    """Foreign-key choices restricted to the user's municipalities (forms and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lookup = MUNICIPALITY_LOOKUPS.get(db_field.related_model)
        if lookup is not None:
            queryset = kwargs.get("queryset", db_field.related_model._default_manager.all())
            kwargs["queryset"] = scope_to_user(queryset, request.user, lookup)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """An admin whose rows, object permissions and choices follow the user's municipalities.

    A clerk opening an object of another municipality gets 403 Forbidden, not "does not exist".
    """

    municipality_lookup = "municipality"

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.municipality_lookup)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and allowed_municipality_ids(request.user) is not None:
            opts = self.model._meta
            field = opts.pk if from_field is None else opts.get_field(from_field)
            try:
                obj = self.model._default_manager.get(**{field.name: field.to_python(object_id)})
            except (self.model.DoesNotExist, ValidationError, ValueError):
                return None
        return obj

    def _in_scope(self, request, obj) -> bool:
        if obj is None:
            return True
        return may_manage(request.user, municipality_id_of(obj, self.municipality_lookup))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """A scoped admin with the change history (historik) of simple-history."""


# ---------------------------------------------------------------------------------------------
# Municipalities, bodies, users and clerks


class ClerkMembershipInline(admin.TabularInline):
    """The municipalities a user is clerk of (on the user's page)."""

    model = Municipality.clerks.through
    extra = 0
    verbose_name = "kommune som sekretariatsmedarbejder"
    verbose_name_plural = "kommuner som sekretariatsmedarbejder"


def _choose_then_apply(modeladmin, request, queryset, form_class, template, apply):
    """An admin action with an intermediate page: show ``form_class``, then ``apply(form)``."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        apply(form.cleaned_data)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Tilknyt sekretariatsmedarbejder",
        "opts": modeladmin.model._meta,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, template, context)


@admin.register(Municipality)
class MunicipalityAdmin(ScopedAdmin):
    municipality_lookup = "pk"
    list_display = ["name", "code", "short_name", "region", "clerk_count"]
    list_filter = ["region"]
    search_fields = ["name", "short_name", "=code"]
    filter_horizontal = ["clerks"]
    prepopulated_fields = {"slug": ["short_name"]}
    actions = ["attach_clerk"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.annotate(clerk_total=Count("clerks", distinct=True)).order_by("name")

    @admin.display(description="sekretariatsmedarbejdere", ordering="clerk_total")
    def clerk_count(self, obj):
        return obj.clerk_total

    @admin.action(
        description="Tilknyt en bruger som sekretariatsmedarbejder", permissions=["change"]
    )
    def attach_clerk(self, request, queryset):
        def apply(data):
            user = data["user"]
            make_clerk(user, list(queryset))
            names = ", ".join(m.name for m in queryset)
            self.message_user(
                request, f"{user.get_username()} er sekretariatsmedarbejder for {names}."
            )

        return _choose_then_apply(
            self, request, queryset, ChooseUserForm, "admin/meetings/choose_clerk.html", apply
        )


admin.site.unregister(User)


@admin.register(User)
class ReferatUserAdmin(UserAdmin):
    """Django's user admin plus the municipalities a user is clerk of."""

    inlines = [ClerkMembershipInline]
    actions = ["make_clerk"]
    list_display = [*UserAdmin.list_display, "is_superuser"]

    @admin.action(description="Gør til sekretariatsmedarbejder for kommuner …")
    def make_clerk(self, request, queryset):
        def apply(data):
            municipalities = list(data["municipalities"])
            for user in queryset:
                make_clerk(user, municipalities)
            names = ", ".join(m.name for m in municipalities)
            self.message_user(
                request, f"{queryset.count()} bruger(e) er nu sekretariatsmedarbejdere for {names}."
            )

        return _choose_then_apply(
            self,
            request,
            queryset,
            ChooseMunicipalitiesForm,
            "admin/meetings/choose_municipalities.html",
            apply,
        )


@admin.register(Body)
class BodyAdmin(ScopedAdmin):
    list_display = ["name", "municipality", "meeting_count"]
    list_select_related = ["municipality"]
    list_filter = ["municipality__region"]
    search_fields = ["name", "municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(meeting_total=Count("meetings"))
        return queryset.order_by("municipality__name", "name")

    @admin.display(description="møder", ordering="meeting_total")
    def meeting_count(self, obj):
        return obj.meeting_total


# ---------------------------------------------------------------------------------------------
# Source documents and uploads


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


# ---------------------------------------------------------------------------------------------
# Meetings


class ParticipantInline(admin.TabularInline):
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
class MeetingAdmin(ScopedHistoryAdmin):
    municipality_lookup = "body__municipality"
    list_display = ["__str__", "municipality", "date", "start_time", "kind", "item_link"]
    list_select_related = ["body__municipality"]
    list_filter = ["kind", "date", "body__municipality__region"]
    search_fields = ["body__name", "body__municipality__name", "location"]
    date_hierarchy = "date"
    autocomplete_fields = ["body"]
    fields = [
        "body",
        "date",
        "start_time",
        "end_time",
        "location",
        "kind",
        "source",
        "item_link",
        "public_link",
    ]
    readonly_fields = ["source", "item_link", "public_link"]
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
        reindex_items(list(form.instance.items.values_list("pk", flat=True)))


# ---------------------------------------------------------------------------------------------
# Agenda items and what hangs off them


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = [("position", "heading", "kind"), "text"]


class ItemCaseNumberInline(ScopedChoicesMixin, admin.TabularInline):
    model = ItemCaseNumber
    extra = 0
    fields = ["case_number", "position"]
    autocomplete_fields = ["case_number"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "position", "file"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "closed", "meeting", "date", "municipality"]
    list_select_related = ["meeting__body__municipality", "municipality"]
    list_filter = ["closed", "date", "municipality__region"]
    search_fields = ["title", "decision", "case_links__case_number__value"]
    date_hierarchy = "date"
    autocomplete_fields = ["meeting"]
    fields = [
        "meeting",
        "number",
        "title",
        "closed",
        "position",
        "decision",
        "date",
        "body",
        "municipality",
        "public_link",
    ]
    readonly_fields = ["date", "body", "municipality", "public_link"]
    inlines = [SectionInline, ItemCaseNumberInline, AttachmentInline]

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
        reindex_items([obj.pk])  # also covers a revert from the history page

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reindex_items([form.instance.pk])


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


@admin.register(Participant)
class ParticipantAdmin(ScopedAdmin):
    municipality_lookup = "meeting__body__municipality"
    list_display = ["name", "party", "role", "status", "meeting"]
    list_select_related = ["meeting__body__municipality"]
    list_filter = ["status", "party"]
    search_fields = ["name", "role"]
    autocomplete_fields = ["meeting"]


@admin.register(CaseNumber)
class CaseNumberAdmin(ScopedAdmin):
    list_display = ["value", "scheme", "kle", "municipality", "item_count"]
    list_select_related = ["municipality"]
    list_filter = ["scheme"]
    search_fields = ["value", "kle"]
    autocomplete_fields = ["municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("links")).order_by("value")

    @admin.display(description="punkter", ordering="item_total")
    def item_count(self, obj):
        return obj.item_total


# ---------------------------------------------------------------------------------------------
# Import conflicts: a re-import disagreed with a person's correction


@admin.register(ImportConflict)
class ImportConflictAdmin(ScopedAdmin):
    municipality_lookup = "meeting__body__municipality"
    list_display = [
        "target",
        "field",
        "corrected_value",
        "parsed_value",
        "created_at",
        "resolved",
        "edit_link",
    ]
    list_select_related = ["meeting__body__municipality", "item"]
    list_filter = ["resolved", "field", "created_at"]
    search_fields = ["item__title", "meeting__body__name", "field"]
    date_hierarchy = "created_at"
    fields = [
        "meeting",
        "item",
        "source",
        "field",
        "corrected_value",
        "parsed_value",
        "created_at",
        "resolved",
        "edit_link",
    ]
    readonly_fields = [
        "meeting",
        "item",
        "source",
        "field",
        "corrected_value",
        "parsed_value",
        "created_at",
        "edit_link",
    ]
    actions = ["mark_resolved", "mark_unresolved"]

    @admin.display(description="punkt eller møde")
    def target(self, obj):
        return str(obj.item or obj.meeting)

    @admin.display(description="ret")
    def edit_link(self, obj):
        if obj.item_id:
            url = reverse("admin:meetings_agendaitem_change", args=[obj.item_id])
            return format_html('<a href="{}">Ret punktet</a>', url)
        url = reverse("admin:meetings_meeting_change", args=[obj.meeting_id])
        return format_html('<a href="{}">Ret mødet</a>', url)

    def has_add_permission(self, request):
        return False  # conflicts come from imports only

    @admin.action(description="Markér som løst", permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.update(resolved=True)
        self.message_user(request, f"{count} konflikt(er) markeret som løst.", messages.SUCCESS)

    @admin.action(description="Markér som uløst", permissions=["change"])
    def mark_unresolved(self, request, queryset):
        count = queryset.update(resolved=False)
        self.message_user(request, f"{count} konflikt(er) markeret som uløst.", messages.SUCCESS)


# Persons (issue 11): merge and split in the admin.
from .pages import admin as _pages_admin  # noqa: E402, F401
