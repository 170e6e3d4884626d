"""The search on real data: the seed minutes and the layout corpus imported through the import
service, and expectations derived from what was imported (the parser may change; the rules
may not): case numbers typed in the box, body names in questions, title words, closed items.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.importing import ImportFailed, import_path, resolve_municipality
from meetings.models import AgendaItem, Attachment, Body, CaseNumber, Section
from meetings.search import STOP_WORDS, vocabulary
from meetings.search.analysis import FILLER_WORDS, stem, words

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FILES = sorted((FIXTURES / "minutes").glob("*.txt")) + sorted((FIXTURES / "layouts").glob("*.txt"))


@pytest.fixture
def archive(db):
    fallback = resolve_municipality("326")
    imported = 0
    for path in FILES:
        try:
            import_path(path, municipality=fallback)
            imported += 1
        except ImportFailed:
            continue  # a layout the parser cannot read yet; the rest must still import
    assert imported >= len(FILES) // 2
    assert AgendaItem.objects.filter(closed=False).count() > 20
    return imported


def hits(client, **params):
    response = client.get("/soeg/", params)
    assert response.status_code == 200
    return response, [hit.item.pk for hit in response.context["results"].hits]


def test_every_open_case_number_typed_in_the_box_finds_its_items(client, archive):
    cases = CaseNumber.objects.exclude(scheme="kle").filter(items__closed=False).distinct()
    assert cases.exists()
    for case in cases:
        expected = set(case.items.filter(closed=False).values_list("pk", flat=True))
        response, found = hits(client, q=case.value)
        if len(expected) <= 20:
            assert set(found) == expected, case.value
        else:
            assert set(found) <= expected
        assert f'href="{case.get_absolute_url()}"' in response.content.decode()


def test_a_word_of_every_open_title_finds_that_item(client, archive):
    rng = random.Random(11)
    items = list(AgendaItem.objects.filter(closed=False).order_by("pk"))
    for item in rng.sample(items, min(40, len(items))):
        candidates = [
            w
            for w in words(item.title)
            if w.isalpha() and len(w) >= 5 and w not in STOP_WORDS | FILLER_WORDS
        ]
        if not candidates:
            continue
        word = max(candidates, key=len)
        _, found = hits(client, q=f'"{word}"', sortering="dato", praecis="1")
        response, _ = hits(client, q=f'"{word}"', praecis="1")
        assert response.context["results"].count >= 1
        if response.context["results"].count <= 20:
            assert item.pk in found, (word, item.title)


def test_question_naming_a_body_narrows_to_it(client, archive):
    checked = 0
    for body in Body.objects.filter(meetings__items__closed=False).distinct():
        if Body.objects.filter(name__iexact=body.name).count() > 1:
            continue
        item = AgendaItem.objects.filter(body=body, closed=False).first()
        title_words = [
            w for w in words(item.title) if w.isalpha() and len(w) >= 5 and w not in STOP_WORDS
        ]
        body_words = set(words(body.name)) | set(
            words(body.municipality.name) + words(body.municipality.short_name)
        )
        title_words = [w for w in title_words if w not in body_words]
        if not title_words:
            continue
        response, found = hits(client, q=f"hvad besluttede {body.name} om {title_words[0]}")
        assert response.context["narrowed_to"].body_id == body.pk
        assert found and all(AgendaItem.objects.get(pk=pk).body_id == body.pk for pk in found), (
            body.name
        )
        checked += 1
    assert checked >= 3


def test_closed_content_never_leaks_through_search(client, archive):
    closed = list(AgendaItem.objects.filter(closed=True))
    assert closed, "the corpus has closed items"
    public = " ".join(
        list(AgendaItem.objects.filter(closed=False).values_list("title", "decision").iterator())
        and [
            f"{t} {d}"
            for t, d in AgendaItem.objects.filter(closed=False).values_list("title", "decision")
        ]
        + list(Section.objects.filter(item__closed=False).values_list("text", flat=True))
        + list(Attachment.objects.filter(item__closed=False).values_list("title", flat=True))
        + [i.title for i in closed]
    ).lower()
    public_words = set(words(public))
    public_stems = {stem(w) for w in public_words}  # kraft and kraften are one search word
    secrets = set()
    for item in closed:
        text = " ".join(
            [item.decision]
            + list(item.sections.values_list("text", flat=True))
            + list(item.attachments.values_list("title", flat=True))
        )
        secrets |= {
            w
            for w in words(text)
            if w.isalpha() and len(w) >= 4 and w not in public_words and stem(w) not in public_stems
        }
    for word in sorted(secrets)[:30]:
        # Typed as is, the word may find open items through compounds that begin with it
        # (kraft → kraftvarmeværk), never a closed one; as a phrase it finds nothing.
        _, found = hits(client, q=word, praecis="1")
        assert not set(found) & {item.pk for item in closed}, word
        response, found = hits(client, q=f'"{word}"', praecis="1")
        assert not found, word
        # The page repeats what was typed (title, heading, search box, links keeping the
        # query): the word may appear exactly as often as a word nobody ever wrote does.
        # (same letters outside ASCII, so URLs percent-encode both alike)
        control_word = "".join("q" if c.isascii() else c for c in word)
        control, _ = hits(client, q=f'"{control_word}"', praecis="1")
        control_page = control.content.decode().lower()
        # echoes of what was typed, plus the page's own wording (»Lukkede punkter …«)
        echoes = len(re.findall(rf"(?<!\w){control_word}(?!\w)", control_page))
        echoes += len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", control_page))
        shown = re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", response.content.decode().lower())
        assert len(shown) == echoes, word
        assert not vocabulary.known(word), word
        for link in response.context.get("spellings") or []:
            assert not set(words(link.label)) & secrets


def test_search_query_count_is_constant_on_real_data(client, archive):
    counts = set()
    for query in ("byrådet", "godkendt", "budget*", "skole eller dagtilbud"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/soeg/", {"q": query})
        assert response.status_code == 200
        counts.add(len(captured))
    assert max(counts) <= 9
