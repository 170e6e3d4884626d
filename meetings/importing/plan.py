"""Phase 2, plan: read what the database holds under the document's existing meetings and
decide, field by field, what to create, update, keep or delete (the correction rule,
meetings/corrections/, decides whether a stored value was corrected and is kept). No writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from ..corrections.rule import MISSING, is_corrected, merge_field
from ..corrections.values import (
    ITEM_FIELDS,
    MEETING_FIELDS,
    REMOVED_ITEM,
    item_values,
    meeting_values,
)
from ..models import AgendaItem, Meeting, Participant
from .cleaned import CleanDocument, CleanItem, CleanMeeting
from .cursor import import_cursor
from .results import ImportFailed
from .sql import children_sql, id_param

CHILD_FIELDS = frozenset({"sections", "attachments", "case_numbers"})


@dataclass
class ItemPlan:
    clean: CleanItem | None  # None: an existing item that vanished from the text
    existing: AgendaItem | None = None
    values: dict = field(default_factory=dict)  # the merged values, snapshot form
    snapshot: dict | None = None  # the new parse (None for a vanished item)
    changed: set[str] = field(default_factory=set)  # fields whose stored value changes
    write_row: bool = False  # the item row itself needs an insert/update
    delete: bool = False
    conflicts: list[tuple[str, object, object]] = field(default_factory=list)
    position: int = 0
    item_id: int | None = None  # the row's id, once written

    @classmethod
    def new(cls, clean: CleanItem, position: int) -> ItemPlan:
        snapshot = clean.snapshot()
        return cls(
            clean=clean, values=snapshot, snapshot=snapshot, write_row=True, position=position
        )


@dataclass
class MeetingPlan:
    clean: CleanMeeting
    existing: Meeting | None
    values: dict = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    conflicts: list[tuple[str, object, object]] = field(default_factory=list)
    items: list[ItemPlan] = field(default_factory=list)


@dataclass
class Stored:
    """What the database holds under the document's existing meetings, in three queries:
    participants per meeting, items per meeting, and each item's children (sections,
    attachments, case numbers) in snapshot form."""

    participants: dict[int, list[list]] = field(default_factory=dict)
    items: dict[int, list[AgendaItem]] = field(default_factory=dict)
    children: dict[int, dict[str, list]] = field(default_factory=dict)

    @classmethod
    def load(cls, meeting_ids: list[int]) -> Stored:
        stored = cls()
        if not meeting_ids:
            return stored
        people = Participant.objects.filter(meeting_id__in=meeting_ids).order_by(
            "meeting_id", "position", "pk"
        )
        for meeting_id, *person in people.values_list(
            "meeting_id", "name", "party", "role", "status"
        ):
            stored.participants.setdefault(meeting_id, []).append(person)
        items = (
            AgendaItem.objects.filter(meeting_id__in=meeting_ids)
            .defer("search_vector")
            .order_by("meeting_id", "position", "pk")
        )
        for item in items:
            stored.items.setdefault(item.meeting_id, []).append(item)
            stored.children[item.pk] = {name: [] for name in CHILD_FIELDS}
        if stored.children:
            for item_id, name, *values in _children_query(list(stored.children)):
                children = stored.children[item_id][name]
                children.append(values if name == "sections" else values[0])
        return stored


def _children_query(item_ids: list[int]) -> list[tuple]:
    """The items' sections (heading, kind, text), attachments (title) and case numbers
    (value) as (item id, "sections"|"attachments"|"case_numbers", a, b, c) rows, each item's
    in the order written: one UNION ALL query instead of one per table."""
    with import_cursor() as cursor:
        cursor.execute(children_sql(connection.vendor), [id_param(item_ids)] * 3)
        return [row[:5] for row in cursor.fetchall()]


def plan_meetings(doc: CleanDocument, existing: dict[int, Meeting]) -> list[MeetingPlan]:
    plans = [MeetingPlan(clean=m, existing=existing.get(i)) for i, m in enumerate(doc.meetings)]
    stored = Stored.load([p.existing.pk for p in plans if p.existing is not None])
    for plan in plans:
        if plan.existing is None:
            plan.values = plan.clean.values()
            plan.items = [ItemPlan.new(c, i) for i, c in enumerate(plan.clean.items)]
            continue
        _plan_meeting(plan, stored.participants.get(plan.existing.pk, []))
        _plan_items(plan, stored.items.get(plan.existing.pk, []), stored.children)
    return plans


def _merge_fields(plan, current: dict, previous: dict, new: dict, fields) -> None:
    """Apply merge_field to each field: fill plan.values, plan.changed and plan.conflicts."""
    for name in fields:
        merged = merge_field(current[name], previous.get(name, MISSING), new[name])
        plan.values[name] = merged.value
        if merged.value != current[name]:
            plan.changed.add(name)
        if merged.conflict:
            plan.conflicts.append((name, current[name], new[name]))


def _plan_meeting(plan: MeetingPlan, participants: list[list]) -> None:
    current = meeting_values(plan.existing, participants)
    new = plan.clean.snapshot()
    _merge_fields(plan, current, plan.existing.parsed or {}, new, MEETING_FIELDS)
    clerk = plan.clean.clerk
    if clerk:  # what the clerk set now wins over the stored value and the parse
        values = plan.clean.values()
        for name, given in (("date", clerk.date), ("start_time", clerk.start_time)):
            if given and values[name] != current[name]:
                plan.values[name] = values[name]
                plan.changed.add(name)
        if clerk.body and clerk.body.casefold() != plan.existing.body.name.casefold():
            plan.changed.add("body")


def _plan_items(
    plan: MeetingPlan, existing: list[AgendaItem], children: dict[int, dict[str, list]]
) -> None:
    by_number: dict[int, AgendaItem] = {}
    # An item is known by the number it was parsed with; a hand-made item by its number.
    for item in existing:
        by_number.setdefault(item.parsed.get("number", item.number), item)
    for item in existing:
        by_number.setdefault(item.number, item)
    matched: set[int] = set()
    for position, clean in enumerate(plan.clean.items):
        item = by_number.get(clean.number)
        if item is not None and item.pk in matched:
            item = None
        if item is None:
            plan.items.append(ItemPlan.new(clean, position))
            continue
        matched.add(item.pk)
        plan.items.append(_merge_item(item, children[item.pk], clean, position))
    for item in existing:
        if item.pk in matched:
            continue
        current = item_values(item, children[item.pk])
        gone = ItemPlan(clean=None, existing=item, values=current, position=item.position)
        if is_corrected(current, item.parsed or {}, ITEM_FIELDS):
            gone.conflicts.append(
                (REMOVED_ITEM, {"number": item.number, "title": item.title}, None)
            )
        else:
            gone.delete = True
        plan.items.append(gone)
    numbers = [i.values["number"] for i in plan.items if not i.delete]
    if len(numbers) != len(set(numbers)):
        raise ImportFailed(
            f"Mødet {plan.clean.label}: et punktnummer, som er rettet i arkivet, bruges også af "
            "et andet punkt i den nye tekst. Ret nummeret i arkivet først."
        )


def _merge_item(item: AgendaItem, children: dict, clean: CleanItem, position: int) -> ItemPlan:
    new = clean.snapshot()
    plan = ItemPlan(clean=clean, existing=item, snapshot=new, position=position)
    _merge_fields(plan, item_values(item, children), item.parsed or {}, new, ITEM_FIELDS)
    scalar = {"number", "title", "closed", "decision"} & plan.changed
    plan.write_row = bool(scalar) or item.parsed != new or item.position != position
    return plan
