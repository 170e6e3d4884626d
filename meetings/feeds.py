"""Atom feeds (nyhedsfeeds) with Django's syndication framework: per municipality, per body,
per case number and per search (the same query string as /soeg/ under /soeg/feed/).

Entries are agenda items, newest meeting first: title, the meeting's date and time, a link to
the item and the start of its decision; ``updated`` moves when a re-import or a correction
changes the item. Closed items (Lukket) are listed with their title only, through
meetings/gate.py, the same rule as the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from . import gate
from .filters import ItemFilter
from .models import AgendaItem, Body, CaseNumber, Municipality
from .search import NEWEST, browse_items, search_items

FEED_SIZE = 50
CLOSED_NOTE = "Lukket punkt – kun titlen er offentlig."


def _items():
    return AgendaItem.objects.select_related("meeting__body__municipality").defer(
        "parsed", "search_vector", "meeting__parsed"
    )


class ItemFeed(Feed):
    """Shared entry format for every feed of agenda items."""

    feed_type = Atom1Feed
    language = "da"

    def item_title(self, item: AgendaItem) -> str:
        body = item.meeting.body
        title = f"{item.title} – {body.name}, {item.meeting.date:%d.%m.%Y}"
        return f"{title} (lukket punkt)" if item.closed else title

    def item_description(self, item: AgendaItem) -> str:
        if item.closed:
            return CLOSED_NOTE
        start = gate.decision_start(item)
        return f"Beslutning: {start}" if start else "Ingen beslutning i referatet."

    def item_link(self, item: AgendaItem) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: AgendaItem) -> str:
        return f"referat:punkt:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: AgendaItem) -> dt.datetime:
        naive = dt.datetime.combine(item.meeting.date, item.meeting.start_time or dt.time(0, 0))
        return timezone.make_aware(naive)

    def item_updateddate(self, item: AgendaItem) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: AgendaItem) -> str:
        return str(item.meeting.body.municipality)

    def item_categories(self, item: AgendaItem):
        return [item.meeting.body.name]


class MunicipalityFeed(ItemFeed):
    def get_object(self, request: HttpRequest, municipality: str) -> Municipality:
        return get_object_or_404(Municipality, slug=municipality)

    def title(self, obj: Municipality) -> str:
        return f"{obj.name}: nye punkter – Referat"

    def subtitle(self, obj: Municipality) -> str:
        return f"De nyeste dagsordenspunkter fra alle politiske organer i {obj.name}."

    def link(self, obj: Municipality) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Municipality):
        return _items().filter(municipality=obj).newest_first()[:FEED_SIZE]


class BodyFeed(ItemFeed):
    def get_object(self, request: HttpRequest, municipality: str, body: str) -> Body:
        return get_object_or_404(
            Body.objects.select_related("municipality"),
            municipality__slug=municipality,
            slug=body,
        )

    def title(self, obj: Body) -> str:
        return f"{obj.name}, {obj.municipality.name}: nye punkter – Referat"

    def subtitle(self, obj: Body) -> str:
        return f"De nyeste dagsordenspunkter fra {obj.name} i {obj.municipality.name}."

    def link(self, obj: Body) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Body):
        return _items().filter(body=obj).newest_first()[:FEED_SIZE]


class CaseFeed(ItemFeed):
    """Every open item with this case number; a number only on closed items is unknown."""

    def get_object(self, request: HttpRequest, value: str) -> str:
        if not gate.public_case_links().filter(case_number__value=value).exists():
            raise Http404("Ukendt sagsnummer")
        return value

    def title(self, obj: str) -> str:
        return f"Sag {obj} – Referat"

    def subtitle(self, obj: str) -> str:
        return f"Nye behandlinger af sag {obj} i de politiske organer."

    def link(self, obj: str) -> str:
        return reverse("meetings:case", kwargs={"value": obj})

    def items(self, obj: str):
        cases = CaseNumber.objects.filter(value=obj).values("pk")
        links = gate.public_case_links().filter(case_number__in=cases).values("item_id")
        return gate.public_items(_items()).filter(pk__in=links).newest_first()[:FEED_SIZE]


@dataclass(frozen=True)
class SearchQuery:
    """A validated search (the same filters as /soeg/) and its query string."""

    filterset: ItemFilter
    query_string: str


class SearchFeed(ItemFeed):
    """The first page of a search (/soeg/?…) as a feed, newest first."""

    def get_object(self, request: HttpRequest) -> SearchQuery:
        filterset = ItemFilter(request.GET, queryset=AgendaItem.objects.all())
        if not filterset.is_valid():
            raise Http404("Ugyldig søgning")
        return SearchQuery(filterset, request.GET.urlencode())

    def title(self, obj: SearchQuery) -> str:
        text = obj.filterset.search_text
        return f"Søgning »{text}« – Referat" if text else "Søgning – Referat"

    def subtitle(self, obj: SearchQuery) -> str:
        return "De nyeste dagsordenspunkter, der matcher søgningen."

    def _with_query(self, url: str, obj: SearchQuery) -> str:
        return f"{url}?{obj.query_string}" if obj.query_string else url

    def link(self, obj: SearchQuery) -> str:
        return self._with_query(reverse("meetings:search"), obj)

    def feed_url(self, obj: SearchQuery) -> str:
        return self._with_query(reverse("reuse:search-feed"), obj)

    def items(self, obj: SearchQuery):
        filterset = obj.filterset
        if filterset.search_text:
            results = search_items(
                filterset.qs, filterset.search_text, order=NEWEST, per_page=FEED_SIZE
            )
        else:
            results = browse_items(filterset.qs, 1, per_page=FEED_SIZE)
        return [hit.item for hit in results.hits]
