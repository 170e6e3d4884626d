"""The public pages: front page, municipality, body, meeting, item, case, source."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from meetings.models import MeetingKind
from tests.web import factories as f

pytestmark = pytest.mark.django_db


def html_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# Base template -------------------------------------------------------------------------


def test_base_template_landmarks_and_search_box(client, corpus):
    html = html_of(client, "/")
    assert '<html lang="da">' in html
    assert '<a class="skip-link" href="#indhold">' in html
    assert '<main id="indhold"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert 'action="/soeg/"' in html
    # One search box on the front page (its own); every other page has the header's.
    assert html.count('role="search"') == 1
    assert '<label for="site-search-q">' in html_of(client, "/om/")
    assert 'href="/konto/login/?next=/"' in html
    assert "Log ud" not in html


def test_logged_in_user_sees_upload_links_and_logout_form(client, corpus):
    user = get_user_model().objects.create_user("clerk", password="x" * 12)
    client.force_login(user)
    html = html_of(client, "/")
    assert 'href="/upload/"' in html
    assert 'href="/upload/liste/"' in html
    assert '<form method="post" action="/konto/logout/"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Log ind" not in html


# Front page ----------------------------------------------------------------------------


def test_home_lists_municipalities_with_meetings_and_latest_meetings(client, corpus):
    html = html_of(client, "/")
    assert html.index('id="forside-q"') < html.index("Kommuner med referater")
    active = html[html.index("Kommuner med referater") : html.index("<details>")]
    assert 'Aarhus Kommune</a> <span class="muted">(2 møder)' in active
    assert 'Ballerup Kommune</a> <span class="muted">(1 møde)' in active
    assert "Albertslund" not in active
    everything = html[html.index("<details>") : html.index("</details>")]
    assert "Vis alle 98 kommuner og 5 regioner" in everything
    assert 'Albertslund Kommune</a> <span class="muted">(ingen møder endnu)' in everything
    latest = html[html.index("Seneste møder") :]
    assert latest.index("Digitaliserings- og Teknologiudvalget") < latest.index("Aarhus Byråd")
    assert "Senest importeret:" in html
    assert "<title>Referat – søg i danske kommuners referater</title>" in html


def test_home_without_data_says_nothing_is_imported(client, db):
    html = html_of(client, "/")
    assert "Der er endnu ikke importeret nogen referater." in html


# Municipality and body -----------------------------------------------------------------


def test_municipality_page_lists_bodies_and_latest_meetings(client, corpus):
    html = html_of(client, "/kommuner/aarhus/")
    assert "<h1>Aarhus Kommune</h1>" in html
    assert 'href="/kommuner/aarhus/magistraten/"' in html
    assert 'href="/kommuner/aarhus/aarhus-byraad/"' in html
    assert f'href="/kommuner/aarhus/magistraten/moeder/{corpus.m1.pk}/"' in html
    assert "Digitaliserings" not in html
    assert "<title>Aarhus Kommune – Referat</title>" in html
    assert 'aria-current="page">Aarhus Kommune</li>' in html


def test_municipality_without_meetings_says_so(client, corpus):
    html = html_of(client, "/kommuner/albertslund/")
    assert "Der er endnu ingen referater fra Albertslund Kommune i arkivet." in html


def test_body_page_groups_meetings_by_year(client, corpus):
    older = f.meeting(corpus.magistraten, date=dt.date(2019, 5, 6))
    html = html_of(client, "/kommuner/aarhus/magistraten/")
    assert '<h2 id="aar-2020">2020' in html
    assert '<h2 id="aar-2019">2019' in html
    assert html.index('id="aar-2020"') < html.index('id="aar-2019"')
    section_2019 = html[html.index('id="aar-2019"') :]
    assert f"/moeder/{older.pk}/" in section_2019
    assert f"/moeder/{corpus.m1.pk}/" not in section_2019
    assert "4 punkter" in html
    assert "<title>Magistraten – Aarhus Kommune – Referat</title>" in html
    # The rows written in Python (meetings/pages/listing.py): Danish weekday dates as Django's
    # "l j. F Y" gives them, one item in the singular, the place escaped, the agenda badge.
    assert '<time datetime="2019-05-06">mandag 6. maj 2019</time>' in html


def test_body_page_rows_escape_and_mark_agendas(client, corpus):
    agenda = f.meeting(
        corpus.magistraten, date=dt.date(2018, 1, 3), location='<b>"Rådhuset" & co</b>'
    )
    agenda.kind = "dagsorden"
    agenda.save()
    f.item(agenda, title="Eneste punkt")
    html = html_of(client, "/kommuner/aarhus/magistraten/")
    row = html[html.index(f"/moeder/{agenda.pk}/") :].split("</li>", 1)[0]
    assert "onsdag 3. januar 2018" in row
    assert "· 1 punkt · &lt;b&gt;&quot;Rådhuset&quot; &amp; co&lt;/b&gt;" in row
    assert "Dagsorden – referat ikke offentliggjort" in row
    assert "<b>" not in row


@pytest.mark.parametrize(
    "url",
    [
        "/kommuner/atlantis/",
        "/kommuner/atlantis/magistraten/",
        "/kommuner/ballerup/magistraten/",  # a body of another municipality
        "/kommuner/aarhus/ukendt/",
        "/kommuner/aarhus/magistraten/moeder/999999/",
        "/punkter/999999/",
        "/sager/99/999999/",
        "/kilder/999999/",
    ],
)
def test_unknown_slugs_and_ids_give_404(client, corpus, url):
    html_of(client, url, status=404)


# Meeting -------------------------------------------------------------------------------


def test_meeting_page_header_participants_and_items(client, corpus):
    html = html_of(client, corpus.m1.get_absolute_url())
    assert "mandag 24. august 2020" in html
    assert "kl. 08:30–10:00" in html
    assert "Teams-møde" in html
    assert "Jacob Bundsgaard (A)" in html
    afbud = html[html.index("Afbud og fravær") : html.index("<h2>Punkter")]
    assert "Bünyamin Simsek (V)" in afbud
    assert "Jacob" not in afbud
    assert "Fremsendes til byrådet. Digitale møder fastholdes" in html
    assert f'href="{corpus.m1.source.get_absolute_url()}"' in html
    assert corpus.m1.source.original_name in html
    items = html[html.index("<h2>Punkter") :]
    assert items.index("Godkendelse af dagsorden") < items.index("Erfaringer med digitale")
    assert "<title>Magistraten 24. august 2020 – Aarhus Kommune – Referat</title>" in html


def test_meeting_without_times_or_people_says_so(client, corpus):
    bare = f.meeting(corpus.magistraten, date=dt.date(2020, 1, 6), start=None, location="")
    f.item(bare, "Orientering")
    html = html_of(client, bare.get_absolute_url())
    assert "Ikke angivet i referatet" in html
    assert "Referatet nævner ingen deltagerliste." in html
    assert "Referatet nævner ingen afbud." in html
    assert "Ingen beslutning i referatet" in html


def test_agenda_is_labelled_and_decisions_not_published(client, corpus):
    agenda = f.meeting(corpus.byraadet, date=dt.date(2020, 10, 7), kind=MeetingKind.AGENDA)
    pending = f.item(agenda, "Budget 2021, 2. behandling")
    html = html_of(client, agenda.get_absolute_url())
    assert "Dagsorden – referat ikke offentliggjort" in html
    assert "Beslutning ikke offentliggjort" in html
    assert "Dagsorden – referat ikke offentliggjort" in html_of(client, "/")
    item_html = html_of(client, pending.get_absolute_url())
    assert "Beslutning ikke offentliggjort" in item_html


def test_meeting_url_with_wrong_slugs_redirects_to_the_real_one(client, corpus):
    response = client.get(f"/kommuner/ballerup/forkert/moeder/{corpus.m1.pk}/")
    assert response.status_code == 301
    assert response["Location"] == corpus.m1.get_absolute_url()


# Item ----------------------------------------------------------------------------------


def test_item_page_sections_in_order_with_the_decision_marked(client, corpus):
    html = html_of(client, corpus.digital.get_absolute_url())
    assert "<h1>2. Erfaringer med digitale møder i Aarhus Kommune</h1>" in html
    # The decision comes first whatever the layout, then the other sections as written.
    positions = [
        html.index(f">{heading}</h2>")
        for heading in ("Beslutning", "Sagsnumre", "Resumé", "Indstilling", "Bilag")
    ]
    assert positions == sorted(positions)
    decision = html[html.index('class="decision"') : html.index(">Sagsnumre</h2>")]
    # The decision field (kept up to date by corrections) is what the decision box shows.
    assert "Digitale møder fastholdes, hvor det giver mening." in decision
    assert "Bilag 1 Statistik for Teams" in html
    assert "Bilag 2 Casebeskrivelser" in html
    breadcrumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))
    ]
    for crumb in ("Forside", "Aarhus Kommune", "Magistraten", "Møde 24. august 2020", "Punkt 2"):
        assert crumb in breadcrumbs
    assert (
        "<title>Punkt 2: Erfaringer med digitale møder i Aarhus Kommune – Magistraten 24. august 2020 – Referat</title>"
        in html
    )


def test_item_case_numbers_link_to_case_and_kle_to_search(client, corpus):
    html = html_of(client, corpus.digital.get_absolute_url())
    assert '<a href="/sager/20/030692/">20/030692</a>' in html
    assert 'href="/soeg/?kle=00.01.00"' in html
    assert 'href="/sager/00.01.00-P35/"' not in html


def test_item_shows_the_same_case_elsewhere_as_a_timeline(client, corpus):
    html = html_of(client, corpus.digital.get_absolute_url())
    timeline = html[html.index("Samme sag andre steder") :]
    assert corpus.council.get_absolute_url() in timeline
    assert "Aarhus Byråd" in timeline
    assert timeline.index("24. august 2020") < timeline.index("9. september 2020")
    assert "(dette punkt)" in timeline
    # Sharing only a KLE topic is not "the same case".
    assert corpus.lists.get_absolute_url() not in timeline


def test_item_without_shared_case_says_so(client, corpus):
    html = html_of(client, corpus.lists.get_absolute_url())
    assert "Sagen er ikke behandlet på andre møder i arkivet." in html


def test_item_without_decision_section_shows_honest_wording(client, corpus):
    bare = f.item(
        corpus.m1,
        "Orientering om vejarbejde",
        sections=(("Sagsfremstilling", "presentation", "Vejen lukkes."),),
    )
    html = html_of(client, bare.get_absolute_url())
    assert "Ingen beslutning i referatet" in html
    assert html.index("Ingen beslutning i referatet") < html.index("Vejen lukkes.")


# Case ----------------------------------------------------------------------------------


def test_case_page_is_a_timeline_oldest_first(client, corpus):
    later = f.meeting(corpus.magistraten, date=dt.date(2021, 2, 1))
    follow_up = f.item(later, "Opfølgning på digitale møder", cases=(("20/030692", "esdh"),))
    html = html_of(client, "/sager/20/030692/")
    order = [
        html.index(item.get_absolute_url()) for item in (corpus.digital, corpus.council, follow_up)
    ]
    assert order == sorted(order)
    assert "<h1>Sag 20/030692</h1>" in html
    assert "Sagsnummer i Aarhus Kommune" in html
    assert "3 punkter" in html
    assert "<title>Sag 20/030692 – Referat</title>" in html


def test_case_across_municipalities_is_flagged(client, corpus):
    f.item(corpus.m3, "Ballerups egen sag", cases=(("20/030692", "esdh"),))
    html = html_of(client, "/sager/20/030692/")
    assert "Nummeret findes i flere kommuner" in html
    assert "Ballerups egen sag" in html


# Source --------------------------------------------------------------------------------


def test_source_page_shows_metadata_not_text(client, corpus):
    meeting = corpus.m3
    source = meeting.source
    source.warnings = [{"line": 12, "message": "Overskrift uden nummer"}]
    source.save()
    html = html_of(client, source.get_absolute_url())
    assert source.original_name in html
    assert "test-1" in html  # parser version
    assert "Linje 12: Overskrift uden nummer" in html
    assert source.text not in html
    assert meeting.get_absolute_url() in html


def test_source_warnings_hidden_from_public_when_document_has_closed_items(client, corpus):
    source = corpus.m1.source
    source.warnings = [{"line": 40, "message": "Ukendt linje: Xenofon"}]
    source.save()
    public = html_of(client, source.get_absolute_url())
    assert "Xenofon" not in public
    assert "1 advarsel" in public
    clerk = get_user_model().objects.create_user("aarhus-clerk", password="x" * 12)
    corpus.m1.body.municipality.clerks.add(clerk)
    client.force_login(clerk)
    assert "Linje 40: Ukendt linje: Xenofon" in html_of(client, source.get_absolute_url())
    other = get_user_model().objects.create_user("ballerup-clerk", password="x" * 12)
    client.force_login(other)
    assert "Xenofon" not in html_of(client, source.get_absolute_url())


# Escaping -------------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"


def test_script_in_a_minutes_text_is_shown_as_text_on_every_page(client, db):
    body = f.body(f"Udvalg {SCRIPT}", code=165)
    meeting = f.meeting(
        body,
        location=f"Sal {SCRIPT}",
        participants=((f"Navn {SCRIPT}", "A"),),
        absent=((f"Fraværende {SCRIPT}", ""),),
    )
    meeting.source.original_name = f"{SCRIPT}.txt"
    meeting.source.warnings = [{"line": 3, "message": f"Ukendt linje {SCRIPT}"}]
    meeting.source.save()
    item = f.item(
        meeting,
        f"Punkt {SCRIPT} om tilskud",
        decision=f"Godkendt {SCRIPT}",
        sections=(("Resumé " + SCRIPT, "summary", f"Tekst {SCRIPT} om tilskud"),),
        cases=(("20/555555", "esdh"), ("00.01.00-P35", "kle", "00.01.00")),
        attachments=(f"Bilag {SCRIPT}",),
    )
    f.item(f.meeting(body, date=dt.date(2021, 1, 4)), "Senere", cases=(("20/555555", "esdh"),))
    urls = [
        "/",
        "/kommuner/albertslund/",
        body.get_absolute_url(),
        meeting.get_absolute_url(),
        item.get_absolute_url(),
        "/sager/20/555555/",
        meeting.source.get_absolute_url(),
        "/soeg/?q=tilskud",
        "/soeg/?q=tilskud&sortering=dato",
        "/soeg/?kommune=albertslund",
        f"/soeg/?q={SCRIPT}",
    ]
    for url in urls:
        html = html_of(client, url)
        assert "<script>" not in html, url
        assert "&lt;script&gt;" in html, url
