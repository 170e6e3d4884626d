"""The review queue (gennemsyn) and citizen reports: scoped per municipality, constant queries,
rate-limited, escaped; the admin index shows the counts."""

from __future__ import annotations

import pytest
from django.test import Client

from meetings.corrections import reports
from meetings.importing import import_text
from meetings.models import CitizenReport, ImportConflict, Meeting
from tests.clerks.helpers import ALBERTSLUND_SEED, BALLERUP_SEED, seed_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(seed, albertslund):
    """Ballerup's and Albertslund's seeds imported, a conflict and a report in each."""
    result = import_text(
        seed_text(ALBERTSLUND_SEED), original_name=ALBERTSLUND_SEED, municipality=albertslund
    )
    other = result.meetings[0]
    for meeting in (seed, other):
        item = meeting.items.order_by("position").first()
        ImportConflict.objects.create(
            meeting=meeting,
            item=item,
            field="title",
            corrected_value=f"Rettet {meeting.body.name}",
            parsed_value=f"Ny {meeting.body.name}",
        )
        CitizenReport.objects.create(item=item, message=f"Fejl i {meeting.body.name}")
    return seed, other


def test_queue_lists_only_the_clerks_municipality(client, both, clerk):
    ballerup_meeting, albertslund_meeting = both
    client.force_login(clerk)
    html = client.get("/gennemsyn/").content.decode()
    assert f"Fejl i {ballerup_meeting.body.name}" in html
    assert f"Fejl i {albertslund_meeting.body.name}" not in html
    assert "Konflikter (1)" in html and "Fejlrapporter fra borgere (1)" in html


def test_admin_sees_every_municipality_and_index_counts(client, both, superuser):
    client.force_login(superuser)
    html = client.get("/gennemsyn/").content.decode()
    assert "Konflikter (2)" in html and "Fejlrapporter fra borgere (2)" in html
    index = client.get("/admin/").content.decode()
    assert "Til gennemsyn" in index
    assert "Uløste konflikter: 2" in index and "Fejlrapporter: 2" in index


def test_flagged_meetings_are_listed_with_their_warnings(client, both, clerk):
    meeting = both[0]
    meeting.source.warnings = [{"line": 3, "message": "Mødestedet er forkortet til 300 tegn."}]
    meeting.source.save()
    Meeting.objects.filter(pk=meeting.pk).update(
        parsed={**meeting.parsed, "flags": ["date_guessed"]}
    )
    client.force_login(clerk)
    html = client.get("/gennemsyn/").content.decode()
    assert "Møder med advarsler (1)" in html
    assert "Mødestedet er forkortet til 300 tegn." in html
    assert "Mødets dato er gættet" in html
    listing = client.get("/admin/meetings/meeting/?advarsler=ja").content.decode()
    assert f"/admin/meetings/meeting/{meeting.pk}/change/" in listing


def test_queue_queries_do_not_grow(client, both, superuser, django_assert_max_num_queries):
    client.force_login(superuser)
    with django_assert_max_num_queries(15) as first:
        client.get("/gennemsyn/")
    meeting = both[0]
    for item in meeting.items.all():
        ImportConflict.objects.create(
            meeting=meeting, item=item, field="title", corrected_value="a", parsed_value="b"
        )
        CitizenReport.objects.create(item=item, message="Der er en fejl her.")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get("/gennemsyn/").status_code == 200


def test_citizen_report_is_stored_escaped_and_rate_limited(seed, clerk):
    item = seed.items.order_by("position").first()
    citizen = Client()
    page = citizen.get(item.get_absolute_url()).content.decode()
    assert f"/punkter/{item.pk}/rapporter/" in page and "Rapportér en fejl" in page
    url = f"/punkter/{item.pk}/rapporter/"
    assert citizen.get(url).status_code == 200
    hostile = "<script>alert('x')</script> Titlen er forkert"
    response = citizen.post(url, {"message": hostile, "email": ""})
    assert response.status_code == 200 and "Tak for din rapport" in response.content.decode()
    assert CitizenReport.objects.get().message == hostile
    bad = citizen.post(url, {"message": "", "email": "ikke-en-adresse"})
    assert bad.status_code == 400 and "Skriv kort, hvad der er forkert." in bad.content.decode()
    for _ in range(reports.REPORT_LIMIT - 2):
        assert citizen.post(url, {"message": "Endnu en fejl"}).status_code == 200
    limited = citizen.post(url, {"message": "Én for mange"})
    assert limited.status_code == 429
    assert "mange fejlrapporter på kort tid" in limited.content.decode()
    assert CitizenReport.objects.count() == reports.REPORT_LIMIT - 1
    staff = Client()
    staff.force_login(clerk)
    html = staff.get("/gennemsyn/").content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    report = CitizenReport.objects.order_by("pk").first()
    assert staff.post(f"/gennemsyn/rapporter/{report.pk}/behandlet/").status_code == 302
    report.refresh_from_db()
    assert report.handled and report.handled_by == clerk


def test_anonymous_and_citizens_cannot_open_the_queue(client, seed):
    response = client.get("/gennemsyn/")
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_parser_flags_are_kept_and_listed_for_review(client, ballerup, clerk):
    import dataclasses

    from meetings.importing import import_document
    from meetings.parsing import parse

    text = seed_text(BALLERUP_SEED)
    parsed = parse(text)
    flagged = dataclasses.replace(parsed.meetings[0], flags=("time_missing",))
    parsed = dataclasses.replace(parsed, meetings=[flagged])
    result = import_document(parsed, text=text, original_name="flag.txt", municipality=ballerup)
    meeting = Meeting.objects.get(pk=result.meetings[0].pk)
    assert meeting.parsed["flags"] == ["time_missing"]
    client.force_login(clerk)
    html = client.get("/gennemsyn/").content.decode()
    assert "Møder med advarsler (1)" in html
    assert "Mødets starttidspunkt kunne ikke læses." in html


def test_admin_filters_by_municipality_body_year_and_closed(client, both, superuser, clerk):
    ballerup_meeting, albertslund_meeting = both
    client.force_login(superuser)
    municipality = ballerup_meeting.body.municipality
    url = "/admin/meetings/agendaitem/"
    page = client.get(url, {"kommune": municipality.pk})
    assert {i.pk for i in page.context["cl"].result_list} == set(
        ballerup_meeting.items.values_list("pk", flat=True)
    )
    page = client.get(url, {"kommune": municipality.pk, "udvalg": ballerup_meeting.body_id})
    assert ballerup_meeting.body.name in page.content.decode()
    assert len(page.context["cl"].result_list) == ballerup_meeting.items.count()
    year = albertslund_meeting.date.year
    page = client.get(url, {"aar": year})
    assert {i.meeting_id for i in page.context["cl"].result_list} == set(
        Meeting.objects.filter(date__year=year).values_list("pk", flat=True)
    )
    closed = client.get(url, {"closed__exact": 1}).context["cl"].result_list
    assert closed and all(i.closed for i in closed)
    client.force_login(clerk)
    page = client.get(url)
    choices = [c["display"] for c in page.context["cl"].filter_specs[0].choices(page.context["cl"])]
    assert municipality.short_name in choices
    assert albertslund_meeting.body.municipality.short_name not in choices
