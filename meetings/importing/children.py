"""An item's children (sections, attachments, case-number links) written for the new items
and for existing items whose children take the new parse: one statement per table."""

from __future__ import annotations

import re

from django.db import connection

from ..models import Attachment, CaseNumber, CaseScheme, ItemCaseNumber, Section
from .bulk import delete_rows, execute_write, insert_rows
from .plan import ItemPlan
from .sql import json_param, link_sql

_KLE_TOPIC = re.compile(r"^\d{2}\.\d{2}\.\d{2}")


def write_children(steps: list[ItemPlan], municipality_id: int, stamp) -> None:
    """Sections, attachments and case-number links of new items, and of existing items
    whose sections/attachments/case numbers take the new parse (replaced wholesale): per
    table, the replaced rows recorded in history ("-") and deleted, the new rows inserted
    and recorded ("+"), one statement each."""
    rows: dict[str, list[list]] = {name: [] for name, _ in CHILD_TABLES}
    for step in steps:
        for name, _ in CHILD_TABLES:
            if step.existing is None or name in step.changed:
                rows[name] += _child_rows(name, step.item_id, step.values[name])
    for name, model in CHILD_TABLES:
        replaced = [s.item_id for s in steps if s.existing is not None and name in s.changed]
        if replaced:
            delete_rows(model, replaced, by="item_id", history=stamp("-"))
    insert_rows(
        Section,
        ("item_id", "position", "heading", "kind", "text"),
        rows["sections"],
        history=stamp("+"),
    )
    insert_rows(
        Attachment,
        ("item_id", "position", "title"),
        rows["attachments"],
        constants={"file": ""},
        history=stamp("+"),
    )
    _link_case_numbers(rows["case_numbers"], steps, municipality_id, stamp)


def _link_case_numbers(
    links: list[list], steps: list[ItemPlan], municipality_id: int, stamp
) -> None:
    """The case numbers, created where the municipality lacks them (one upsert that leaves
    existing ones untouched), and the items' links to them (one insert that looks the case
    numbers up by value)."""
    if not links:
        return
    schemes: dict[str, str] = {}
    for step in steps:
        if step.clean is not None:
            schemes.update(step.clean.case_numbers)
    values = sorted({value for _, value, _ in links})
    insert_rows(
        CaseNumber,
        ("value", "scheme", "kle"),
        [
            [value, schemes.get(value, CaseScheme.ESDH), _kle_topic(value, schemes.get(value))]
            for value in values
        ],
        constants={"municipality_id": municipality_id},
        on_conflict='ON CONFLICT ("municipality_id", "value") DO NOTHING',
    )
    execute_write(
        ItemCaseNumber,
        link_sql(connection.vendor),
        [json_param(links), municipality_id],
        stamp("+"),
    )


CHILD_TABLES = (
    ("sections", Section),
    ("attachments", Attachment),
    ("case_numbers", ItemCaseNumber),
)


def _child_rows(name: str, item_id: int, values: list) -> list[list]:
    """An item's rows for one child table, in the column order Writer._children inserts."""
    if name == "sections":
        return [[item_id, i, heading, kind, text] for i, (heading, kind, text) in enumerate(values)]
    if name == "attachments":
        return [[item_id, i, title] for i, title in enumerate(values)]
    return [[item_id, value, i] for i, value in enumerate(dict.fromkeys(values))]


def _kle_topic(value: str, scheme: str | None) -> str:
    """The KLE topic (emne) "NN.NN.NN" of a KLE journal number; empty for other schemes."""
    if scheme != CaseScheme.KLE:
        return ""
    match = _KLE_TOPIC.match(value)
    return match.group(0) if match else ""
