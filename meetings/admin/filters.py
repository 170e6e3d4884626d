"""The admin's list filters (filtre): municipality, body, year, corrected, flagged."""

from __future__ import annotations

from django.contrib import admin
from django.db.models.functions import ExtractYear

from ..corrections.marks import corrected_item_ids, corrected_meeting_ids
from ..corrections.review import flagged_condition
from ..models import Body
from ..permissions import allowed_municipalities


class MunicipalityFilter(admin.SimpleListFilter):
    """Kommune: only the user's municipalities."""

    title = "kommune"
    parameter_name = "kommune"
    lookup = "municipality"

    def lookups(self, request, model_admin):
        return [(m.pk, m.short_name) for m in allowed_municipalities(request.user).order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.lookup}__pk": self.value()})
        return queryset


class MeetingMunicipalityFilter(MunicipalityFilter):
    lookup = "body__municipality"


class BodyFilter(admin.SimpleListFilter):
    """Udvalg: the bodies of the chosen municipality (or of the user's only one)."""

    title = "udvalg"
    parameter_name = "udvalg"
    lookup = "body"

    def lookups(self, request, model_admin):
        municipalities = allowed_municipalities(request.user)
        chosen = request.GET.get("kommune")
        if chosen and chosen.isdigit():
            municipalities = municipalities.filter(pk=chosen)
        elif municipalities.count() > 1:
            return []  # choose a municipality first
        bodies = Body.objects.filter(municipality__in=municipalities).order_by("name")
        return [(b.pk, b.name) for b in bodies]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{f"{self.lookup}__pk": self.value()})
        return queryset


class YearFilter(admin.SimpleListFilter):
    """År: the years that have meetings."""

    title = "år"
    parameter_name = "aar"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .annotate(year=ExtractYear("date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(y, str(y)) for y in years if y]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class YesNoFilter(admin.SimpleListFilter):
    def lookups(self, request, model_admin):
        return [("ja", "Ja"), ("nej", "Nej")]


class CorrectedItemFilter(YesNoFilter):
    """Rettet: items whose values differ from the parse."""

    title = "rettet"
    parameter_name = "rettet"

    def queryset(self, request, queryset):
        if self.value() not in ("ja", "nej"):
            return queryset
        ids = corrected_item_ids(queryset)
        return queryset.filter(pk__in=ids) if self.value() == "ja" else queryset.exclude(pk__in=ids)


class CorrectedMeetingFilter(CorrectedItemFilter):
    def queryset(self, request, queryset):
        if self.value() not in ("ja", "nej"):
            return queryset
        ids = corrected_meeting_ids(queryset)
        return queryset.filter(pk__in=ids) if self.value() == "ja" else queryset.exclude(pk__in=ids)


class FlaggedMeetingFilter(YesNoFilter):
    """Med advarsler: meetings whose parse carried flags or warnings."""

    title = "med advarsler"
    parameter_name = "advarsler"
    prefix = ""

    def condition(self):
        return flagged_condition(self.prefix)

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(self.condition())
        if self.value() == "nej":
            return queryset.exclude(self.condition())
        return queryset


class FlaggedItemFilter(FlaggedMeetingFilter):
    prefix = "meeting__"
