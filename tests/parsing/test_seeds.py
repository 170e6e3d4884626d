"""End-to-end: every seed text in fixtures/minutes/ parses to its .expected.json."""

from __future__ import annotations

import json

import pytest

from meetings.parsing import parse

from .helpers import SEED_FILES, summary

MEETING_FIELDS = ("body", "date", "start_time", "end_time", "location", "participants", "absent")
ITEM_FIELDS = (
    "number",
    "title",
    "closed",
    "case_numbers",
    "sections",
    "decision_startswith",
    "attachments",
)


def test_seed_files_are_present():
    assert len(SEED_FILES) >= 5


@pytest.mark.parametrize("path", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_seed_parses_to_expected(path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    got = summary(parse(path.read_text("utf-8")))

    assert got["municipality"] == expected["municipality"]
    assert len(got["meetings"]) == len(expected["meetings"]), "number of meetings"
    for m, (got_m, exp_m) in enumerate(zip(got["meetings"], expected["meetings"], strict=True)):
        for name in MEETING_FIELDS:
            assert got_m[name] == exp_m[name], f"meeting {m}: {name}"
        got_numbers = [item["number"] for item in got_m["items"]]
        exp_numbers = [item["number"] for item in exp_m["items"]]
        assert got_numbers == exp_numbers, f"meeting {m}: item numbers"
        for got_i, exp_i in zip(got_m["items"], exp_m["items"], strict=True):
            for name in ITEM_FIELDS:
                assert got_i[name] == exp_i[name], f"meeting {m} item {exp_i['number']}: {name}"
