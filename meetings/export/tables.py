"""The tables of an export: name, columns and the rows the public may have.

Closed items (Lukket) keep number, title and dates; their decision is blank and their
sections, attachments and case links are left out. Case numbers appear only when an open
item carries them. Source documents are described (name, SHA-256, dates), never their text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .. import gate
from ..models import (
    AgendaItem,
    Attachment,
    Body,
    ItemCaseNumber,
    Meeting,
    Municipality,
    Participant,
    Section,
    SourceDocument,
)

CHUNK = 2000


@dataclass(frozen=True)
class Table:
    """One exported table: ``columns`` are (name, sqlite type); ``rows`` yields tuples."""

    name: str
    columns: tuple[tuple[str, str], ...]
    queryset: Callable[[], QuerySet]
    redact: Callable[[tuple], tuple] | None = None

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def rows(self) -> Iterator[tuple]:
        fields = self.column_names
        for row in self.queryset().order_by("pk").values_list(*fields).iterator(CHUNK):
            row = tuple(_plain(v) for v in row)
            yield self.redact(row) if self.redact else row


def _plain(value):
    """A JSON/CSV/SQLite-ready value: dates ISO 8601, date-times with their offset."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _open_item_rows(model) -> QuerySet:
    return gate.public_item_parts(model)


def _blank_closed_decision(row: tuple) -> tuple:
    """A closed item's decision is blanked (columns as in the agenda_items table)."""
    closed, decision = ITEM_COLUMNS.index("closed"), ITEM_COLUMNS.index("decision")
    text = gate.decision_text(row[closed], row[decision])
    return (*row[:decision], text, *row[decision + 1 :])


ITEM_COLUMNS = [
    "id",
    "meeting_id",
    "body_id",
    "municipality_id",
    "date",
    "number",
    "position",
    "title",
    "closed",
    "decision",
    "created_at",
    "updated_at",
]


def _public_case_numbers() -> QuerySet:
    return gate.public_case_numbers()


TABLES = (
    Table(
        "municipalities",
        (
            ("id", "INTEGER"),
            ("code", "INTEGER"),
            ("name", "TEXT"),
            ("short_name", "TEXT"),
            ("slug", "TEXT"),
            ("region", "TEXT"),
        ),
        lambda: Municipality.objects.all(),
    ),
    Table(
        "bodies",
        (("id", "INTEGER"), ("municipality_id", "INTEGER"), ("name", "TEXT"), ("slug", "TEXT")),
        lambda: Body.objects.all(),
    ),
    Table(
        "source_documents",
        (
            ("id", "INTEGER"),
            ("municipality_id", "INTEGER"),
            ("original_name", "TEXT"),
            ("sha256", "TEXT"),
            ("created_at", "TEXT"),
            ("parser_version", "TEXT"),
        ),
        lambda: SourceDocument.objects.all(),
    ),
    Table(
        "meetings",
        (
            ("id", "INTEGER"),
            ("body_id", "INTEGER"),
            ("date", "TEXT"),
            ("start_time", "TEXT"),
            ("end_time", "TEXT"),
            ("location", "TEXT"),
            ("kind", "TEXT"),
            ("source_id", "INTEGER"),
            ("created_at", "TEXT"),
            ("updated_at", "TEXT"),
        ),
        lambda: Meeting.objects.all(),
    ),
    Table(
        "participants",
        (
            ("id", "INTEGER"),
            ("meeting_id", "INTEGER"),
            ("name", "TEXT"),
            ("party", "TEXT"),
            ("role", "TEXT"),
            ("status", "TEXT"),
            ("position", "INTEGER"),
        ),
        lambda: Participant.objects.all(),
    ),
    Table(
        "agenda_items",
        tuple(
            (
                name,
                "INTEGER"
                if name in {"id", "number", "position", "closed"} or name.endswith("_id")
                else "TEXT",
            )
            for name in ITEM_COLUMNS
        ),
        lambda: AgendaItem.objects.all(),
        _blank_closed_decision,
    ),
    Table(
        "sections",
        (
            ("id", "INTEGER"),
            ("item_id", "INTEGER"),
            ("position", "INTEGER"),
            ("heading", "TEXT"),
            ("kind", "TEXT"),
            ("text", "TEXT"),
        ),
        lambda: _open_item_rows(Section),
    ),
    Table(
        "attachments",
        (("id", "INTEGER"), ("item_id", "INTEGER"), ("position", "INTEGER"), ("title", "TEXT")),
        lambda: _open_item_rows(Attachment),
    ),
    Table(
        "case_numbers",
        (
            ("id", "INTEGER"),
            ("municipality_id", "INTEGER"),
            ("value", "TEXT"),
            ("scheme", "TEXT"),
            ("kle", "TEXT"),
        ),
        _public_case_numbers,
    ),
    Table(
        "item_case_numbers",
        (
            ("id", "INTEGER"),
            ("item_id", "INTEGER"),
            ("case_number_id", "INTEGER"),
            ("position", "INTEGER"),
        ),
        lambda: _open_item_rows(ItemCaseNumber),
    ),
)
