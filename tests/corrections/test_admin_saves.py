"""Admin saves on real data: an unchanged save changes nothing; a real edit is a correction."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry

from meetings.corrections.marks import mark_items, mark_meetings
from meetings.importing import import_text
from meetings.models import AgendaItem, ImportConflict, Meeting, Section
from tests.clerks.helpers import BALLERUP_SEED, seed_text

from .conftest import admin_save

pytestmark = pytest.mark.django_db

NEW_SENTENCE = "Udvalget bad om en ny status i foråret."


def history_rows() -> int:
    return sum(model.history.count() for model in (AgendaItem, Meeting, Section))


def multi_line_items(meeting):
    return [
        item
        for item in meeting.items.order_by("position")
        if any("\n" in s.text for s in item.sections.all())
    ]


@pytest.mark.parametrize("persona", ["clerk", "superuser"])
def test_unchanged_save_of_every_item_and_meeting_writes_nothing(client, seed, persona, request):
    client.force_login(request.getfixturevalue(persona))
    items = multi_line_items(seed)
    assert items, "the seed has items with multi-line sections"
    before, logs = history_rows(), LogEntry.objects.count()
    for item in seed.items.all():
        admin_save(client, item)
    admin_save(client, seed)
    assert history_rows() == before
    assert LogEntry.objects.count() == logs
    fresh = list(AgendaItem.objects.filter(meeting=seed))
    mark_items(fresh)
    assert [i.corrected_labels for i in fresh] == [[] for _ in fresh]
    meeting = Meeting.objects.get(pk=seed.pk)
    mark_meetings([meeting])
    assert meeting.corrected_labels == []


def test_after_an_unchanged_save_a_reimport_updates_the_text(client, seed, clerk, ballerup):
    client.force_login(clerk)
    item = multi_line_items(seed)[0]
    for each in seed.items.all():
        admin_save(client, each)
    section = item.sections.exclude(text="").order_by("position").last()
    old_text = section.text
    first_line = old_text.split("\n")[0]
    edited = seed_text(BALLERUP_SEED).replace(first_line, f"{first_line} {NEW_SENTENCE}", 1)
    assert edited != seed_text(BALLERUP_SEED)
    result = import_text(edited, original_name="ballerup-v2.txt", municipality=ballerup)
    assert result.status == "updated", result.message
    assert ImportConflict.objects.count() == 0
    assert any(NEW_SENTENCE in s.text for s in Section.objects.filter(item__meeting=seed))
    page = client.get(
        AgendaItem.objects.get(
            pk=[s.item_id for s in Section.objects.filter(text__contains=NEW_SENTENCE)][0]
        ).get_absolute_url()
    )
    assert NEW_SENTENCE in page.content.decode()


def test_a_real_edit_is_kept_as_a_correction_with_history(client, seed, clerk, ballerup):
    client.force_login(clerk)
    item = seed.items.get(number=2)
    before = item.history.count()
    admin_save(client, item, title="Digitalisering 2018-2021 (rettet)")
    item.refresh_from_db()
    assert item.title == "Digitalisering 2018-2021 (rettet)"
    assert item.history.count() == before + 1
    assert item.history.latest().history_user == clerk
    mark_items([item])
    assert item.corrected_labels == ["Titel"]
    listing = client.get("/admin/meetings/agendaitem/?rettet=ja").content.decode()
    assert 'class="rettet"' in listing and "Digitalisering 2018-2021 (rettet)" in listing
    result = import_text(
        seed_text(BALLERUP_SEED) + "\n", original_name="v2.txt", municipality=ballerup
    )
    item.refresh_from_db()
    assert item.title == "Digitalisering 2018-2021 (rettet)", result.message


def test_the_decision_is_edited_in_its_section_and_follows_it(client, seed, clerk):
    client.force_login(clerk)
    item = seed.items.get(number=3)
    page = client.get(f"/admin/meetings/agendaitem/{item.pk}/change/").content.decode()
    assert 'name="decision"' not in page
    assert "Beslutningen rettes i afsnittet »Beslutning«" in page
    sections = list(item.sections.order_by("position"))
    index = next(i for i, s in enumerate(sections) if s.kind == "decision")
    admin_save(client, item, **{f"sections-{index}-text": "Indstillingen godkendt med ændringer."})
    item.refresh_from_db()
    assert item.decision == "Indstillingen godkendt med ændringer."


def test_item_list_queries_do_not_grow_with_rows(
    client, seed, superuser, ballerup, django_assert_max_num_queries
):
    client.force_login(superuser)
    with django_assert_max_num_queries(20) as few:
        assert client.get("/admin/meetings/agendaitem/").status_code == 200
    edited = (
        seed_text(BALLERUP_SEED)
        .replace("13-10-2021", "20-10-2021")
        .replace("13. oktober 2021", "20. oktober 2021")
    )
    import_text(edited, original_name="andet-moede.txt", municipality=ballerup)
    assert AgendaItem.objects.count() > len(seed.items.all())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/admin/meetings/agendaitem/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/admin/meetings/meeting/").status_code == 200


def test_unchanged_save_of_a_section_on_its_own_page_writes_nothing(client, seed, clerk):
    client.force_login(clerk)
    section = Section.objects.filter(item__meeting=seed, text__contains="\n").first()
    before = Section.history.filter(id=section.pk).count()
    admin_save(client, section)
    assert Section.history.filter(id=section.pk).count() == before
    admin_save(client, section, text=section.text.replace("\n", "\r\n") + "  \u00a0")
    assert Section.history.filter(id=section.pk).count() == before
    admin_save(client, section, text=section.text + "\nTilføjet af sekretariatet.")
    assert Section.history.filter(id=section.pk).count() == before + 1
    mark_items([section.item])
    assert section.item.corrected_labels == ["Afsnit"]


def test_an_unchanged_save_says_nothing_was_saved(client, seed, clerk):
    client.force_login(clerk)
    item = seed.items.get(number=2)
    admin_save(client, item)
    page = client.get("/admin/meetings/agendaitem/").content.decode()
    assert "Intet var ændret, så intet er gemt." in page
    admin_save(client, item, title="Digitalisering (rettet)")
    page = client.get("/admin/meetings/agendaitem/").content.decode()
    assert "Intet var ændret" not in page


def test_text_stored_by_an_earlier_crlf_save_is_no_correction(seed, ballerup):
    """Rows saved by a browser before this fix hold CRLF text: still untouched, so a newer
    text updates them (and no conflict is reported)."""
    section = Section.objects.filter(item__meeting=seed, text__contains="\n").first()
    Section.objects.filter(pk=section.pk).update(text=section.text.replace("\n", "\r\n") + " ")
    first_line = section.text.split("\n")[0]
    edited = seed_text(BALLERUP_SEED).replace(first_line, f"{first_line} {NEW_SENTENCE}", 1)
    result = import_text(edited, original_name="v2.txt", municipality=ballerup)
    assert result.status == "updated" and not result.conflicts
    texts = Section.objects.filter(item=section.item).values_list("text", flat=True)
    assert any(NEW_SENTENCE in text and "\r" not in text for text in texts)
