"""The per-process directory of municipalities and bodies (meetings/directory.py) and the fast
links (meetings/links.py): a copy is used only while the tables still hold what it read, and
a link is always what ``reverse()`` gives."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from meetings.directory import directory
from meetings.links import link
from meetings.models import Body, Municipality

pytestmark = pytest.mark.django_db


def _body_names() -> set[str]:
    return {name for _, _, _, name in directory().bodies}


def test_unchanged_tables_are_checked_with_one_query():
    Body.objects.create(municipality=Municipality.objects.get(code=751), name="Byrådet")
    directory()
    with CaptureQueriesContext(connection) as queries:
        again = directory()
    assert len(queries) == 1
    assert "Byrådet" in {name for _, _, _, name in again.bodies}


def test_changes_made_without_signals_are_seen():
    """Rows written without Django's signals (the import's SQL, bulk_create, update())."""
    aarhus = Municipality.objects.get(code=751)
    Body.objects.create(municipality=aarhus, name="Magistraten")
    assert "Magistraten" in _body_names()
    Body.objects.bulk_create(
        [Body(municipality=aarhus, name="Børn og Unge-udvalget", slug="boern-og-unge")]
    )
    assert "Børn og Unge-udvalget" in _body_names()
    Body.objects.filter(name="Magistraten").update(name="Magistraten i Aarhus")
    assert "Magistraten i Aarhus" in _body_names()
    assert "Magistraten" not in _body_names()
    Body.objects.filter(name="Magistraten i Aarhus").delete()
    assert "Magistraten i Aarhus" not in _body_names()
    Municipality.objects.filter(code=751).update(name="Aarhus Kommunes Arkiv")
    assert directory().municipalities["aarhus"].name == "Aarhus Kommunes Arkiv"


def test_a_saved_rename_of_the_same_length_is_seen_in_this_process():
    aarhus = Municipality.objects.get(code=751)
    body = Body.objects.create(municipality=aarhus, name="Kulturudvalget")
    assert "Kulturudvalget" in _body_names()
    body.name = "Sundhedsudvalg"  # as many letters: only the save signal tells
    body.save()
    assert "Sundhedsudvalg" in _body_names()


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("meetings:item", {"pk": 17}),
        ("meetings:source", {"pk": 3}),
        ("meetings:municipality", {"municipality": "aarhus"}),
        ("meetings:body", {"municipality": "aarhus", "body": "boern-og-unge_udvalget"}),
        ("meetings:meeting", {"municipality": "aarhus", "body": "magistraten", "pk": 99}),
        ("meetings:case", {"value": "20/030692"}),
        ("meetings:case", {"value": "00.01.00-P35-301-20"}),
    ],
)
def test_links_are_what_reverse_gives(name, values):
    assert link(name, **values) == reverse(name, kwargs=values)


def test_a_value_reverse_refuses_is_refused():
    with pytest.raises(NoReverseMatch):
        link("meetings:body", municipality="århus", body="x")
    with pytest.raises(NoReverseMatch):
        link("meetings:item", pk=-1)
