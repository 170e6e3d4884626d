"""Item pages a citizen reads in ten seconds, on the seeds and the layout corpus: the decision
first for every layout, lists as lists, no empty headings, Danish long dates, history lines
linked to the meetings they name, every case number linked, all of it escaped."""

from __future__ import annotations

import re

import pytest

from meetings.importing import import_path, resolve_municipality
from meetings.models import AgendaItem, CaseNumber, Meeting, Section
from meetings.pages.richtext import render

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

BALLERUP = FIXTURES / "minutes" / "ballerup-digitalisering-2021-10-13.txt"


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_decision_first_on_every_open_item_of_every_layout(client, archive):
    items = AgendaItem.objects.filter(closed=False).select_related("meeting")
    assert items.count() > 50
    for item in items:
        main = main_of(html_of(client, item.get_absolute_url()))
        headings = re.findall(r"<h2[^>]*>(.*?)</h2>", main, re.S)
        first = headings[0]
        if item.decision or item.sections.filter(kind="decision").exclude(text="").exists():
            assert 'class="decision"' in main, item.pk
            assert "Ingen beslutning" not in first, item.pk
        elif item.meeting.kind == "dagsorden":
            assert first == "Ingen beslutning – dagsorden", item.pk
        else:
            assert first == "Ingen beslutning", item.pk
        assert main.index('class="decision"') < main.index("<h2", main.index("</section>"))


def test_empty_sections_are_not_shown(client, archive):
    empty = Section.objects.filter(text="", item__closed=False).exclude(kind="attachments")
    checked = 0
    for section in empty.select_related("item")[:40]:
        item = section.item
        if item.sections.filter(heading=section.heading).exclude(text="").exists():
            continue
        if item.decision and section.kind == "decision":
            continue
        main = main_of(html_of(client, item.get_absolute_url()))
        assert f"<h2>{section.heading}</h2>" not in main, (item.pk, section.heading)
        checked += 1
    assert checked, "the corpus has empty sections"


def test_dash_lists_become_lists_and_numeric_dates_long(client, archive):
    sections = Section.objects.filter(item__closed=False).exclude(kind="attachments")
    listed = [s for s in sections if re.search(r"(?m)^- [^\W\d]", s.text)]
    assert listed
    for section in listed:
        main = main_of(html_of(client, section.item.get_absolute_url()))
        first = re.search(r"(?m)^- (.+)$", section.text).group(1).strip()
        assert "<li>" + first[:20] in main.replace("&#x27;", "'"), (section.pk, first)
    item = AgendaItem.objects.get(title__startswith="Erfaringer med digitale møder")
    main = main_of(html_of(client, item.get_absolute_url()))
    assert "29-04-2020" not in main and "29. april 2020 Aarhus Byråd" in main
    assert "<ul><li>Anvendelsesgraden af digitale møde- og samarbejdsformer</li>" in main


def test_history_line_links_the_earlier_meeting_and_item(client, seeds, tmp_path):
    """Ballerup punkt 3 says it was treated by the committee on 27 January 2021, punkt 3:
    import that meeting (the seed moved to that date) and the line links to its item 3."""
    text = BALLERUP.read_text(encoding="utf-8")
    earlier = tmp_path / "ballerup-2021-01-27.txt"
    earlier.write_text(
        text.replace("13-10-2021", "27-01-2021").replace("13. oktober 2021", "27. januar 2021"),
        encoding="utf-8",
    )
    import_path(earlier, municipality=resolve_municipality("326"))
    old_meeting = Meeting.objects.get(date="2021-01-27")
    target = old_meeting.items.get(number=3)
    item = AgendaItem.objects.get(
        meeting__date="2021-10-13", sections__text__contains="27. januar 2021 Punkt 3"
    )
    main = main_of(html_of(client, item.get_absolute_url()))
    line = "Digitaliserings- og Teknologiudvalget den 27. januar 2021 Punkt 3"
    assert f'<a href="{target.get_absolute_url()}">{line}</a>' in main
    # A line naming a meeting that is not in the archive stays plain text.
    other = AgendaItem.objects.get(
        meeting__date="2021-10-13", sections__text__contains="3. marts 2021, punkt 5"
    )
    main = main_of(html_of(client, other.get_absolute_url()))
    assert "Digitaliserings- og Teknologiudvalget d. 3. marts 2021, punkt 5" in main
    assert '">Digitaliserings- og Teknologiudvalget d. 3. marts 2021' not in main


