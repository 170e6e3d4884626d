"""Fixtures for the reuse channels (feeds, calendars, OParl, export): the public pages' small
corpus, the seeds, and a meeting full of closed items with secret words."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from meetings.importing import import_path, resolve_municipality
from tests.web import factories as f
from tests.web.conftest import corpus, empty_cache  # noqa: F401 - shared fixtures

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "fixtures" / "oparl" / "check.py"
SEEDS = sorted((ROOT / "fixtures" / "minutes").glob("*.txt"))

# Words that only closed items hold: none may reach any feed, calendar, API answer or export.
SECRETS = (
    "hemmeligholdt",
    "løntillæg",
    "Xenofon",
    "Fortrolig",
    "Lønoversigt",
    "20/999999",
    "Grævlingesagen",
    "Skattely-notat",
    "77/123456",
)


@pytest.fixture
def closed_meeting(corpus):  # noqa: F811 - the fixture imported above
    """A Ballerup meeting of closed items only, their content full of secret words."""
    meeting = f.meeting(corpus.digi, date=dt.date(2022, 3, 2), start=dt.time(17, 0))
    items = [
        f.item(
            meeting,
            f"Lukket sag {n}",
            closed=True,
            decision=f"Grævlingesagen afgjort, punkt {n}.",
            sections=(("Sagsfremstilling", "presentation", "Skattely-notat vedlagt."),),
            cases=(("77/123456", "esdh"),),
            attachments=("Skattely-notat",),
        )
        for n in range(1, 4)
    ]
    return SimpleNamespace(meeting=meeting, items=items)


@pytest.fixture
def seeds(db):
    """The seed minutes imported through the import service, as the README does
    (Kalundborg is the fallback municipality)."""
    fallback = resolve_municipality("326")
    results = [import_path(path, municipality=fallback) for path in SEEDS]
    assert [r.status for r in results] == ["created"] * len(SEEDS)
    return results


def load_checker():
    """The OParl conformance checker (a copy of ../shared/oparl/check.py in fixtures/)."""
    spec = importlib.util.spec_from_file_location("oparl_check", CHECKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_no_secrets(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, (where, secret)
