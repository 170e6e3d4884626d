"""The five seed minutes, imported through the import service, on every public page."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetings.importing import import_path, resolve_municipality
from meetings.models import AgendaItem, Body, CaseNumber, Meeting, SourceDocument

pytestmark = pytest.mark.django_db

SEEDS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "minutes").glob("*.txt"))


@pytest.fixture
def seeds(db):
    """Import the five seeds as the README does (Kalundborg is the fallback municipality)."""
    fallback = resolve_municipality("326")
    results = [import_path(path, municipality=fallback) for path in SEEDS]
    assert [r.status for r in results] == ["created"] * len(SEEDS)
    return results


def get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def public_pages() -> list[str]:
    urls = ["/", "/soeg/"]
    for body in Body.objects.select_related("municipality"):
        urls += [body.municipality.get_absolute_url(), body.get_absolute_url()]
    urls += [m.get_absolute_url() for m in Meeting.objects.select_related("body__municipality")]
    urls += [item.get_absolute_url() for item in AgendaItem.objects.all()]
    urls += [source.get_absolute_url() for source in SourceDocument.objects.all()]
    open_cases = CaseNumber.objects.filter(items__closed=False).exclude(scheme="kle").distinct()
    urls += [case.get_absolute_url() for case in open_cases]
    return list(dict.fromkeys(urls))


def closed_secrets() -> set[str]:
    """Texts that only closed items hold: their sections, decisions, attachments and case
    numbers (those not also on an open item)."""
    open_values = set(
        CaseNumber.objects.filter(items__closed=False).values_list("value", flat=True)
    )
    secrets = set()
    for item in AgendaItem.objects.filter(closed=True).prefetch_related(
        "sections", "attachments", "case_numbers"
    ):
        secrets.update(s.text.strip() for s in item.sections.all())
        secrets.add(item.decision.strip())
        secrets.update(a.title.strip() for a in item.attachments.all())
        secrets.update(c.value for c in item.case_numbers.all() if c.value not in open_values)
    return {s for s in secrets if len(s) >= 8}


def test_every_public_page_renders_for_the_seeds(client, seeds):
    urls = public_pages()
    assert len(urls) > 40
    secrets = closed_secrets()
    for url in urls:
        html = get_html(client, url)
        for secret in secrets:
            assert secret not in html, (url, secret[:60])


def test_seed_closed_items_show_title_and_lukket_punkt(client, seeds):
    closed = list(AgendaItem.objects.filter(closed=True).select_related("meeting"))
    assert len(closed) >= 4  # Albertslund 2, Ballerup 1, Kalundborg's direktion several
    for item in closed:
        html = get_html(client, item.get_absolute_url())
        assert "Lukket punkt" in html
        assert "Samme sag andre steder" not in html
        assert "Sagsnumre" not in html


def test_front_page_lists_the_seeds(client, seeds):
    html = get_html(client, "/")
    for name in ("Aarhus Kommune", "Albertslund Kommune", "Ballerup Kommune", "Kalundborg Kommune"):
        assert name in html
    assert "Magistraten" in html
    assert "Senest importeret:" in html


def test_search_finds_seed_items(client, seeds):
    response = client.get("/soeg/", {"q": '"digitale møder"', "kommune": "aarhus"})
    titles = [hit.item.title for hit in response.context["results"].hits]
    assert any("Erfaringer med digitale møder" in title for title in titles)
    assert "<mark>" in response.content.decode()
    teams = client.get("/soeg/", {"q": "Teams", "kommune": "kalundborg"}).context["results"]
    assert any("fra Skype til Teams" in hit.item.title for hit in teams.hits)
    without = client.get("/soeg/", {"q": "Teams -Skype", "kommune": "kalundborg"})
    assert all("Skype" not in hit.item.title for hit in without.context["results"].hits)


def test_seed_case_is_followed_across_meetings(client, seeds):
    item = AgendaItem.objects.get(title__startswith="Erfaringer med digitale møder")
    html = get_html(client, item.get_absolute_url())
    assert '<a href="/sager/20/030692/">20/030692</a>' in html
    assert "20/030692" in get_html(client, "/sager/20/030692/")


def test_kle_filter_on_seed_topics(client, seeds):
    topic = (
        CaseNumber.objects.filter(scheme="kle", items__closed=False)
        .exclude(kle="")
        .values_list("kle", flat=True)
        .first()
    )
    assert topic
    response = client.get("/soeg/", {"kle": topic[:5]})
    hits = response.context["results"].hits
    assert hits
    assert all(not hit.item.closed for hit in hits)
