"""No English on the admin and clerk pages a Danish clerk sees; clerk messages that fit."""

from __future__ import annotations

import re

import pytest

from meetings.corrections.clerk import record_clerk_values
from meetings.importing import import_text
from meetings.models import AgendaItem, CaseNumber, CitizenReport, ImportConflict, Meeting
from tests.clerks.helpers import AARHUS_SEED, BALLERUP_SEED, seed_bytes, seed_text, upload_file

from .conftest import admin_save

pytestmark = pytest.mark.django_db

# Words that give away an untranslated page (checked as whole words in the visible text).
GIVEAWAYS = ("Choose", "Changed", "None", "OBJECT", "Object", "Revert", "Changes", "History")


def visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    html = re.sub(r"(?s)<!--.*?-->", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def pages(client, seed, clerk, ballerup):
    client.force_login(clerk)
    item = seed.items.get(number=2)
    admin_save(client, item, title="Digitalisering (rettet)")
    conflict = ImportConflict.objects.create(
        meeting=seed, item=item, field="title", corrected_value="A", parsed_value="B"
    )
    CitizenReport.objects.create(item=item, message="Titlen er forkert.")
    history = item.history.earliest()
    return [
        "/admin/",
        "/admin/meetings/agendaitem/",
        "/admin/meetings/agendaitem/?rettet=ja",
        f"/admin/meetings/agendaitem/{item.pk}/change/",
        f"/admin/meetings/agendaitem/{item.pk}/history/",
        f"/admin/meetings/agendaitem/{item.pk}/history/{history.history_id}/",
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{seed.pk}/change/",
        f"/admin/meetings/meeting/{seed.pk}/history/",
        "/admin/meetings/importconflict/",
        f"/admin/meetings/importconflict/{conflict.pk}/change/",
        "/admin/meetings/citizenreport/",
        "/gennemsyn/",
        f"/gennemsyn/konflikter/{conflict.pk}/",
        "/upload/",
        "/upload/liste/",
    ]


def test_no_english_giveaways_on_admin_and_clerk_pages(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        for word in GIVEAWAYS:
            assert not re.search(rf"\b{word}\b", text), (url, word)


def test_history_shows_the_full_change_as_a_diff(client, pages, seed):
    item = seed.items.get(number=2)
    html = client.get(f"/admin/meetings/agendaitem/{item.pk}/history/").content.decode()
    assert "<ins>(rettet)</ins>" in html or "<ins>" in html
    assert "chars]" not in html
    assert "Rettet i administrationen" in html and "ballerup_clerk" in html


def test_a_file_from_another_municipality_names_it_without_offering_a_choice(
    client, clerk, ballerup
):
    client.force_login(clerk)
    response = upload_file(client, ballerup, seed_bytes(AARHUS_SEED), AARHUS_SEED)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Aarhus Kommune" in html
    assert "Vælg Aarhus" not in html


def test_clerk_adds_a_case_number_for_their_municipality(client, clerk, ballerup, albertslund):
    client.force_login(clerk)
    page = client.get("/admin/meetings/casenumber/add/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="{ballerup.pk}"' in html
    assert f'<option value="{albertslund.pk}"' not in html
    response = client.post(
        "/admin/meetings/casenumber/add/",
        {"municipality": ballerup.pk, "value": "21/12345", "scheme": "esdh", "kle": ""},
    )
    assert response.status_code == 302
    assert CaseNumber.objects.filter(municipality=ballerup, value="21/12345").exists()
    refused = client.post(
        "/admin/meetings/casenumber/add/",
        {"municipality": albertslund.pk, "value": "21/999", "scheme": "esdh", "kle": ""},
    )
    assert refused.status_code == 200  # the form refuses a municipality that is not theirs
    assert not CaseNumber.objects.filter(value="21/999").exists()


def test_record_clerk_values_are_corrections_that_survive_reimport(seed, clerk, ballerup):
    import datetime as dt

    changed = record_clerk_values(
        seed, {"start_time": dt.time(17, 0), "location": "Ballerup Rådhus"}, user=clerk
    )
    assert changed == ["start_time", "location"]
    record = Meeting.history.filter(id=seed.pk).latest()
    assert record.history_user == clerk and record.history_change_reason == "Rettet ved upload"
    assert record_clerk_values(seed, {"location": "Ballerup  Rådhus "}, user=clerk) == []
    import_text(seed_text(BALLERUP_SEED) + "\n\n", original_name="v2.txt", municipality=ballerup)
    seed.refresh_from_db()
    assert seed.location == "Ballerup Rådhus" and seed.start_time == dt.time(17, 0)
    assert AgendaItem.objects.filter(meeting=seed).exists()
