"""Conflicts on real data: corrected in the admin, re-imported edited copies, shown per field with
a word diff, and each of the three resolutions carried out and recorded in history."""

from __future__ import annotations

import pytest

from meetings.importing import import_text
from meetings.models import AgendaItem, ImportConflict, Section
from tests.clerks.helpers import BALLERUP_SEED, seed_text

from .conftest import admin_save

pytestmark = pytest.mark.django_db

ORIGINAL_TITLE = "Digitalisering under den nuværende kommunalbestyrelsesperiode"
CORRECTED_TITLE = "Digitalisering i perioden 2018-2021"
NEW_TITLE = "Digitalisering i valgperioden – status og fremtid"
NEW_DECISION = "Taget til efterretning med den bemærkning, at planen evalueres"


@pytest.fixture
def conflicted(client, seed, clerk, ballerup):
    """Item 2: title and decision corrected by the clerk in the admin, then a newer text that
    changes both imported: two conflicts."""
    client.force_login(clerk)
    item = seed.items.get(number=2)
    sections = list(item.sections.order_by("position"))
    index = next(i for i, s in enumerate(sections) if s.kind == "decision")
    admin_save(
        client,
        item,
        title=CORRECTED_TITLE,
        **{f"sections-{index}-text": "Taget til efterretning <i>med tak</i>."},
    )
    edited = seed_text(BALLERUP_SEED).replace(f"Punkt 2: {ORIGINAL_TITLE}", f"Punkt 2: {NEW_TITLE}")
    edited = edited.replace("Taget til efterretning\n", f"{NEW_DECISION}\n", 1)
    assert edited.count(NEW_TITLE) == 1 and NEW_DECISION in edited
    result = import_text(edited, original_name="ballerup-v2.txt", municipality=ballerup)
    assert result.status == "updated", result.message
    item.refresh_from_db()
    assert item.title == CORRECTED_TITLE
    fields = set(ImportConflict.objects.filter(item=item).values_list("field", flat=True))
    assert {"title", "decision", "sections"} <= fields, fields
    return item


def conflict(item, field):
    return ImportConflict.objects.get(item=item, field=field, resolved=False)


