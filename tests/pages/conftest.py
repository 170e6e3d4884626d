"""The seeds and the layout corpus imported through the import service, as on a real site."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from meetings.importing import ImportFailed, import_path, resolve_municipality

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEEDS = sorted((FIXTURES / "minutes").glob("*.txt"))
LAYOUTS = sorted((FIXTURES / "layouts").glob("*.txt"))


def import_all(paths) -> list:
    """Import every file the parser can read (Kalundborg is the fallback municipality, as in
    the README); files it cannot read are the parser's business, not the pages'."""
    fallback = resolve_municipality("326")
    results = []
    for path in paths:
        try:
            results.append(import_path(path, municipality=fallback))
        except ImportFailed:
            continue
    return results


@pytest.fixture
def seeds(db):
    results = import_all(SEEDS)
    assert [r.status for r in results] == ["created"] * len(SEEDS)
    return results


@pytest.fixture
def archive(db):
    """Seeds and every layout the parser reads."""
    seeds = import_all(SEEDS)
    layouts = import_all(LAYOUTS)
    assert len(seeds) == len(SEEDS) and len(layouts) >= 5
    return SimpleNamespace(seeds=seeds, layouts=layouts)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()
