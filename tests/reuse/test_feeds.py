"""Atom feeds parse with feedparser without errors and carry the expected entries."""

from __future__ import annotations

import datetime as dt

import feedparser
import pytest

from meetings.feeds import CLOSED_NOTE
from tests.reuse.conftest import assert_no_secrets
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed, response.content.decode()


def titles(feed):
    return [entry.title.split(" – ")[0] for entry in feed.entries]


def test_municipality_feed_newest_first(client, corpus):
    feed, _ = parse(client, "/kommuner/aarhus/feed/")
    assert feed.feed.title == "Aarhus Kommune: nye punkter – Referat"
    # Byrådet 2020-09-09 first, then Magistraten 2020-08-24 in agenda order.
    assert titles(feed) == [
        "Digitale møder",
        "Godkendelse af dagsorden",
        "Erfaringer med digitale møder i Aarhus Kommune",
        "Valglister til kommunalvalget",
        "Personalesag",
    ]
    first = feed.entries[0]
    assert first.link == f"http://testserver{corpus.council.get_absolute_url()}"
    assert first.summary == "Beslutning: Vedtaget."
    assert first.published_parsed[:5] == (2020, 9, 9, 16, 30)  # 18:30 in Copenhagen (UTC+2)


def test_closed_item_is_title_only(client, corpus):
    feed, xml = parse(client, "/kommuner/aarhus/feed/")
    closed = next(e for e in feed.entries if e.title.startswith("Personalesag"))
    assert closed.title.endswith("(lukket punkt)")
    assert closed.summary == CLOSED_NOTE
    assert_no_secrets(xml, "municipality feed")


def test_body_feed(client, corpus):
    feed, _ = parse(client, corpus.digi.get_absolute_url() + "feed/")
    assert titles(feed) == ["Status på digitalisering af skoleområdet", "Budget 2022 for IT"]
    assert feed.feed.link.endswith(corpus.digi.get_absolute_url())


def test_case_feed_and_unknown_case(client, corpus):
    feed, _ = parse(client, "/sager/20/030692/feed/")
    assert titles(feed) == [
        "Digitale møder",
        "Erfaringer med digitale møder i Aarhus Kommune",
    ]
    # Only on a closed item: as unknown as the case page.
    assert client.get("/sager/20/999999/feed/").status_code == 404
    assert client.get("/sager/findes/ikke/feed/").status_code == 404


def test_search_feed_same_query_string(client, corpus):
    """The feed holds what the search page finds for the same query, newest first."""
    feed, _ = parse(client, "/soeg/feed/?q=digitale+møder")
    page = client.get("/soeg/", {"q": "digitale møder", "sortering": "dato"})
    found = [hit.item.pk for hit in page.context["results"].hits]
    assert len(found) >= 2
    assert [e.link for e in feed.entries] == [f"http://testserver/punkter/{pk}/" for pk in found]
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    feed, _ = parse(client, "/soeg/feed/?kommune=ballerup")
    assert titles(feed) == ["Status på digitalisering af skoleområdet", "Budget 2022 for IT"]
    for word in ("Xenofon", "hemmeligholdt"):
        feed, _ = parse(client, f"/soeg/feed/?q={word}")
        assert feed.entries == []
        assert feed.feed.title == f"Søgning »{word}« – Referat"  # the query, echoed
    feed, _ = parse(client, "/soeg/feed/?q=budget")
    assert any(
        link.rel == "self" and link.href == "http://testserver/soeg/feed/?q=budget"
        for link in feed.feed.links
    )


def test_updated_moves_when_an_item_changes(client, corpus):
    feed, _ = parse(client, corpus.digi.get_absolute_url() + "feed/")
    before = {e.title: e.updated_parsed for e in feed.entries}
    corpus.budget.decision = "Anbefales med ændringer."
    corpus.budget.updated_at  # noqa: B018 - auto_now moves it on save
    corpus.budget.save()
    feed, _ = parse(client, corpus.digi.get_absolute_url() + "feed/")
    after = {e.title: e.updated_parsed for e in feed.entries}
    budget = next(t for t in after if t.startswith("Budget 2022"))
    assert after[budget] >= before[budget]
    entry = next(e for e in feed.entries if e.title.startswith("Budget 2022"))
    assert entry.summary == "Beslutning: Anbefales med ændringer."


def test_long_decision_is_cut(client, corpus):
    m = f.meeting(corpus.digi, date=dt.date(2023, 1, 5))
    f.item(m, "Langt punkt", decision="ord " * 400)
    feed, _ = parse(client, corpus.digi.get_absolute_url() + "feed/")
    entry = feed.entries[0]
    assert entry.title.startswith("Langt punkt")
    assert entry.summary.endswith("…") and len(entry.summary) < 330


def test_pages_link_their_feeds(client, corpus):
    for page, feed_url in (
        ("/kommuner/aarhus/", "/kommuner/aarhus/feed/"),
        (corpus.digi.get_absolute_url(), corpus.digi.get_absolute_url() + "feed/"),
        ("/sager/20/030692/", "/sager/20/030692/feed/"),
        ("/soeg/?q=budget", "/soeg/feed/?q=budget"),
    ):
        html = client.get(page).content.decode()
        assert (
            '<link rel="alternate" type="application/atom+xml" title="' in html
            and f'href="{feed_url}"' in html
        ), page
        assert "Følg:" in html, page
        assert client.get(feed_url).status_code == 200


def test_a_search_feed_for_an_unknown_kommune_is_not_found(client, corpus):
    """The feed reads its filters without the search page's lenience: a kommune that is not
    in the archive is refused by the form (a 404), never an error and never every kommune."""
    assert client.get("/soeg/feed/?kommune=atlantis").status_code == 404
    assert client.get("/soeg/feed/?q=budget&kommune=atlantis").status_code == 404
    feed, _ = parse(client, "/soeg/feed/?kommune=aarhus")
    assert "Budget 2022 for IT" not in titles(feed)  # a Ballerup item
