"""Finding 7 of issue 9: a name removed in the Section or Attachment admin stayed findable,
since those edits never reached the search index. meetings/index_sync.py re-indexes on every
save and delete of items and their parts, whatever the path (admin page, inline, revert,
delete, script)."""

from __future__ import annotations

import pytest

from meetings.models import AgendaItem, Attachment, Section
from tests.clerks.helpers import form_data

pytestmark = pytest.mark.django_db

NAME = "Bjørnsholm"


def found(client, word: str) -> list[int]:
    response = client.get("/soeg/", {"q": word})
    assert response.status_code == 200
    return [hit.item.pk for hit in response.context["results"].hits]


def _open_item() -> AgendaItem:
    return AgendaItem.objects.filter(closed=False, title__startswith="Budgetopfølgning").get()


def _post_admin_form(client, url: str, changes: dict) -> None:
    html = client.get(url).content.decode()
    data = form_data(
        html,
        next(
            f for f in ("section_form", "attachment_form", "agendaitem_form") if f'id="{f}"' in html
        ),
    )
    data.update({key: [value] for key, value in changes.items()})
    data.pop("_addanother", None), data.pop("_continue", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_section_admin_edit_reaches_the_index(client, corpus, superuser):
    item = _open_item()
    section = item.sections.exclude(kind="decision").first()
    section.text += f" Borger {NAME} klagede."
    section.save()  # a script's edit
    assert found(client, NAME) == [item.pk]
    client.force_login(superuser)
    _post_admin_form(
        client,
        f"/admin/meetings/section/{section.pk}/change/",
        {"text": section.text.replace(f" Borger {NAME} klagede.", "")},
    )
    assert found(client, NAME) == []


def test_attachment_admin_edit_and_delete_reach_the_index(client, corpus, superuser):
    item = _open_item()
    attachment = Attachment.objects.create(item=item, title=f"Brev fra {NAME}", position=9)
    assert found(client, NAME) == [item.pk]
    client.force_login(superuser)
    _post_admin_form(
        client,
        f"/admin/meetings/attachment/{attachment.pk}/change/",
        {"title": "Brev fra Klostermølle"},
    )
    assert found(client, NAME) == []
    assert found(client, "Klostermølle") == [item.pk]
    response = client.post(f"/admin/meetings/attachment/{attachment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert found(client, "Klostermølle") == []


def test_revert_from_history_reaches_the_index(client, corpus):
    item = _open_item()
    section = item.sections.exclude(kind="decision").first()
    original = section.text
    section.text = f"{original} {NAME}"
    section.save()
    assert found(client, NAME) == [item.pk]
    record = section.history.filter(text=original).latest("history_date")
    record.instance.save()  # what the history page's "revert" does
    assert found(client, NAME) == []


def test_moving_a_section_reindexes_both_items(client, corpus):
    item = _open_item()
    other = AgendaItem.objects.filter(closed=False).exclude(pk=item.pk).first()
    section = Section.objects.create(item=item, heading="Note", kind="other", text=NAME, position=9)
    assert found(client, NAME) == [item.pk]
    section.item = other
    section.save()
    assert found(client, NAME) == [other.pk]
    section.delete()
    assert found(client, NAME) == []


def test_closing_an_item_in_the_admin_drops_its_content_from_the_index(client, corpus):
    item = _open_item()
    assert item.pk in found(client, "forbruget")
    item.closed = True
    item.save()
    assert found(client, "forbruget") == []
