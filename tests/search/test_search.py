"""Search on /soeg/: Danish stemming, websearch syntax, filters, ordering, paging, snippets.

The same tests run on SQLite (FTS5 over Snowball stems) and PostgreSQL ('danish' tsvector).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from meetings import search
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def get(client, **params):
    response = client.get("/soeg/", params)
    assert response.status_code == 200
    return response


def found(client, **params) -> list[int]:
    """The item ids on the result page, in order."""
    results = get(client, **params).context["results"]
    assert results is not None, "the form was not valid"
    return [hit.item.pk for hit in results.hits]


def test_stemming_valgliste_finds_valglister(client, corpus):
    assert found(client, q="valgliste") == [corpus.lists.pk]
    assert found(client, q="VALGLISTERNE") == [corpus.lists.pk]


def test_stemming_moede_finds_moederne(client, corpus):
    # "møderne" occurs only in a section of the Ballerup item.
    assert corpus.schools.pk in found(client, q="møde")
    assert corpus.schools.pk in found(client, q="møderne")


def test_words_are_anded(client, corpus):
    assert found(client, q="valglister kommunalvalget") == [corpus.lists.pk]
    assert found(client, q="valglister budget") == []


def test_quoted_phrase_must_occur_as_written(client, corpus):
    loose = found(client, q="digitale møder")
    phrase = found(client, q='"digitale møder"')
    # The budget item says "Møder om digitale løsninger": both words, not the phrase.
    assert corpus.budget.pk in loose
    assert corpus.budget.pk not in phrase
    assert {corpus.digital.pk, corpus.council.pk} <= set(phrase)


def test_minus_excludes_a_word(client, corpus):
    with_council = found(client, q='"digitale møder"')
    without = found(client, q='"digitale møder" -venstre')
    assert corpus.council.pk in with_council
    assert corpus.council.pk not in without
    assert corpus.digital.pk in without


def test_or_between_alternatives(client, corpus):
    assert set(found(client, q="valgliste or budget")) == {corpus.lists.pk, corpus.budget.pk}


def test_title_match_ranks_above_body_match(client, corpus):
    # "digitalisering" is in the schools item's title; "digitale" stems differently, so use
    # a word in one title and in another item's decision: "budget".
    extra = f.item(corpus.m1, "Tilskud til foreninger", decision="Budget og tilskud drøftet.")
    ids = found(client, q="budget", sortering="relevans")
    assert ids.index(corpus.budget.pk) < ids.index(extra.pk)


def test_routine_items_rank_lower(client, corpus):
    meeting = f.meeting(corpus.magistraten, date=dt.date(2022, 1, 10))
    routine = f.item(meeting, "Eventuelt", number=1, decision="Kunstgræsbanen blev drøftet.")
    real = f.item(meeting, "Anlæg ved skolen", number=2, decision="Kunstgræsbanen blev drøftet.")
    assert found(client, q="kunstgræsbanen", sortering="dato") == [routine.pk, real.pk]
    assert found(client, q="kunstgræsbanen", sortering="relevans") == [real.pk, routine.pk]


def test_order_by_date_is_newest_first(client, corpus):
    ids = found(client, q="møde", sortering="dato")
    dates = [
        hit.item.date for hit in get(client, q="møde", sortering="dato").context["results"].hits
    ]
    assert dates == sorted(dates, reverse=True)
    assert ids[0] == corpus.schools.pk  # 2021, the newest


def test_default_order_is_relevance_with_a_query_and_date_without(client, corpus):
    assert get(client, q="møde").context["results"].order == "relevans"
    listing = get(client).context["results"]
    assert listing.order == "dato"
    dates = [hit.item.date for hit in listing.hits]
    assert dates == sorted(dates, reverse=True)
    assert len(listing.hits) == 7  # every item, the closed one by its title


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kommune": "ballerup"}, {"schools", "budget"}),
        ({"kommune": "aarhus", "udvalg": "aarhus-byraad"}, {"council"}),
        ({"fra": "2020-09-01"}, {"council", "schools", "budget"}),
        ({"til": "2020-09-01"}, {"digital", "lists", "agenda"}),
        ({"fra": "2020-09-01", "til": "2020-12-31"}, {"council"}),
        ({"sag": "20/030692"}, {"digital", "council"}),
        ({"kle": "00.01"}, {"digital", "lists"}),
        ({"kle": "00.01.00"}, {"digital"}),
        ({"kle": "17"}, {"schools"}),
    ],
)
def test_search_combined_with_each_filter(client, corpus, params, expected):
    # "godkend" matches agenda ("Godkendt") and lists ("godkendes"); use a query that
    # touches every item that has a decision: the OR of their distinctive words.
    query = "godkendt or fremsendes or valglisterne or vedtaget or efterretning or anbefales"
    ids = set(found(client, q=query, **params))
    assert ids == {getattr(corpus, name).pk for name in expected}
    # The same filter without a query lists the same items (and the closed one's title,
    # unless the filter is a case number or KLE topic, which closed items never reveal).
    listed = set(found(client, **params))
    assert listed - {corpus.closed.pk} == ids
    if "sag" in params or "kle" in params:
        assert corpus.closed.pk not in listed


def test_filter_by_municipality_and_body_alone(client, corpus):
    assert set(found(client, kommune="aarhus", udvalg="magistraten")) == {
        corpus.agenda.pk,
        corpus.digital.pk,
        corpus.lists.pk,
        corpus.closed.pk,
    }


def test_pagination_keeps_filters(client, corpus):
    meeting = f.meeting(corpus.digi, date=dt.date(2022, 3, 1))
    made = [
        f.item(meeting, f"Vejprojekt nummer {n}", number=n, decision="Vejprojektet godkendes.")
        for n in range(1, 26)
    ]
    first = get(client, q="vejprojekt", kommune="ballerup", sortering="dato")
    results = first.context["results"]
    assert results.count == 25
    assert len(results.hits) == 20
    html = first.content.decode()
    assert "side=2" in html
    assert "q=vejprojekt&amp;kommune=ballerup&amp;sortering=dato&amp;side=2" in html
    second = found(client, q="vejprojekt", kommune="ballerup", sortering="dato", side="2")
    assert len(second) == 5
    page_one = [hit.item.pk for hit in results.hits]
    assert set(page_one) | set(second) == {item.pk for item in made}
    assert not set(page_one) & set(second)


def test_hit_count_is_capped(client, corpus, monkeypatch):
    monkeypatch.setattr(search.results, "CANDIDATE_LIMIT", 2)
    response = get(client, q="godkendt or fremsendes or vedtaget or efterretning")
    results = response.context["results"]
    assert results.capped
    assert results.count == 2
    assert "Mere end 2" in response.content.decode()


def test_exact_hit_count_shown(client, corpus):
    response = get(client, q='"digitale møder"')
    assert response.context["results"].count == 2
    assert re.search(r'id="resultater"[^>]*>\s*2\s+træf', response.content.decode())


def test_snippet_highlights_matched_words(client, corpus):
    html = get(client, q="valgliste").content.decode()
    assert "<mark>Valglister</mark> til kommunalvalget" in html  # the title
    assert "<mark>Valglisterne</mark> godkendes" in html  # the snippet


def test_active_filters_are_described_with_remove_links(client, corpus):
    html = get(client, q="møde", kommune="aarhus", fra="2020-01-01").content.decode()
    assert (
        "Viser punkter der matcher »møde«, i Aarhus Kommune og fra møder den 1. januar 2020" in html
    )
    assert 'href="/soeg/?kommune=aarhus&amp;fra=2020-01-01"' in html  # without q
    assert 'href="/soeg/?q=m%C3%B8de&amp;fra=2020-01-01"' in html  # without kommune
    assert 'href="/soeg/?q=m%C3%B8de&amp;kommune=aarhus"' in html  # without fra


def test_empty_result_says_so_and_offers_to_drop_filters(client, corpus):
    html = get(client, q="valgliste", kommune="ballerup").content.decode()
    assert "Ingen punkter matcher søgningen" in html
    assert "Søg uden »Kommune: Ballerup Kommune«" in html
    assert 'href="/soeg/?q=valgliste"' in html


@pytest.mark.parametrize(
    "params, notice",
    [
        ({"fra": "2020-13-45"}, "Fra dato »2020-13-45« kunne ikke læses"),
        ({"til": "i går"}, "Til dato »i går« kunne ikke læses"),
        ({"kle": "abc"}, "KLE-emnet »abc« er udeladt"),
        ({"kommune": "atlantis"}, "Kommunen »atlantis« findes ikke i arkivet"),
        ({"kommune": "ballerup", "udvalg": "magistraten"}, "Udvalget »magistraten« findes ikke"),
        ({"sortering": "tilfaeldig"}, ""),
    ],
)
def test_unknown_values_are_ignored_with_a_danish_notice(client, corpus, params, notice):
    response = get(client, q="møde", **params)
    results = response.context["results"]
    assert results is not None and results.count > 0  # the search still ran
    html = response.content.decode()
    assert notice in html
    assert "Marker en gyldig valgmulighed" not in html
    assert "Søgningen kunne ikke udføres" not in html


def test_body_without_municipality_is_resolved_when_unique(client, corpus):
    ids = set(found(client, udvalg="magistraten"))
    assert ids == {corpus.agenda.pk, corpus.digital.pk, corpus.lists.pk, corpus.closed.pk}


def test_danish_dates_are_understood(client, corpus):
    assert set(found(client, fra="01-09-2020", til="31.12.2020")) == {corpus.council.pk}


@pytest.mark.parametrize("query", ["-venstre", "og i at", '""', "-", "or"])
def test_queries_without_searchable_words_explain_why(client, corpus, query):
    results = get(client, q=query).context["results"]
    assert results.problem
    assert results.hits == []


def test_closed_item_found_by_title_only(client, corpus):
    for word in ("hemmeligholdt", "løntillæg", "Xenofon", "Lønoversigt"):
        assert found(client, q=word) == [], word
    response = get(client, q="personalesag")
    assert [hit.item.pk for hit in response.context["results"].hits] == [corpus.closed.pk]
    html = response.content.decode()
    assert "Lukket punkt" in html
    for secret in ("hemmeligholdt", "løntillæg", "Xenofon", "Fortrolig"):
        assert secret not in html


def test_closed_item_never_in_a_snippet(client, corpus):
    # A query that matches the closed item's title and other items' content.
    f.item(corpus.m3, "Personalesag om ansættelse", decision="Personalesag behandlet åbent.")
    html = get(client, q="personalesag").content.decode()
    assert "Personalesag behandlet" in html or "<mark>Personalesag</mark> behandlet" in html
    for secret in ("hemmeligholdt", "løntillæg", "Xenofon", "Fortrolig"):
        assert secret not in html


def test_closed_item_case_numbers_do_not_match_filters(client, corpus):
    assert found(client, sag="20/999999") == []
    assert found(client, q="personalesag", sag="20/999999") == []


def test_reindex_follows_an_edit(client, corpus):
    item = corpus.budget
    item.decision = "Anbefales. Cykelstien forlænges."
    item.save()  # the index follows every save (meetings/index_sync.py)
    assert found(client, q="cykelstien") == [item.pk]
    search.reindex_items([item.pk])  # and an explicit re-index changes nothing
    assert found(client, q="cykelstien") == [item.pk]


def test_closing_an_item_removes_its_content_from_the_index(client, corpus):
    item = corpus.lists
    item.closed = True
    item.save()
    search.reindex_items([item.pk])
    assert found(client, q="indstillet") == []
    assert found(client, q="kommunalvalget") == [item.pk]


def test_deleted_items_disappear_from_search(client, corpus):
    pk = corpus.budget.pk
    corpus.budget.delete()
    search.reindex_items([pk])
    assert found(client, q="budget") == []


def test_rebuild_index_matches_incremental_index(client, corpus):
    before = found(client, q="møde", sortering="dato")
    search.rebuild_index()
    assert found(client, q="møde", sortering="dato") == before


def test_script_in_text_is_shown_as_text(client, corpus):
    f.item(
        corpus.m3,
        "<script>alert('titel')</script> Tilskud",
        decision="Tilskud <script>alert('beslutning')</script> bevilget <b>fed</b>.",
    )
    for params in ({"q": "tilskud"}, {"q": "tilskud", "sortering": "dato"}, {}):
        html = get(client, **params).content.decode()
        assert "<script>alert" not in html
        assert "<b>fed</b>" not in html
        assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt;" in html


def test_a_body_can_be_chosen_without_choosing_its_municipality_first(client, corpus):
    html = get(client).content.decode()
    assert '<optgroup label="Aarhus Kommune">' in html
    assert '<option value="aarhus/magistraten">Magistraten</option>' in html
    ids = set(
        found(client, q="godkendt or fremsendes or valglisterne", udvalg="aarhus/magistraten")
    )
    assert ids == {corpus.agenda.pk, corpus.digital.pk, corpus.lists.pk}
    html = get(client, udvalg="aarhus/magistraten").content.decode()
    assert "Udvalg: Magistraten" in html


@pytest.mark.skipif(
    __import__("django.db", fromlist=["connection"]).connection.vendor != "postgresql",
    reason="the phrase walk's bound is the PostgreSQL backend's (FTS5 matches phrases itself)",
)
def test_phrase_walk_stops_at_its_bound_and_says_so(client, corpus, monkeypatch):
    """A phrase is tested only on the newest PHRASE_WALK_LIMIT items holding all its words;
    the page then says that older matches may exist."""
    from meetings.models import AgendaItem
    from meetings.search import postgres

    query = search.parse_query('"digitale møder"')
    with_words = list(
        AgendaItem.objects.filter(search_vector=postgres.tsquery(query, expand=False, loose=True))
        .newest_first()
        .values_list("pk", flat=True)
    )
    every_match = found(client, q='"digitale møder"', sortering="dato")
    assert len(with_words) > 2 and set(every_match) < set(with_words)
    assert get(client, q='"digitale møder"').context["results"].phrase_limit == 0

    monkeypatch.setattr(postgres, "PHRASE_WALK_LIMIT", 2)
    response = get(client, q='"digitale møder"', sortering="dato")
    shown = [hit.item.pk for hit in response.context["results"].hits]
    assert shown == [pk for pk in with_words[:2] if pk in every_match]
    assert response.context["results"].phrase_limit == 2
    assert "nyeste punkter, der har alle dens ord" in response.content.decode()


def test_the_form_refuses_a_kommune_outside_the_archive_in_danish(corpus):
    """Without lenient_params in front (the feeds), the filter form itself checks the kommune."""
    from meetings.filters import ItemFilter
    from meetings.models import AgendaItem

    refused = ItemFilter({"kommune": "atlantis"}, queryset=AgendaItem.objects.all())
    assert not refused.is_valid()
    assert refused.form.errors["kommune"] == ["Kommunen »atlantis« findes ikke i arkivet."]
    accepted = ItemFilter({"kommune": "aarhus"}, queryset=AgendaItem.objects.all())
    assert accepted.is_valid()
    assert set(accepted.qs.values_list("municipality__slug", flat=True)) == {"aarhus"}


def test_each_kind_of_hit_is_written_as_its_row(client):
    """The rows are written in Python (meetings/pages/listing.py): a closed item shows its
    title, the badge and the note only; an agenda item says its decision is not published;
    an open item shows its snippet; the body's name is escaped; each links to its pages."""
    council = f.body("Udvalget for <Teknik> & Miljø")
    agenda = f.meeting(council, date=dt.date(2021, 3, 4), kind="dagsorden")
    minutes = f.meeting(council, date=dt.date(2021, 2, 1))
    open_item = f.item(
        minutes, "Kloakfornyelse i midtbyen", decision="Kloakfornyelsen blev godkendt."
    )
    closed_item = f.item(
        minutes, "Kloakfornyelse, erstatning", decision="Hemmelig sum.", closed=True
    )
    agenda_item = f.item(agenda, "Kloakfornyelse, etape 2")
    html = client.get("/soeg/", {"q": "kloakfornyelse", "sortering": "dato"}).content.decode()
    rows = re.findall(r'<li class="result">.*?</li>', html, re.S)
    assert len(rows) == 3
    newest, *older = rows
    assert f'href="/punkter/{agenda_item.pk}/"' in newest
    assert "Beslutning ikke offentliggjort (dagsorden – referatet er ikke offentliggjort)" in newest
    assert '<span class="badge badge--agenda">Dagsorden</span>' in newest
    assert '<time datetime="2021-03-04">4. marts 2021</time>' in newest
    assert "Udvalget for &lt;Teknik&gt; &amp; Miljø" in newest and "<Teknik>" not in html
    closed_row = next(row for row in older if f"/punkter/{closed_item.pk}/" in row)
    assert "Lukket punkt – kun titlen er offentlig." in closed_row
    assert "badge--closed" in closed_row and "Hemmelig" not in html
    open_row = next(row for row in older if f"/punkter/{open_item.pk}/" in row)
    assert '<p class="snippet"><mark>Kloakfornyelsen</mark> blev godkendt.</p>' in open_row
    assert f'href="{minutes.get_absolute_url()}"' in open_row
    assert "Aarhus Kommune" in open_row
