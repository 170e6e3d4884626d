"""Issue 11: search finds what citizens type. Every example of the issue is a test here,
run on SQLite and PostgreSQL alike (the corpus fixture: Aarhus and Ballerup items)."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings.search import vocabulary
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def get(client, **params):
    response = client.get("/soeg/", params)
    assert response.status_code == 200
    return response


def found(client, **params) -> list[int]:
    return [hit.item.pk for hit in get(client, **params).context["results"].hits]


# Case numbers in the box -------------------------------------------------------------


def test_case_number_in_the_box_finds_its_items_and_offers_the_case_page(client, corpus):
    response = get(client, q="20/030692")
    assert set(hit.item.pk for hit in response.context["results"].hits) == {
        corpus.digital.pk,
        corpus.council.pk,
    }
    html = response.content.decode()
    assert 'href="/sager/20/030692/"' in html
    # The case page link comes before the results.
    assert html.index('href="/sager/20/030692/"') < html.index('id="resultater"')


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("326-2015-4892", "326-2015-4892"),
        ("00.01.00-P35-301-20", "00.01.00-P35-301-20"),
        ("eDoc 2019-0123456", "2019-0123456"),
        ("sag nr. 20/111222", "20/111222"),
    ],
)
def test_every_case_number_scheme_is_found(client, corpus, typed, stored):
    scheme = "kle" if "P35" in stored else "esdh"
    kle = ("00.01.00",) if scheme == "kle" else ()
    item = f.item(
        corpus.m3, "Sag med nummer", decision="Godkendt.", cases=((stored, scheme, *kle),)
    )
    response = get(client, q=typed)
    assert [hit.item.pk for hit in response.context["results"].hits] == [item.pk]
    assert f'href="/sager/{stored}/"' in response.content.decode()


def test_case_number_with_words_narrows_the_words(client, corpus):
    assert found(client, q="20/030692 venstre") == [corpus.council.pk]


def test_unknown_case_number_says_so(client, corpus):
    response = get(client, q="99/123456")
    assert response.context["results"].count == 0
    assert "findes ikke i arkivet" in response.content.decode()


def test_closed_items_case_number_in_the_box_finds_nothing(client, corpus):
    response = get(client, q="20/999999")
    assert response.context["results"].count == 0
    html = response.content.decode()
    for secret in ("hemmeligholdt", "løntillæg", "Xenofon", "Personalesag"):
        assert secret not in html


# Danish operators ----------------------------------------------------------------------


def test_eller_is_or(client, corpus):
    assert set(found(client, q="valgliste eller budget")) == set(
        found(client, q="valgliste or budget")
    )
    assert {corpus.lists.pk, corpus.budget.pk} <= set(found(client, q="valgliste eller budget"))


def test_ikke_excludes(client, corpus):
    with_council = found(client, q='"digitale møder"')
    without = found(client, q='"digitale møder" ikke venstre')
    assert corpus.council.pk in with_council
    assert corpus.council.pk not in without and corpus.digital.pk in without


def test_trailing_star_is_a_prefix(client, corpus):
    f.item(corpus.m3, "Budgetanalyser for skoler", decision="Taget til orientering.")
    # Two letters are too short to find compounds by themselves; with a star they are a prefix.
    assert found(client, q="bu") == []
    starred = found(client, q="bu*")
    assert corpus.budget.pk in starred and len(starred) == 2


def test_compounds_found_below_exact_matches(client, corpus):
    analyses = f.item(corpus.m3, "Budgetanalyser for skoler", decision="Budgetanalyserne drøftet.")
    ids = found(client, q="budget", sortering="relevans")
    assert analyses.pk in ids
    assert ids.index(corpus.budget.pk) < ids.index(analyses.pk)
    html = get(client, q="budget").content.decode()
    assert "<mark>Budgetanalyser</mark>" in html


def test_valg_finds_valglister(client, corpus):
    assert corpus.lists.pk in found(client, q="valg")


# Questions and named places ----------------------------------------------------------


def test_readme_question_finds_the_magistrate_item(client, corpus):
    response = get(client, q="hvad besluttede Magistraten om digitale møder")
    ids = [hit.item.pk for hit in response.context["results"].hits]
    assert ids and ids[0] == corpus.digital.pk
    assert corpus.council.pk not in ids  # narrowed to Magistraten
    html = response.content.decode()
    assert "Magistraten i Aarhus Kommune" in html
    assert "praecis=1" in html  # the way back to a literal search


def test_literal_search_keeps_the_name_as_a_word(client, corpus):
    assert found(client, q="Magistraten digitale møder", praecis="1") == []


def test_municipality_named_narrows(client, corpus):
    response = get(client, q="digitale møder Ballerup")
    items = [hit.item for hit in response.context["results"].hits]
    assert items[0].pk == corpus.budget.pk  # the exact match first
    assert {item.municipality.short_name for item in items} == {"Ballerup"}


def test_ambiguous_body_name_becomes_suggested_filters(client, corpus):
    other = f.body("Magistraten", code=151)  # Ballerup gets a Magistraten too
    meeting = f.meeting(other, date=dt.date(2021, 1, 5))
    f.item(meeting, "Digitale møder i Ballerup", decision="Godkendt.")
    response = get(client, q="magistraten digitale møder")
    html = response.content.decode()
    assert "Kun Magistraten i Aarhus Kommune?" in html
    assert "Kun Magistraten i Ballerup Kommune?" in html
    assert response.context["results"].count >= 2


def test_a_name_alone_is_searched_as_written_with_the_filter_suggested(client, corpus):
    response = get(client, q="Magistraten")
    assert response.context["results"].count == 0 or response.context.get("narrowed_to") is None
    assert "Kun Magistraten i Aarhus Kommune?" in response.content.decode()


# Zero hits, facets, order ------------------------------------------------------------


def test_zero_hits_suggest_nearest_spelling(client, corpus):
    response = get(client, q="valglistr")
    assert response.context["results"].count == 0
    labels = [link.label for link in response.context["spellings"]]
    assert labels and labels[0].startswith("valglist")
    assert "Mente du" in response.content.decode()


def test_spelling_never_suggests_closed_content(client, corpus):
    response = get(client, q="løntilæg")
    assert response.context["results"].count == 0
    assert not response.context["spellings"]
    assert "løntillæg" not in response.content.decode()
    assert not vocabulary.known("løntillæg") and not vocabulary.known("xenofon")
    assert vocabulary.known("personalesag")  # the closed item's title is public


def test_zero_hits_name_the_broadest_filter_to_drop(client, corpus):
    response = get(client, q="valgliste", kommune="ballerup")
    hint = response.context["drop_hint"]
    assert hint.label == "Kommune: Ballerup Kommune" and hint.count == 1
    assert "så findes 1 punkt" in response.content.decode()


def test_facet_counts_beside_results(client, corpus):
    response = get(client, q="digitale møder")
    facets = response.context["facets"]
    municipality = {link.label: link.count for link in facets["municipality"]}
    results = response.context["results"]
    assert sum(municipality.values()) == results.count
    aarhus = sum(
        1 for hit in results.hits if hit.item.municipality_id == corpus.m1.body.municipality_id
    )
    assert municipality["Aarhus Kommune"] == aarhus
    years = {link.label: link.count for link in facets["year"]}
    assert sum(years.values()) == results.count
    html = response.content.decode()
    assert "Afgræns søgningen" in html
    assert "fra=2020-01-01&amp;til=2020-12-31" in html


def test_sort_control_says_what_the_list_shows(client, corpus):
    html = get(client, q="møde").content.decode()
    assert '<strong aria-current="true">relevans</strong>' in html
    html = get(client, q="møde", sortering="dato").content.decode()
    assert '<strong aria-current="true">nyeste først</strong>' in html
    # Without words the list is newest first, whatever was asked for.
    listing = get(client, sortering="relevans")
    assert listing.context["results"].order == "dato"
    assert "Sorteret efter: <strong>nyeste først</strong>" in listing.content.decode()


# Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["24. august 2020", "24-08-2020", "2020-08-24", "24.8.2020"])
def test_a_meeting_date_in_the_box_narrows_to_that_day(client, corpus, typed):
    response = get(client, q=f"digitale møder {typed}")
    assert [hit.item.pk for hit in response.context["results"].hits] == [corpus.digital.pk]
    assert "Kun møder den 24. august 2020" in response.content.decode()


def test_body_and_date_alone_list_that_meeting(client, corpus):
    response = get(client, q="Magistraten 24. august 2020")
    ids = {hit.item.pk for hit in response.context["results"].hits}
    assert ids == {corpus.agenda.pk, corpus.digital.pk, corpus.lists.pk, corpus.closed.pk}
    html = response.content.decode()
    for secret in ("hemmeligholdt", "løntillæg", "Xenofon", "Fortrolig"):
        assert secret not in html


def test_an_impossible_date_is_searched_as_words(client, corpus):
    response = get(client, q="31-02-2020")
    assert response.status_code == 200
    assert "Kun møder den" not in response.content.decode()


def test_spelling_found_only_outside_the_filters_is_offered_there(client, corpus):
    response = get(client, q="valglistr", kommune="ballerup")
    links = response.context["spellings"]
    assert links and links[0].label == "valglister (uden filtre)"
    assert "kommune" not in links[0].url
