"""End-to-end: every case of the layout corpus (fixtures/layouts/, 24 texts in the layouts
of real Danish minutes systems) parses to its expected parse, field by field, compared the
way the corpus is judged (tests/parsing/compare.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetings.parsing import MEETING_FLAGS, decode_bytes, parse

from .compare import differences

LAYOUTS = Path(__file__).resolve().parents[2] / "fixtures" / "layouts"
LAYOUT_FILES = sorted(LAYOUTS.glob("*.txt"))


def _case(path: Path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    return expected, parse(decode_bytes(path.read_bytes()))


def test_the_corpus_is_complete():
    assert len(LAYOUT_FILES) == 24
    assert all(p.with_name(p.stem + ".expected.json").exists() for p in LAYOUT_FILES)


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=[p.stem[:2] for p in LAYOUT_FILES])
def test_layout_case_parses_to_its_expected_parse(path):
    expected, doc = _case(path)
    assert differences(expected, doc) == []


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=[p.stem[:2] for p in LAYOUT_FILES])
def test_layout_case_flags_are_known_and_honest(path):
    _expected, doc = _case(path)
    for meeting in doc.meetings:
        assert set(meeting.flags) <= set(MEETING_FLAGS)
        assert ("date_missing" in meeting.flags) == (meeting.date is None)
        assert ("body_missing" in meeting.flags) == (not meeting.body)
        assert ("time_missing" in meeting.flags) == (meeting.start_time is None)
        assert ("no_items" in meeting.flags) == (not meeting.items)


def test_comparison_helper_sees_a_wrong_field():
    """The comparison is not blind: a changed expectation is reported by field."""
    path = LAYOUT_FILES[0]
    expected, doc = _case(path)
    expected["meetings"][0]["date"] = "1999-01-01"
    expected["meetings"][0]["items"][0]["title"] = "Noget helt andet"
    expected["meetings"][0]["items"][1]["closed"] = not expected["meetings"][0]["items"][1][
        "closed"
    ]
    found = differences(expected, doc)
    assert any("item 1 title" in d for d in found)
    assert any("item 2 closed" in d for d in found)


@pytest.mark.parametrize("path", LAYOUT_FILES, ids=[p.stem[:2] for p in LAYOUT_FILES])
def test_agendas_have_no_decisions(path):
    """An agenda (dagsorden) has no decisions, even where an earlier body's is printed."""
    _expected, doc = _case(path)
    for meeting in doc.meetings:
        if meeting.kind == "dagsorden":
            assert all(item.decision is None for item in meeting.items)
            assert all(s.kind != "decision" for item in meeting.items for s in item.sections)


def test_some_layouts_are_agendas():
    kinds = {m.kind for path in LAYOUT_FILES for m in _case(path)[1].meetings}
    assert kinds == {"dagsorden", "referat"}