def test_every_case_number_scheme_links_to_its_case_page(client, archive):
    for case in CaseNumber.objects.filter(items__closed=False).distinct()[:60]:
        item = case.items.filter(closed=False).first()
        main = main_of(html_of(client, item.get_absolute_url()))
        full_kle = re.fullmatch(r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d+-\d+", case.value)
        if case.scheme != "kle" or full_kle:
            assert f'<a href="{case.get_absolute_url()}">{case.value}</a>' in main, case.value
            assert client.get(case.get_absolute_url()).status_code == 200


def test_not_handled_elsewhere_only_when_no_history_is_written(client, archive):
    for item in AgendaItem.objects.filter(closed=False):
        main = main_of(html_of(client, item.get_absolute_url()))
        if "Sagen er ikke behandlet på andre møder i arkivet." in main:
            assert "Sagens forløb</h2>" not in main and "Tidligere behandling</h2>" not in main


def test_rich_text_escapes_and_links_only_what_it_knows():
    html = render(
        "<script>alert(1)</script>\n\n- første & anden\n- 20/030692 igen\n\nSe 99/999999.",
        case_urls={"20/030692": "/sager/20/030692/"},
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert (
        '<ul><li>første &amp; anden</li><li><a href="/sager/20/030692/">20/030692</a> igen</li></ul>'
        in html
    )
    assert "99/999999" in html and 'href="/sager/99/999999/"' not in html
    assert render("1. Godkendt\n2. Afvist") == "<ol><li>Godkendt</li><li>Afvist</li></ol>"
    assert render("1. Kun én linje") == "<p>1. Kun én linje</p>"
    assert render("Møde 29-04-2020 og 31-02-2020") == "<p>Møde 29. april 2020 og 31-02-2020</p>"
    hostile = render("x", line_urls={"x": '"><script>'})
    assert "<script>" not in hostile


def test_item_page_queries_do_not_grow_with_the_text(
    client, django_assert_max_num_queries, archive
):
    for item in AgendaItem.objects.filter(closed=False)[:30]:
        with django_assert_max_num_queries(11):
            assert client.get(item.get_absolute_url()).status_code == 200


def test_every_public_page_has_a_description_and_opengraph_tags(client, seeds):
    from meetings.models import Body, Person, SourceDocument

    body = Body.objects.select_related("municipality").first()
    item = AgendaItem.objects.filter(closed=False).first()
    urls = [
        "/",
        "/om/",
        "/tilgaengelighed/",
        body.municipality.get_absolute_url(),
        body.get_absolute_url(),
        item.meeting.get_absolute_url(),
        item.get_absolute_url(),
        SourceDocument.objects.first().get_absolute_url(),
        Person.objects.first().get_absolute_url(),
        CaseNumber.objects.filter(items__closed=False)
        .exclude(scheme="kle")
        .first()
        .get_absolute_url(),
    ]
    for url in urls:
        html = html_of(client, url)
        description = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
        assert len(description) > 30, url
        assert re.search(r'<meta property="og:title" content="[^"]+">', html), url
        assert re.search(r'<meta property="og:description" content="[^"]+">', html), url
        assert f'<meta property="og:url" content="http://testserver{url}">' in html
    digital = AgendaItem.objects.get(title__startswith="Erfaringer med digitale møder")
    og_title = html_of(client, digital.get_absolute_url()).split('og:title" content="')[1]
    assert og_title.startswith("2. Erfaringer med digitale møder")


def test_history_line_naming_the_council_in_its_own_words_links(client, db):
    """ "Byrådet den 9. september 2020, punkt 1" names the body "Aarhus Byråd"."""
    import datetime as dt

    from tests.web import factories as f

    council = f.body("Aarhus Byråd", code=751)
    magistrate = f.body("Magistraten", code=751)
    earlier = f.meeting(council, date=dt.date(2020, 9, 9))
    target = f.item(earlier, "Digitale møder", decision="Vedtaget.")
    f.meeting(magistrate, date=dt.date(2020, 9, 9))  # same day, another body
    later = f.meeting(magistrate, date=dt.date(2020, 10, 5))
    line = "Byrådet den 9. september 2020, punkt 1: Vedtaget."
    item = f.item(
        later,
        "Opfølgning på digitale møder",
        decision="Taget til efterretning.",
        sections=(("Tidligere beslutninger", "history", line),),
    )
    main = main_of(html_of(client, item.get_absolute_url()))
    assert f'<a href="{target.get_absolute_url()}">{line}</a>' in main
