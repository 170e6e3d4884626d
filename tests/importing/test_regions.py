"""Regional councils' minutes (regionsråd) import like a kommune's: the region the text names
is found among the five regions, without --municipality."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetings.importing import import_path
from meetings.models import Meeting

LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"


def region_cases() -> list[tuple[Path, dict]]:
    """Layout cases whose expected parse names a region as the publisher."""
    cases = []
    for expected in sorted(LAYOUTS.glob("*.expected.json")):
        data = json.loads(expected.read_text(encoding="utf-8"))
        if (data.get("municipality") or "").startswith("Region "):
            cases.append(
                (expected.with_name(expected.name.replace(".expected.json", ".txt")), data)
            )
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize("path,expected", region_cases(), ids=lambda v: getattr(v, "stem", ""))
def test_region_minutes_import_into_their_region(client, path, expected):
    result = import_path(path, original_name=path.name)
    assert result.status == "created"
    meetings = Meeting.objects.select_related("body__municipality").order_by("date")
    assert [(m.body.municipality.name, m.body.name, m.date.isoformat()) for m in meetings] == [
        (expected["municipality"], m["body"], m["date"]) for m in expected["meetings"]
    ]
    region = meetings[0].body.municipality
    assert region.kind == "region" and region.code in range(1081, 1086)
    page = client.get(region.get_absolute_url())
    assert page.status_code == 200 and expected["meetings"][0]["body"] in page.content.decode()
    home = client.get("/").content.decode()
    assert region.name in home and "Vis alle 98 kommuner og 5 regioner" in home


def test_the_corpus_has_a_region_case():
    assert region_cases(), "no layout case names a region"
