"""Mutation table: every seed and layout case with its first meeting's header rewritten into
each supported header shape and each date style still yields its meeting, date and body.

The header is everything above the first item heading of the first meeting (as parsed from
the original text); it is replaced by a synthetic header; the items stay as printed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from meetings.parsing import decode_bytes, parse

from .compare import body_equal

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted((ROOT / "minutes").glob("*.txt")) + sorted((ROOT / "layouts").glob("*.txt"))

_MONTHS = "januar februar marts april maj juni juli august september oktober november december"
MONTHS = _MONTHS.split()
WEEKDAYS = "mandag tirsdag onsdag torsdag fredag lørdag søndag".split()
ENGLISH = (
    "January February March April May June July August September October November December"
).split()

DATE_STYLES = {
    "danish": lambda d: f"{d.day}. {MONTHS[d.month - 1]} {d.year}",
    "weekday": lambda d: f"{WEEKDAYS[d.weekday()]} den {d.day}. {MONTHS[d.month - 1]} {d.year}",
    "weekday-comma": lambda d: (
        f"{WEEKDAYS[d.weekday()].title()}, den {d.day}. {MONTHS[d.month - 1]} {d.year}"
    ),
    "dotted": lambda d: d.strftime("%d.%m.%Y"),
    "iso": lambda d: d.isoformat(),
    "slash-space": lambda d: f"{d.day}/{d.month} {d.year}",
    "slash-dash": lambda d: f"{d.day}/{d.month}-{d.year}",
    "dashed-seconds": lambda d: d.strftime("%d-%m-%Y") + " 19:00:00",
    "abbreviated": lambda d: f"{d.day}. {MONTHS[d.month - 1][:3]}. {d.year}",
    "english": lambda d: f"{ENGLISH[d.month - 1]} {d.day}, {d.year}",
    "english-day-first": lambda d: f"{d.day} {ENGLISH[d.month - 1]} {d.year}",
}

HEADER_SHAPES = {
    "one-sentence": lambda body, date: [
        f"Referat af mødet i {body} den {date} kl. 16.00 på Rådhuset, mødelokale 2",
    ],
    "labels-colon": lambda body, date: [
        body,
        "Referat",
        f"Mødedato: {date}",
        "Mødetidspunkt: 16.00",
        "Mødested: Rådhuset",
    ],
    "labels-space": lambda body, date: [
        "Referat",
        f"Udvalg: {body}",
        f"Mødedato {date}",
        "Mødested Rådhuset",
    ],
    "labels-next-line": lambda body, date: [
        "Referat",
        body,
        "",
        "Mødedato:",
        date,
        "",
        "Mødested:",
        "Rådhuset",
    ],
    "capitals": lambda body, date: [
        "REFERAT",
        body.upper(),
        f"MØDEDATO: {date}",
        "MØDESTED: Rådhuset",
    ],
    "table-row-wise": lambda body, date: [
        "Referat",
        "Dato: |",
        f"{date} |",
        "---|---|",
        "Udvalg: |",
        f"{body} |",
        "Sted: |",
        "Rådhuset |",
    ],
    "table-column-wise": lambda body, date: [
        "Referat",
        body,
        "Mødedato:",
        "Mødetidspunkt:",
        "Mødested:",
        date,
        "kl. 16.00",
        "Rådhuset",
    ],
    "after-contents-and-logo": lambda body, date: [
        "KOMMUNE",
        "Indholdsfortegnelse",
        "Godkendelse af dagsorden ........ 2",
        "",
        f"Referat {body} {date}",
        "Mødested: Rådhuset",
    ],
}


def _original(path: Path):
    text = decode_bytes(path.read_bytes())
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    first = expected["meetings"][0]
    doc = parse(text)
    heading_line = doc.meetings[0].items[0].line  # 1-based, in the original text
    return text.splitlines(), heading_line, first


_ORIGINALS = {path: _original(path) for path in CASES}


@pytest.mark.parametrize("shape", sorted(HEADER_SHAPES))
@pytest.mark.parametrize("path", CASES, ids=[p.stem[:24] for p in CASES])
def test_rewritten_header_keeps_meeting_date_and_body(path, shape):
    lines, heading_line, first = _ORIGINALS[path]
    date = dt.date.fromisoformat(first["date"])
    failures = []
    for style, written in DATE_STYLES.items():
        header = HEADER_SHAPES[shape](first["body"], written(date))
        text = "\n".join(header + [""] + lines[heading_line - 1 :])
        meetings = parse(text).meetings
        if not meetings:
            failures.append(f"{style}: no meeting")
            continue
        meeting = meetings[0]
        if meeting.date != date:
            failures.append(f"{style}: date {meeting.date}")
        if not body_equal(first["body"], meeting.body, first.get("body_alternatives") or ()):
            failures.append(f"{style}: body {meeting.body!r}")
    assert failures == []
