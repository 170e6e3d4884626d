"""Corrections in the admin are recorded, survive re-imports, and conflicts are reported."""

from __future__ import annotations

import pytest

from meetings.models import AgendaItem, ImportConflict, Meeting, Section

from .helpers import (
    BALLERUP_SEED,
    form_data,
    seed_bytes,
    seed_text,
    upload_and_confirm,
    upload_file,
)

pytestmark = pytest.mark.django_db

ORIGINAL_TITLE = "Digitalisering under den nuværende kommunalbestyrelsesperiode"
CORRECTED_TITLE = "Digitalisering i kommunalbestyrelsesperioden 2018-2021 (rettet)"
NEW_TEXT_TITLE = "Digitalisering i valgperioden – status og fremtid"


@pytest.fixture
def imported(client, clerk_a, ballerup):
    """Ballerup's seed uploaded and confirmed by clerk A, who stays logged in."""
    client.force_login(clerk_a)
    upload_and_confirm(client, ballerup, seed_bytes(BALLERUP_SEED), BALLERUP_SEED)
    return AgendaItem.objects.get(municipality=ballerup, number=2)


def admin_change(client, obj, form_id: str, **changes):
    """GET an admin change form, change some fields as a person would, POST it."""
    url = f"/admin/meetings/{obj._meta.model_name}/{obj.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), form_id)
    for name, value in changes.items():
        data[name] = [value] if isinstance(value, str) else value
    data["_save"] = ["Gem"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    return response


def test_title_correction_is_saved_with_history(client, clerk_a, imported):
    admin_change(client, imported, "agendaitem_form", title=CORRECTED_TITLE)
    imported.refresh_from_db()
    assert imported.title == CORRECTED_TITLE
    latest = imported.history.latest()
    assert latest.history_user == clerk_a
    assert latest.history_type == "~"
    assert latest.title == CORRECTED_TITLE
    history_page = client.get(f"/admin/meetings/agendaitem/{imported.pk}/history/")
    assert history_page.status_code == 200
    assert "clerk_a" in history_page.content.decode()


def test_inline_section_and_closed_flag_corrections_are_saved_and_recorded(
    client, clerk_a, imported
):
    section = imported.sections.order_by("position").first()
    index = list(imported.sections.order_by("position")).index(section)
    admin_change(
        client,
        imported,
        "agendaitem_form",
        **{f"sections-{index}-text": "Rettet sagsfremstilling.", "closed": "on"},
    )
    section.refresh_from_db()
    imported.refresh_from_db()
    assert section.text == "Rettet sagsfremstilling."
    assert imported.closed
    assert Section.history.filter(id=section.pk).latest().history_user == clerk_a
    # The public item page shows a now-closed item's title only.
    public = client.get(imported.get_absolute_url()).content.decode()
    assert "Rettet sagsfremstilling." not in public


def test_correction_survives_reimport_of_a_newer_version(client, imported, ballerup):
    admin_change(client, imported, "agendaitem_form", title=CORRECTED_TITLE)
    edited = seed_text(BALLERUP_SEED).replace(
        "Indstillingen godkendt", "Indstillingen godkendt med den ændring, at planen evalueres"
    )
    record = upload_and_confirm(client, ballerup, edited.encode(), "ballerup-v2.txt")
    assert record.status == "updated"
    imported.refresh_from_db()
    assert imported.title == CORRECTED_TITLE
    assert AgendaItem.objects.get(municipality=ballerup, number=3).decision.startswith(
        "Indstillingen godkendt med den ændring"
    )
    assert not ImportConflict.objects.filter(item=imported, field="title").exists()


def test_disagreeing_reimport_keeps_correction_and_reports_the_conflict(client, imported, ballerup):
    admin_change(client, imported, "agendaitem_form", title=CORRECTED_TITLE)
    edited = seed_text(BALLERUP_SEED).replace(
        f"Punkt 2: {ORIGINAL_TITLE}", f"Punkt 2: {NEW_TEXT_TITLE}"
    )
    preview = upload_file(client, ballerup, edited.encode(), "ballerup-v3.txt").content.decode()
    assert (
        f"titel: rettelsen i arkivet »{CORRECTED_TITLE}« bevares, men den nye tekst siger "
        f"»{NEW_TEXT_TITLE}«"
    ) in preview
    assert ImportConflict.objects.count() == 0  # the preview wrote nothing
    record = upload_and_confirm(client, ballerup, edited.encode(), "ballerup-v3.txt")

    imported.refresh_from_db()
    assert imported.title == CORRECTED_TITLE
    conflict = ImportConflict.objects.get(item=imported, field="title")
    assert conflict.corrected_value == CORRECTED_TITLE
    assert conflict.parsed_value == NEW_TEXT_TITLE
    assert not conflict.resolved
    assert [c["id"] for c in record.conflicts] == [conflict.pk]

    page = client.get(record.get_absolute_url()).content.decode()
    assert f"Rettelsen i arkivet er bevaret, men den nye tekst siger »{NEW_TEXT_TITLE}«" in page
    assert f"Rettelsen lyder »{CORRECTED_TITLE}«" in page
    assert f'href="/admin/meetings/agendaitem/{imported.pk}/change/"' in page
    listing = client.get("/upload/liste/").content.decode()
    assert "ballerup-v3.txt" in listing

    # The admin's conflict list shows it, and the "løst" action resolves it.
    conflicts = client.get("/admin/meetings/importconflict/?resolved__exact=0").content.decode()
    assert f'href="/gennemsyn/konflikter/{conflict.pk}/"' in conflicts
    assert NEW_TEXT_TITLE in client.get(f"/gennemsyn/konflikter/{conflict.pk}/").content.decode()
    response = client.post(
        "/admin/meetings/importconflict/",
        {"action": "mark_resolved", "_selected_action": [conflict.pk]},
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.resolved
    assert "Løst" in client.get(record.get_absolute_url()).content.decode()


def test_revert_from_history_restores_the_parsed_title(client, clerk_a, imported):
    original = imported.history.earliest()
    admin_change(client, imported, "agendaitem_form", title=CORRECTED_TITLE)
    url = f"/admin/meetings/agendaitem/{imported.pk}/history/{original.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "historicalagendaitem_form")
    assert data["title"] == [ORIGINAL_TITLE]
    data["_save"] = ["Gem"]
    assert client.post(url, data).status_code == 302
    imported.refresh_from_db()
    assert imported.title == ORIGINAL_TITLE
    assert imported.history.latest().history_user == clerk_a
    assert imported.history.count() >= 3


def test_meeting_header_correction_survives_reimport(client, clerk_a, imported, ballerup):
    meeting = imported.meeting
    admin_change(client, meeting, "meeting_form", location="Ballerup Rådhus, mødesal 1")
    meeting.refresh_from_db()
    assert meeting.location == "Ballerup Rådhus, mødesal 1"
    assert meeting.history.latest().history_user == clerk_a
    edited = seed_text(BALLERUP_SEED).replace("Intet", "Intet at bemærke")
    record = upload_and_confirm(client, ballerup, edited.encode(), "ballerup-v4.txt")
    assert record.status == "updated"
    assert Meeting.objects.get(pk=meeting.pk).location == "Ballerup Rådhus, mødesal 1"


def test_corrected_title_is_found_by_search(client, imported):
    admin_change(client, imported, "agendaitem_form", title=CORRECTED_TITLE)
    response = client.get("/soeg/", {"q": "rettet"})
    assert response.status_code == 200
    assert f"/punkter/{imported.pk}/" in response.content.decode()
