"""Søgning (/soeg/): the search page. A short recipe: make the parameters usable, filter,
understand the query (case numbers, named bodies and municipalities), search, and on zero
hits suggest spellings and the filter to drop. All state lives in the URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from .directory import directory
from .filters import (
    LITERAL_PARAM,
    ItemFilter,
    active_filters,
    lenient_params,
    page_query,
    url_with,
    url_without,
)
from .models import AgendaItem, CaseNumber, ItemCaseNumber
from .search import NEWEST, RELEVANCE, browse_items, parse_query, search_items, vocabulary
from .search.query import ParsedQuery
from .search.results import count_matches, has_matches
from .search.understanding import understand

FACET_SIZE = 8
SPELLING_SUGGESTIONS = 3


@dataclass(frozen=True)
class Link:
    """A labelled link with an optional count (facets, suggestions)."""

    label: str
    url: str
    count: int | None = None
    active: bool = False


def search(request: HttpRequest) -> HttpResponse:
    """Søgning: full-text search and filters."""
    known = directory()
    params, notices = lenient_params(request.GET, known)
    filterset = ItemFilter(params, queryset=AgendaItem.objects.all(), known=known)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "results": None,
        "notices": notices,
        "active": active_filters(filterset),
        "filters_set": [a for a in active_filters(filterset) if "q" not in a.remove_names],
        "page_query": page_query(params),
        "search_text": "",
        "order": "dato",
    }
    if not filterset.is_valid():  # lenient_params leaves nothing invalid; kept for safety
        return render(request, "meetings/search.html", context)
    text, page_number = filterset.search_text, request.GET.get("side")
    queryset = filterset.qs
    context.update(
        search_text=text,
        order=filterset.order,
        order_relevance_url=url_with(params, sortering=RELEVANCE),
        order_newest_url=url_with(params, sortering=NEWEST),
    )
    if not text:
        context["results"] = browse_items(queryset, page_number)
        if not context["results"].count:
            context["drop_hint"] = _broadest_drop(filterset, params, None)
        return render(request, "meetings/search.html", context)

    query = parse_query(text)
    if not filterset.literal:
        understood = understand(
            query,
            filterset.municipalities.values(),
            filterset.all_bodies,
            chosen_municipality=params.get("kommune", ""),
            chosen_body=params.get("udvalg", ""),
        )
        query = understood.query
        if understood.narrowed_to is not None:
            place = understood.narrowed_to
            queryset = queryset.filter(municipality_id=place.municipality_id)
            if place.body_id:
                queryset = queryset.filter(body_id=place.body_id)
            context["narrowed_to"] = place
            context["literal_url"] = url_with(params, **{LITERAL_PARAM: "1"})
        context["place_suggestions"] = [
            Link(
                f"Kun {p.label}?",
                url_with(
                    params,
                    q=_without_words(text, understood.named_words) or text,
                    kommune=p.municipality_slug,
                    **({"udvalg": p.body_slug} if p.body_slug else {}),
                ),
            )
            for p in understood.suggested
        ]
    if query.numbers:
        known = set(
            CaseNumber.objects.filter(value__in=query.numbers).values_list("value", flat=True)
        )
        if known:
            query = query.with_case_numbers(known)
    queryset, cases = _case_filters(queryset, query)
    context["cases"] = cases
    results = search_items(queryset, query, order=filterset.order, page_number=page_number)
    context["results"] = results
    context["facets"] = _facets(results, filterset, params)
    if not results.count and not results.problem:
        context["spellings"] = _spellings(queryset, query, text, params)
        context["drop_hint"] = _broadest_drop(filterset, params, query)
    return render(request, "meetings/search.html", context)


def _case_filters(queryset: QuerySet, query: ParsedQuery) -> tuple[QuerySet, list]:
    """Case numbers and KLE topics typed in the box narrow to their open items."""
    cases: list = []
    if query.case_numbers:
        wanted = {v for value in query.case_numbers for v in (value, value.upper())}
        cases = list(CaseNumber.objects.filter(value__in=wanted).order_by("value")[:10])
        links = ItemCaseNumber.objects.filter(case_number__in=[c.pk for c in cases])
        queryset = queryset.filter(closed=False, pk__in=links.values("item_id"))
    if query.dates:
        queryset = queryset.filter(date__in=query.dates)
    for topic in query.kle_topics:
        upper = topic[:-1] + chr(ord(topic[-1]) + 1)
        links = ItemCaseNumber.objects.filter(
            case_number__kle__gte=topic, case_number__kle__lt=upper
        )
        queryset = queryset.filter(closed=False, pk__in=links.values("item_id"))
    return queryset, cases


def _without_words(text: str, drop) -> str:
    return " ".join(w for w in text.split() if w.lower().strip("?!.,") not in set(drop))


def _facets(results, filterset: ItemFilter, params) -> dict[str, list[Link]]:
    """Municipality, body and year counts over the hits, each a link that narrows to it."""
    if not results.facets:
        return {}
    counts = results.facets
    by_pk = filterset.known.municipalities_by_pk
    top_bodies = [pk for pk, _ in counts["body"].most_common(FACET_SIZE)]
    bodies = filterset.known.bodies_by_pk(set(top_bodies))
    chosen_year = (params.get("fra", "")[:4], params.get("til", "")[:4])
    facets = {
        "municipality": [
            Link(
                by_pk[pk].name,
                url_with(params, drop=("udvalg",), kommune=by_pk[pk].slug),
                n,
                params.get("kommune") == by_pk[pk].slug,
            )
            for pk, n in counts["municipality"].most_common(FACET_SIZE)
            if pk in by_pk
        ],
        "body": [
            Link(
                f"{bodies[pk].name} ({by_pk[bodies[pk].municipality_id].short_name})",
                url_with(
                    params, kommune=by_pk[bodies[pk].municipality_id].slug, udvalg=bodies[pk].slug
                ),
                n,
                params.get("udvalg") == bodies[pk].slug,
            )
            for pk, n in counts["body"].most_common(FACET_SIZE)
            if pk in bodies and bodies[pk].municipality_id in by_pk
        ],
        "year": [
            Link(
                str(year),
                url_with(params, fra=f"{year}-01-01", til=f"{year}-12-31"),
                n,
                chosen_year == (str(year), str(year)),
            )
            for year, n in sorted(counts["year"].items(), reverse=True)
        ],
    }
    return {name: links for name, links in facets.items() if links}


def _spellings(queryset: QuerySet, query: ParsedQuery, text: str, params) -> list[Link]:
    """Up to three corrected queries, from the index vocabulary, that find something."""
    unknown = [
        term.words[0]
        for alternative in query.alternatives
        for term in alternative
        if not term.negated and len(term.words) == 1 and not vocabulary.known(term.words[0])
    ][:3]
    found: list[Link] = []
    if not unknown:
        return found
    options = {word: vocabulary.nearest(word) for word in unknown}
    first = unknown[0]
    corrections = []
    for candidate in options[first]:
        corrected = _replace_word(text, first, candidate)
        for other in unknown[1:]:
            if options[other]:
                corrected = _replace_word(corrected, other, options[other][0])
        corrections.append(corrected)
    for corrected in corrections:
        if has_matches(queryset, parse_query(corrected)):
            found.append(Link(corrected, url_with(params, q=corrected)))
    if not found:  # found only outside the filters: offer it there
        everywhere = AgendaItem.objects.all()
        for corrected in corrections:
            if has_matches(everywhere, parse_query(corrected)):
                found.append(Link(f"{corrected} (uden filtre)", url_with(QueryDict(), q=corrected)))
    return found[:SPELLING_SUGGESTIONS]


def _replace_word(text: str, word: str, replacement: str) -> str:
    import re

    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, text, count=1, flags=re.I)


def _broadest_drop(filterset: ItemFilter, params, query: ParsedQuery | None) -> Link | None:
    """The one active filter whose removal finds the most, with how many it finds."""
    best: Link | None = None
    for active in active_filters(filterset):
        if active.label.startswith("Søgeord"):
            continue
        names = active.remove_names
        without = params.copy()
        for name in names:
            without.pop(name, None)
        other = ItemFilter(without, queryset=AgendaItem.objects.all(), known=filterset.known)
        if not other.is_valid():
            continue
        n = count_matches(other.qs, query)
        if n and (best is None or n > best.count):
            best = Link(active.label, url_without(params, *names), n)
    return best
