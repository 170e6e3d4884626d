"""Filters for the search page (søgning): every value lives in the URL.

``ItemFilter`` validates and applies kommune, udvalg, fra, til, sag and kle; the search
words (q) and the order (sortering) are validated here and applied by meetings/search.py.
``active_filters`` describes the active filters in words, each with a link that removes it.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .models import AgendaItem, Body, ItemCaseNumber, Municipality
from .search import NEWEST, RELEVANCE

KLE_TOPIC = RegexValidator(
    r"^\d{2}(\.\d{2}){0,2}$",
    "Et KLE-emne skrives som 00.01 eller 00.01.00 (hovedgruppe, gruppe, emne).",
)
ORDER_CHOICES = [(RELEVANCE, "Relevans"), (NEWEST, "Dato, nyeste først")]
PAGE_PARAM = "side"


class QuickSelect(forms.Select):
    """A <select> whose options are rendered in Python: Django renders each option through a
    template, which costs milliseconds for the 98 municipalities."""

    def render(self, name, value, attrs=None, renderer=None):
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class ItemFilterForm(forms.Form):
    """The search form; an udvalg needs its kommune (body slugs are unique per kommune)."""

    def clean(self):
        cleaned = super().clean()
        if self.data.get("udvalg") and not self.data.get("kommune"):
            self.add_error("udvalg", "Vælg en kommune for at filtrere på et udvalg.")
        return cleaned


class ItemFilter(django_filters.FilterSet):
    """Filters for agenda items (dagsordenspunkter) on /soeg/."""

    q = django_filters.CharFilter(
        label="Søgeord",
        method="keep",
        max_length=300,
        help_text='Brug "anførselstegn" om en frase, minus foran et ord der skal udelukkes, '
        "og or mellem alternativer.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kommune = django_filters.ChoiceFilter(
        label="Kommune",
        method="filter_municipality",
        empty_label="Alle kommuner",
        widget=QuickSelect,
    )
    udvalg = django_filters.ChoiceFilter(
        label="Udvalg", method="filter_body", empty_label="Alle udvalg", widget=QuickSelect
    )
    fra = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label="Fra dato",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    til = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label="Til dato",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sag = django_filters.CharFilter(
        label="Sagsnummer", method="filter_case", max_length=100, help_text="Fx 20/030692"
    )
    kle = django_filters.CharFilter(
        label="KLE-emne",
        method="filter_kle",
        max_length=8,
        validators=[KLE_TOPIC],
        help_text="Fx 00.01 eller 00.01.00",
    )
    sortering = django_filters.ChoiceFilter(
        label="Sortering", method="keep", choices=ORDER_CHOICES, empty_label=None
    )

    class Meta:
        model = AgendaItem
        fields: list[str] = []
        form = ItemFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.municipalities = {
            m.slug: m for m in Municipality.objects.only("pk", "slug", "name", "short_name")
        }
        self.filters["kommune"].extra["choices"] = [
            (m.slug, m.name) for m in self.municipalities.values()
        ]
        self.bodies: dict[str, Body] = {}
        chosen = self.municipalities.get((data or {}).get("kommune", ""))
        if chosen is not None:
            self.bodies = {
                b.slug: b
                for b in Body.objects.filter(municipality=chosen).only("pk", "slug", "name")
            }
        self.filters["udvalg"].extra["choices"] = [(b.slug, b.name) for b in self.bodies.values()]

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """q and sortering are applied by the search, not here."""
        return queryset

    def filter_municipality(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(municipality_id=self.municipalities[value].pk)

    def filter_body(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(body_id=self.bodies[value].pk)

    def filter_case(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Closed items never reveal their case numbers, so they never match this filter.
        links = ItemCaseNumber.objects.filter(case_number__value=value.strip())
        return queryset.filter(closed=False, pk__in=links.values("item_id"))

    def filter_kle(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A prefix as a range ("00.01" ≤ kle < "00.02"), so the index on kle is used.
        upper = value[:-1] + chr(ord(value[-1]) + 1)
        links = ItemCaseNumber.objects.filter(
            case_number__kle__gte=value, case_number__kle__lt=upper
        )
        return queryset.filter(closed=False, pk__in=links.values("item_id"))

    @property
    def search_text(self) -> str:
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def order(self) -> str:
        chosen = self.form.cleaned_data.get("sortering")
        if chosen in (RELEVANCE, NEWEST):
            return chosen
        return RELEVANCE if self.search_text else NEWEST


@dataclass(frozen=True)
class ActiveFilter:
    """An active filter: a phrase for the sentence ("i Aarhus Kommune"), a short label
    ("Kommune: Aarhus Kommune") and the URL without it."""

    description: str
    label: str
    remove_url: str


def url_without(params: QueryDict, *names: str) -> str:
    """The search URL with these parameters (and the page number) left out."""
    kept = params.copy()
    for name in (*names, PAGE_PARAM):
        kept.pop(name, None)
    query = kept.urlencode()
    return reverse("meetings:search") + (f"?{query}" if query else "")


def active_filters(filterset: ItemFilter) -> list[ActiveFilter]:
    """The valid, active filters in the order of the form, described in Danish."""
    if not filterset.form.is_valid():
        return []
    data, params = filterset.form.cleaned_data, filterset.data
    found = []
    if data.get("q"):
        text = data["q"].strip()
        found.append(
            ActiveFilter(f"der matcher »{text}«", f"Søgeord: {text}", url_without(params, "q"))
        )
    if data.get("kommune"):
        name = filterset.municipalities[data["kommune"]].name
        found.append(
            ActiveFilter(f"i {name}", f"Kommune: {name}", url_without(params, "kommune", "udvalg"))
        )
    if data.get("udvalg"):
        name = filterset.bodies[data["udvalg"]].name
        found.append(
            ActiveFilter(f"behandlet i {name}", f"Udvalg: {name}", url_without(params, "udvalg"))
        )
    if data.get("fra"):
        day = date_format(data["fra"], "j. F Y")
        found.append(
            ActiveFilter(
                f"fra møder den {day} eller senere", f"Fra: {day}", url_without(params, "fra")
            )
        )
    if data.get("til"):
        day = date_format(data["til"], "j. F Y")
        found.append(
            ActiveFilter(
                f"fra møder den {day} eller før", f"Til: {day}", url_without(params, "til")
            )
        )
    if data.get("sag"):
        value = data["sag"].strip()
        found.append(
            ActiveFilter(
                f"med sagsnummer {value}", f"Sagsnummer: {value}", url_without(params, "sag")
            )
        )
    if data.get("kle"):
        found.append(
            ActiveFilter(
                f"med KLE-emne {data['kle']}",
                f"KLE-emne: {data['kle']}",
                url_without(params, "kle"),
            )
        )
    return found


def page_query(params: QueryDict) -> str:
    """The query string of this search without the page number, for pagination links."""
    kept = params.copy()
    kept.pop(PAGE_PARAM, None)
    return kept.urlencode()
