"""Closed items (Lukket) show their title and "Lukket punkt", and nothing more, anywhere."""

from __future__ import annotations

import pytest

from tests.web import factories as f

pytestmark = pytest.mark.django_db

SECRETS = ("hemmeligholdt", "løntillæg", "Xenofon", "Fortrolig", "Lønoversigt", "20/999999")


def public_urls(corpus) -> list[str]:
    return [
        "/",
        "/soeg/",
        "/soeg/?q=personalesag",
        "/soeg/?q=personalesag&sortering=dato",
        "/soeg/?kommune=aarhus&udvalg=magistraten",
        "/kommuner/aarhus/",
        corpus.magistraten.get_absolute_url(),
        corpus.m1.get_absolute_url(),
        corpus.closed.get_absolute_url(),
        corpus.digital.get_absolute_url(),
        "/sager/20/030692/",
        corpus.m1.source.get_absolute_url(),
    ]


def test_closed_item_content_never_rendered(client, corpus):
    for url in public_urls(corpus):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for secret in SECRETS:
            assert secret not in html, (url, secret)


def test_closed_item_shows_title_and_lukket_punkt(client, corpus):
    for url in (
        corpus.m1.get_absolute_url(),
        corpus.closed.get_absolute_url(),
        "/soeg/?q=personalesag",
    ):
        html = client.get(url).content.decode()
        assert "Personalesag" in html, url
        assert "Lukket punkt" in html, url


def test_case_number_only_on_a_closed_item_is_unknown(client, corpus):
    assert client.get("/sager/20/999999/").status_code == 404


def test_closed_item_left_out_of_shared_case_timelines(client, corpus):
    f.item(corpus.m2, "Lukket opfølgning", closed=True, cases=(("20/030692", "esdh"),))
    for url in ("/sager/20/030692/", corpus.digital.get_absolute_url()):
        assert "Lukket opfølgning" not in client.get(url).content.decode(), url


def test_words_only_in_closed_content_find_nothing(client, corpus):
    for word in ("hemmeligholdt", "Xenofon", "Lønoversigt", "fortrolig"):
        response = client.get("/soeg/", {"q": word})
        assert response.context["results"].hits == [], word
