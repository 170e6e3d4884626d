"""Each seed imported from its web page and from its PDF gives the records its text gives.

``import_minutes`` reads the rendering (through the sandboxed reader), then the text itself is
imported over it: the import service finds every meeting and item already as the text would
make them, so it changes no meeting's values (only its source) and creates or deletes no item; from a web page it
changes no item either, from a PDF only the spacing inside section text.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from meetings.importing import import_path
from meetings.models import AgendaItem, Meeting, Section

from .render import SEEDS, to_html, to_pdf

pytestmark = pytest.mark.django_db
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _records() -> list[tuple]:
    return (
        [
            (m.body.name, m.date, m.start_time, m.end_time, m.location, m.kind)
            for m in Meeting.objects.select_related("body").order_by("pk")
        ]
        + [
            (i.number, i.title, i.closed, i.decision.split(), i.date)
            for i in AgendaItem.objects.order_by("pk")
        ]
        + [
            (s.item_id, s.position, s.heading, s.kind, s.text.split())
            for s in Section.objects.order_by("item_id", "position")
        ]
    )


@pytest.mark.parametrize("render", [to_html, to_pdf], ids=["html", "pdf"])
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_rendering_imports_to_the_records_of_its_text(tmp_path, seed, render):
    text = seed.read_text("utf-8")
    suffix = ".html" if render is to_html else ".pdf"
    rendered = tmp_path / (seed.stem + suffix)
    rendered.write_bytes(render(text))
    out = io.StringIO()
    call_command("import_minutes", str(tmp_path), "--allow-failures", stdout=out)
    assert out.getvalue().startswith("oprettet"), out.getvalue()
    records = _records()
    assert records

    result = import_path(seed)
    assert result.status == "updated"
    assert (result.items_created, result.items_deleted) == (0, 0), result.message
    if render is to_html:
        assert result.items_updated == 0, result.message
    # A PDF may differ from its text in the spaces inside a section's lines (pypdf's layout
    # mode places words on a character grid): the text import then rewrites those sections,
    # and _records compares their text word by word, so nothing else may differ.
    assert "oprettet" not in result.message  # the meetings now point to the text's source
    assert _records() == records
