"""Shared helpers for the import tests: the seed texts, edited copies, table snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from meetings.models import Municipality
from meetings.parsing import decode_bytes

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "minutes"
SEED_FILES = sorted(SEEDS.glob("*.txt"))

BALLERUP = "ballerup-digitalisering-2021-10-13.txt"
DIREKTIONEN = "direktionen-2020-06-02.txt"

# A text that names no municipality and whose only case number has no kommunekode prefix.
NAMELESS_TEXT = """REFERAT Økonomiudvalget d. 13-10-2021

Punkt 1: Godkendelse af dagsorden

Beslutning

Godkendt

Punkt 2: Budget 2022

Sagsnr. 21/12345

Beslutning

Anbefales
"""


def seed_text(name: str) -> str:
    return decode_bytes((SEEDS / name).read_bytes())


def replace_line(text: str, number: int, expected: str, new: str) -> str:
    """The text with its 1-based line ``number`` (which must read ``expected``) replaced."""
    lines = text.split("\n")
    assert lines[number - 1].strip() == expected, lines[number - 1]
    lines[number - 1] = new
    return "\n".join(lines)


def snapshot_tables() -> dict[str, list[tuple]]:
    """Every row of every table the import may touch (meetings_*, history tables included),
    so a test can assert that nothing at all changed."""
    tables = [t for t in connection.introspection.table_names() if t.startswith("meetings_")]
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            snapshot[table] = sorted(tuple(map(str, row)) for row in cursor.fetchall())
    return snapshot


@pytest.fixture
def kalundborg(db) -> Municipality:
    return Municipality.objects.get(code=326)


@pytest.fixture
def ballerup(db) -> Municipality:
    return Municipality.objects.get(code=151)