def test_conflict_page_shows_each_field_in_danish_with_a_diff(client, conflicted, clerk):
    page = client.get(f"/gennemsyn/konflikter/{conflict(conflicted, 'title').pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Konflikt: Titel" in html
    assert "<del>perioden</del>" in html or "<del>" in html
    assert "<ins>" in html and "valgperioden" in html
    assert "ballerup_clerk" in html  # who made the correction
    for label in ("Behold rettelsen", "Tag den nye tekst", "Redigér"):
        assert label in html
    sections = client.get(f"/gennemsyn/konflikter/{conflict(conflicted, 'sections').pk}/")
    html = sections.content.decode()
    assert "<h3>Beslutning</h3>" in html  # per section, by its heading
    assert "&lt;i&gt;med tak&lt;/i&gt;" in html and "<i>med tak" not in html  # escaped
    for english in ("decision; summary", "\\r\\n", "din rettelse"):
        assert english not in html


def test_keep_closes_the_conflict_and_records_it(client, conflicted, clerk):
    c = conflict(conflicted, "title")
    response = client.post(f"/gennemsyn/konflikter/{c.pk}/", {"action": "keep"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.resolved and c.resolution == "keep" and c.resolved_by == clerk
    assert AgendaItem.objects.get(pk=conflicted.pk).title == CORRECTED_TITLE
    latest = c.history.latest()
    assert latest.history_user == clerk
    assert latest.history_change_reason == "Konflikt løst: rettelsen bevaret"
    page = client.get(f"/gennemsyn/konflikter/{c.pk}/").content.decode()
    assert "Rettelsen er bevaret" in page and "Konflikt løst: rettelsen bevaret" in page


def test_take_new_writes_the_new_text_so_later_imports_update_it(
    client, conflicted, clerk, ballerup
):
    c = conflict(conflicted, "title")
    assert client.post(f"/gennemsyn/konflikter/{c.pk}/", {"action": "take_new"}).status_code == 302
    conflicted.refresh_from_db()
    assert conflicted.title == NEW_TITLE
    record = conflicted.history.latest()
    assert record.history_user == clerk
    assert record.history_change_reason == "Konflikt løst: den nye tekst taget"
    # The field is untouched again: a later text's title is taken without a conflict.
    later = seed_text(BALLERUP_SEED).replace(f"Punkt 2: {ORIGINAL_TITLE}", "Punkt 2: Endnu nyere")
    import_text(later, original_name="ballerup-v3.txt", municipality=ballerup)
    conflicted.refresh_from_db()
    assert conflicted.title == "Endnu nyere"
    assert not ImportConflict.objects.filter(item=conflicted, field="title", resolved=False)


def test_take_new_sections_replaces_them_with_history(client, conflicted, clerk):
    c = conflict(conflicted, "sections")
    client.post(f"/gennemsyn/konflikter/{c.pk}/", {"action": "take_new"})
    texts = list(conflicted.sections.order_by("position").values_list("text", flat=True))
    assert texts == [s[2] for s in conflicted.parsed["sections"]]
    assert Section.history.filter(
        item_id=conflicted.pk, history_change_reason="Konflikt løst: den nye tekst taget"
    ).exists()
    page = client.get(conflicted.get_absolute_url()).content.decode()
    assert NEW_DECISION in page


def test_edit_writes_the_clerks_text(client, conflicted, clerk):
    c = conflict(conflicted, "title")
    response = client.post(
        f"/gennemsyn/konflikter/{c.pk}/",
        {"action": "edit", "value": "Digitalisering 2018–2021 og fremover\r\n"},
    )
    assert response.status_code == 302
    conflicted.refresh_from_db()
    assert conflicted.title == "Digitalisering 2018–2021 og fremover"
    c.refresh_from_db()
    assert c.resolution == "edit" and c.history.latest().history_user == clerk
    empty = conflict(conflicted, "decision")
    bad = client.post(f"/gennemsyn/konflikter/{empty.pk}/", {"action": "nonsense"})
    assert bad.status_code == 400 and "Vælg en af de tre muligheder" in bad.content.decode()


def test_edit_of_a_list_field_sends_the_clerk_to_the_admin(client, conflicted):
    c = conflict(conflicted, "sections")
    response = client.post(f"/gennemsyn/konflikter/{c.pk}/", {"action": "edit"})
    assert response.status_code == 302
    assert response.url == f"/admin/meetings/agendaitem/{conflicted.pk}/change/"
    c.refresh_from_db()
    assert c.resolved and c.resolution == "edit"


def test_a_clerk_of_another_municipality_cannot_see_or_resolve(client, conflicted, other_clerk):
    client.force_login(other_clerk)
    c = conflict(conflicted, "title")
    assert client.get(f"/gennemsyn/konflikter/{c.pk}/").status_code == 403
    assert client.post(f"/gennemsyn/konflikter/{c.pk}/", {"action": "take_new"}).status_code == 403
    c.refresh_from_db()
    assert not c.resolved


def test_preview_and_upload_page_show_conflicts_per_section_in_danish(
    client, seed, clerk, ballerup
):
    from tests.clerks.helpers import upload_and_confirm, upload_file

    client.force_login(clerk)
    item = seed.items.get(number=2)
    sections = list(item.sections.order_by("position"))
    index = next(i for i, s in enumerate(sections) if s.kind == "presentation" and s.text)
    admin_save(
        client, item, **{f"sections-{index}-text": "Rettet sagsfremstilling\r\nmed to linjer."}
    )
    first_line = sections[index].text.split("\n")[0]
    edited = seed_text(BALLERUP_SEED).replace(first_line, first_line + " Ny sætning her.", 1)
    preview = upload_file(client, ballerup, edited.encode(), "v2.txt").content.decode()
    record = upload_and_confirm(client, ballerup, edited.encode(), "v2.txt")
    detail = client.get(record.get_absolute_url()).content.decode()
    for html in (preview, detail):
        assert f"<h3>{sections[index].heading}</h3>" in html
        assert "<ins>" in html and "Ny" in html
        for giveaway in ("; presentation;", "; decision;", "\\r\\n", "din rettelse", "\r\n"):
            assert giveaway not in html
