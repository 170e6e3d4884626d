"""Filters for the search page (søgning): every value lives in the URL.

``ItemFilter`` validates and applies kommune, udvalg, fra, til, sag and kle; the search
words (q) and the order (sortering) are validated here and applied by meetings/search/.
``lenient_params`` first leaves out every value the form cannot use, with a Danish notice.
``active_filters`` describes the active filters in words, each with a link that removes it.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .directory import Directory, directory
from .models import AgendaItem, Body, ItemCaseNumber
from .search import NEWEST, RELEVANCE

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y"]
LITERAL_PARAM = "praecis"  # "1": search the words as typed, no names taken as filters

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
        # ``grouped``: choices set per request without Django's normalisation of every option.
        choices = getattr(self, "grouped", None) or tuple(self.choices)
        shown = self.build_attrs(self.attrs, attrs)
        shown.pop("maxlength", None)  # from the text filter behind it; no <select> attribute
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(shown),
            _options_html(choices, chosen),
        )


class QuickInput(forms.TextInput):
    """An <input> rendered in Python (Django renders each widget through two templates); the
    type comes from ``input_type`` or the attrs, as with Django's widgets."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            name,
            format_html(' value="{}"', shown) if shown is not None else "",
            flatatt(widget["attrs"]),
        )


class QuickDateInput(QuickInput, forms.DateInput):
    """A date <input> rendered in Python (see QuickInput)."""


def _option(key, label, chosen: str) -> str:
    selected = " selected" if str(key) == chosen else ""
    return f'<option value="{html.escape(str(key))}"{selected}>{html.escape(str(label))}</option>'


@lru_cache(maxsize=64)
def _options_html(choices: tuple, chosen: str) -> SafeString:
    """The <option>s (and <optgroup>s) for these choices, built once per process for each
    list and choice: the form's 588 bodies are the same on every search page."""
    parts = []
    for key, label in choices:
        if isinstance(label, list | tuple):  # an <optgroup>: (group label, choices)
            inner = "".join(_option(k, lab, chosen) for k, lab in label)
            parts.append(f'<optgroup label="{html.escape(str(key))}">{inner}</optgroup>')
        else:
            parts.append(_option(key, label, chosen))
    return mark_safe("".join(parts))


