"""Municipalities, bodies, users and clerks (kommuner, udvalg, brugere, sekretariatet)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.template.response import TemplateResponse

from ..forms import ChooseMunicipalitiesForm, ChooseUserForm
from ..models import Body, Municipality
from ..permissions import make_clerk
from .base import ScopedAdmin

User = get_user_model()


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
