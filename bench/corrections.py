"""The correction rule's cost: normalised comparison and word diffs on the seed texts.

    python bench/corrections.py            # prints figures; no database needed

1. **merge_field** over every field of every item of the five seeds (fixtures/minutes), as a
   re-import runs it: untouched fields (equal values, the fast path), format-only
   differences (CRLF + trailing spaces + NBSP: normalised before comparing) and real
   corrections. Fields/s for each.
2. **word_diff** of each item's longest section against a copy with every 20th word changed
   (what the conflict page renders): diffs/s and words/s.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referat.settings")

import django  # noqa: E402

django.setup()

from meetings.corrections.diff import word_diff  # noqa: E402
from meetings.corrections.rule import merge_field  # noqa: E402
from meetings.parsing import parse  # noqa: E402


def snapshots() -> list[dict]:
    items = []
    for path in sorted((ROOT / "fixtures" / "minutes").glob("*.txt")):
        for meeting in parse(path.read_text(encoding="utf-8")).meetings:
            for item in meeting.items:
                items.append(
                    {
                        "title": item.title,
                        "decision": item.decision or "",
                        "sections": [[s.heading, s.kind, s.text or ""] for s in item.sections],
                    }
                )
    return items


def crlf(value):
    if isinstance(value, str):
        return value.replace("\n", " \r\n").replace(" ", "\u00a0", 1) + " "
    if isinstance(value, list):
        return [crlf(v) for v in value]
    return value


def rate(label: str, count: int, seconds: float, unit: str) -> None:
    print(f"{label:<44} {count / seconds:>12,.0f} {unit}/s  ({count} in {seconds:.3f} s)")


def main() -> None:
    items = snapshots()
    fields = [(name, value) for item in items for name, value in item.items()]
    rounds = 200
    print(f"{len(items)} items, {len(fields)} fields from the seeds; {rounds} rounds each")
    for label, current_of in (
        ("merge_field, untouched", lambda v: v),
        ("merge_field, format-only difference", crlf),
        (
            "merge_field, real correction",
            lambda v: [v, "rettet"] if isinstance(v, list) else f"{v} rettet",
        ),
    ):
        pairs = [(current_of(value), value) for _, value in fields]
        start = time.perf_counter()
        for _ in range(rounds):
            for current, parsed in pairs:
                merge_field(current, parsed, parsed)
        rate(label, rounds * len(pairs), time.perf_counter() - start, "fields")
    texts = [max((s[2] for s in item["sections"]), key=len, default="") for item in items]
    texts = [t for t in texts if t]
    changed = [
        " ".join(w + "x" if i % 20 == 0 else w for i, w in enumerate(t.split())) for t in texts
    ]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for old, new in zip(texts, changed, strict=True):
        word_diff(old, new)
    seconds = time.perf_counter() - start
    rate("word_diff, longest section per item", len(texts), seconds, "diffs")
    rate("word_diff, words", words, seconds, "words")


if __name__ == "__main__":
    main()
