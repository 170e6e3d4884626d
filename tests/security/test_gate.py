"""Findings 1–3 of issue 9: closed-item text on public source and case pages.

Each test failed before meetings/gate.py: the source page asked only the meetings that still
point to a source whether it has closed items (a superseded source has none), treated every
staff user as a clerk, and the case page named every municipality with the number.
"""

from __future__ import annotations

import pytest

from meetings import gate
from meetings.importing import import_text
from meetings.models import AgendaItem, CaseNumber

from .conftest import FIXTURES, SECRETS, WARNING_WORDS

pytestmark = pytest.mark.django_db


def test_fixture_really_has_the_warning_and_closed_items(corpus):
    assert any(WARNING_WORDS in w["message"] for w in corpus.superseded.warnings)
    assert any("Vrimpeldorf" in w["message"] for w in corpus.superseded.warnings)
    assert not corpus.superseded.meetings.exists()  # superseded: no meeting points to it
    assert AgendaItem.objects.filter(meeting__source=corpus.current, closed=True).count() == 2


def test_superseded_source_hides_warnings_quoting_closed_lines(client, corpus):
    """Finding 1."""
    for source in (corpus.superseded, corpus.current):
        response = client.get(source.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert WARNING_WORDS not in html
        for secret in SECRETS:
            assert secret not in html, (source, secret)
        assert "vises kun for kommunens sekretariat" in html


def test_clerk_of_another_municipality_sees_no_closed_warnings(client, corpus, clerk_b, clerk_a):
    """Finding 2: clerk_a (Ballerup) is staff, but the document is Albertslund's."""
    assert clerk_a.is_staff
    client.force_login(clerk_a)
    html = client.get(corpus.superseded.get_absolute_url()).content.decode()
    assert WARNING_WORDS not in html and "Vrimpeldorf" not in html


def test_own_clerk_and_admin_see_the_warnings(client, corpus, clerk_b, superuser):
    for user in (clerk_b, superuser):
        client.force_login(user)
        html = client.get(corpus.superseded.get_absolute_url()).content.decode()
        assert WARNING_WORDS in html, user


def test_source_without_closed_items_is_not_restricted(corpus):
    aarhus = FIXTURES / "minutes" / "aarhus-magistraten-2020-08-24.txt"
    result = import_text(aarhus.read_text(encoding="utf-8"), original_name=aarhus.name)
    assert not AgendaItem.objects.filter(meeting__source=result.source, closed=True).exists()
    assert not gate.source_had_closed_items(result.source)
    assert gate.source_had_closed_items(corpus.ballerup_seed)  # its Punkt 5 is Lukket
    assert gate.source_had_closed_items(corpus.superseded)
    assert gate.source_had_closed_items(corpus.current)


def test_case_page_does_not_name_municipality_with_only_closed_use(client, corpus):
    """Finding 3: Albertslund uses 00.01.00-P35-301-20 only on a closed item."""
    value = "00.01.00-P35-301-20"
    assert set(
        CaseNumber.objects.filter(value=value).values_list("municipality__code", flat=True)
    ) == {
        151,
        165,
    }
    response = client.get(f"/sager/{value}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ballerup" in html
    assert "Albertslund" not in html
    assert list(
        gate.public_case_numbers().filter(value=value).values_list("municipality__code", flat=True)
    ) == [151]


def test_case_number_only_on_closed_items_is_404(client, corpus):
    assert client.get("/sager/81.03.00-A00-777-22/").status_code == 404
    assert not gate.public_case_numbers().filter(value="81.03.00-A00-777-22").exists()


def test_meeting_page_lists_closed_items_by_title_only(client, corpus):
    meeting = corpus.current.meetings.get()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Personalesag" in html and "Lukket punkt" in html
    for secret in SECRETS:
        assert secret not in html