class ItemFilterForm(forms.Form):
    """The search form; an udvalg needs its kommune (body slugs are unique per kommune)."""

    municipalities: dict = {}  # slug → Municipality, set by ItemFilter from the directory

    def clean_kommune(self):
        slug = (self.cleaned_data.get("kommune") or "").strip()
        if slug and slug not in self.municipalities:
            raise forms.ValidationError(f"Kommunen »{slug}« findes ikke i arkivet.")
        return slug

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
        help_text="Ord, sagsnummer eller spørgsmål. »frase« i anførselstegn, -ord udelukker, "
        "eller mellem alternativer, budget* for begyndelser.",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    # Text filters shown as a <select>: the widget's choices are set per request from the
    # directory, not deep-copied and normalised per form. The form checks that the kommune
    # exists; lenient_params has already left out an udvalg that is not a body of it.
    kommune = django_filters.CharFilter(
        label="Kommune", method="filter_municipality", max_length=100, widget=QuickSelect
    )
    udvalg = django_filters.CharFilter(
        label="Udvalg", method="filter_body", max_length=200, widget=QuickSelect
    )
    fra = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label="Fra dato",
        input_formats=DATE_FORMATS,
        widget=QuickDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    til = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label="Til dato",
        input_formats=DATE_FORMATS,
        widget=QuickDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sag = django_filters.CharFilter(
        label="Sagsnummer",
        method="filter_case",
        max_length=100,
        help_text="Fx 20/030692",
        widget=QuickInput,
    )
    kle = django_filters.CharFilter(
        label="KLE-emne",
        method="filter_kle",
        max_length=8,
        validators=[KLE_TOPIC],
        help_text="Fx 00.01 eller 00.01.00",
        widget=QuickInput,
    )
    praecis = django_filters.BooleanFilter(
        label="Søg kun på ordene, som de er skrevet", method="keep", widget=forms.HiddenInput
    )
    sortering = django_filters.ChoiceFilter(
        label="Sortering", method="keep", choices=ORDER_CHOICES, empty_label=None
    )

    class Meta:
        model = AgendaItem
        fields: list[str] = []
        form = ItemFilterForm

    def __init__(self, data=None, *args, known: Directory | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        known = known or directory()
        self.known = known
        self.municipalities = known.municipalities
        self.form.municipalities = self.municipalities
        self.form.fields["kommune"].widget.grouped = _municipality_choices(
            tuple((m.slug, m.name) for m in self.municipalities.values())
        )
        # Every body as (pk, municipality_id, slug, name), for query understanding and facets.
        self.all_bodies: tuple[tuple, ...] = known.bodies
        self.bodies: dict[str, Body] = {}
        chosen = self.municipalities.get((data or {}).get("kommune", ""))
        if chosen is not None:
            self.bodies = known.bodies_of(chosen)
            body_choices = (("", "Alle udvalg"),) + tuple(
                (b.slug, b.name) for b in self.bodies.values()
            )
        else:
            # Every body, grouped by kommune, as "kommune/udvalg": no round trip to choose one.
            body_choices = _grouped_bodies(
                known.bodies,
                tuple((m.pk, m.slug, m.name) for m in self.municipalities.values()),
            )
        self.form.fields["udvalg"].widget.grouped = body_choices

    def get_form_class(self):
        """One form class per process: django-filter builds a new class, with new fields, for
        every filterset, and no filter here changes per request (the choices of the two
        selects are set on the form's own copies of their widgets)."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def keep(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """q and sortering are applied by the search, not here."""
        return queryset

    def filter_municipality(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(municipality_id=self.municipalities[value].pk)

    def filter_body(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        body = self.bodies.get(value)
        return queryset if body is None else queryset.filter(body_id=body.pk)

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
    def literal(self) -> bool:
        return bool(self.form.cleaned_data.get("praecis"))

    @property
    def order(self) -> str:
        """The order the list is in: relevance only with search words."""
        chosen = self.form.cleaned_data.get("sortering")
        if not self.search_text:
            return NEWEST
        if chosen in (RELEVANCE, NEWEST):
            return chosen
        return RELEVANCE


@lru_cache(maxsize=8)
def _municipality_choices(municipalities: tuple) -> tuple:
    """The form's kommune choices, one tuple per state of the municipalities."""
    return (("", "Alle kommuner"),) + municipalities


@lru_cache(maxsize=8)
def _grouped_bodies(bodies: tuple, municipalities: tuple) -> tuple:
    """Every body grouped by kommune for the form's <select>, as hashable tuples, built once
    per process for each state of the bodies (their rows are the key)."""
    by_pk = {pk: (slug, name) for pk, slug, name in municipalities}
    groups: dict[int, list] = {}
    for _, municipality_id, slug, name in bodies:
        groups.setdefault(municipality_id, []).append((f"{by_pk[municipality_id][0]}/{slug}", name))
    ordered = sorted(groups, key=lambda pk: by_pk[pk][1])
    return (("", "Alle udvalg"),) + tuple((by_pk[pk][1], tuple(groups[pk])) for pk in ordered)


def lenient_params(
    params: QueryDict, known: Directory | None = None
) -> tuple[QueryDict, list[str]]:
    """The search parameters with every value the form cannot use left out, and a Danish
    notice for each (an unknown value never stops a search). An udvalg without its kommune
    gets the kommune when the body's slug is unique."""
    kept = params.copy()
    notices: list[str] = []

    def drop(name: str, message: str) -> None:
        kept.pop(name, None)
        notices.append(message)

    for name in list(kept):
        if len(kept.getlist(name)) > 1:  # one value per parameter: the last one
            kept.setlist(name, kept.getlist(name)[-1:])
    known = known or directory()
    slug = kept.get("kommune", "").strip()
    municipality = known.municipalities.get(slug) if slug else None
    if slug and municipality is None:
        drop("kommune", f"Kommunen »{slug}« findes ikke i arkivet; der søges i alle kommuner.")
    body_slug = kept.get("udvalg", "").strip()
    if "/" in body_slug:  # "kommune/udvalg" from the grouped list
        slug, body_slug = body_slug.split("/", 1)
        municipality = known.municipalities.get(slug)
        if municipality is None:
            drop("udvalg", f"Kommunen »{slug}« findes ikke i arkivet; der søges i alle kommuner.")
            body_slug = ""
        else:
            kept["kommune"], kept["udvalg"] = slug, body_slug
    if body_slug:
        owners = [
            owner
            for _, owner, body, _ in known.bodies
            if body == body_slug and (municipality is None or owner == municipality.pk)
        ]
        if len(owners) == 1:
            kept["kommune"] = known.municipalities_by_pk[owners[0]].slug
        elif owners:
            drop("udvalg", "Flere kommuner har et udvalg med det navn: vælg kommunen først.")
        else:
            drop("udvalg", f"Udvalget »{body_slug}« findes ikke her; der søges i alle udvalg.")
    for name, label in (("fra", "Fra dato"), ("til", "Til dato")):
        value = kept.get(name, "").strip()
        if value and not _is_date(value):
            drop(name, f"{label} »{value}« kunne ikke læses (skriv fx 2020-09-01) og er udeladt.")
    kle = kept.get("kle", "").strip()
    if kle:
        try:
            KLE_TOPIC(kle)
        except forms.ValidationError:
            drop("kle", f"KLE-emnet »{kle}« er udeladt: skriv fx 00.01 eller 00.01.00.")
    if kept.get("sortering") and kept["sortering"] not in (RELEVANCE, NEWEST):
        kept.pop("sortering")
    if len(kept.get("q", "")) > 300:
        kept["q"] = kept["q"][:300]
        notices.append("Søgningen var meget lang; kun de første 300 tegn bruges.")
    if len(kept.get("sag", "")) > 100:
        drop("sag", "Sagsnummeret var for langt og er udeladt.")
    return kept, notices


def _is_date(value: str) -> bool:
    for pattern in DATE_FORMATS:
        try:
            dt.datetime.strptime(value, pattern)
            return True
        except ValueError:
            continue
    return False


@dataclass(frozen=True)
class ActiveFilter:
    """An active filter: a phrase for the sentence ("i Aarhus Kommune"), a short label
    ("Kommune: Aarhus Kommune") and the URL without it."""

    description: str
    label: str
    remove_url: str
    remove_names: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def search_path() -> str:
    return reverse("meetings:search")


def _query(params: QueryDict, leave_out: tuple[str, ...] = (), **values: str) -> str:
    """The query string of ``params`` (every value of each, in their order) less the page
    number and ``leave_out``, with ``values`` set in place. Written with urlencode on plain
    pairs: QueryDict.copy() deep-copies, and a results page builds about forty links."""
    skip = {PAGE_PARAM, *leave_out}
    pairs = []
    for name, found in params.lists():
        if name in skip:
            continue
        if name in values:
            pairs.append((name, values.pop(name)))
        else:
            pairs.extend((name, value) for value in found)
    pairs.extend(values.items())
    return urlencode(pairs)


def _search_url(params: QueryDict, leave_out: tuple[str, ...] = (), **values: str) -> str:
    query = _query(params, leave_out, **values)
    return search_path() + (f"?{query}" if query else "")


def url_without(params: QueryDict, *names: str) -> str:
    """The search URL with these parameters (and the page number) left out."""
    return _search_url(params, names)


def active_filters(filterset: ItemFilter) -> list[ActiveFilter]:
    """The valid, active filters in the order of the form, described in Danish."""
    if not filterset.form.is_valid():
        return []
    data, params = filterset.form.cleaned_data, filterset.data
    found = []

    def add(description: str, label: str, *names: str) -> None:
        found.append(ActiveFilter(description, label, url_without(params, *names), names))

    if data.get("q"):
        text = data["q"].strip()
        add(f"der matcher »{text}«", f"Søgeord: {text}", "q", LITERAL_PARAM)
    if data.get("kommune"):
        name = filterset.municipalities[data["kommune"]].name
        add(f"i {name}", f"Kommune: {name}", "kommune", "udvalg")
    if data.get("udvalg") and data["udvalg"] in filterset.bodies:
        name = filterset.bodies[data["udvalg"]].name
        add(f"behandlet i {name}", f"Udvalg: {name}", "udvalg")
    if data.get("fra"):
        day = date_format(data["fra"], "j. F Y")
        add(f"fra møder den {day} eller senere", f"Fra: {day}", "fra")
    if data.get("til"):
        day = date_format(data["til"], "j. F Y")
        add(f"fra møder den {day} eller før", f"Til: {day}", "til")
    if data.get("sag"):
        value = data["sag"].strip()
        add(f"med sagsnummer {value}", f"Sagsnummer: {value}", "sag")
    if data.get("kle"):
        add(f"med KLE-emne {data['kle']}", f"KLE-emne: {data['kle']}", "kle")
    return found


def page_query(params: QueryDict) -> str:
    """The query string of this search without the page number, for pagination links."""
    return _query(params)


def url_with(params: QueryDict, drop: tuple[str, ...] = (), **values: str) -> str:
    """The search URL with these parameters set (and ``drop`` and the page number left out)."""
    return _search_url(params, drop, **values)
