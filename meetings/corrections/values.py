"""The fields a correction can touch, in the JSON form the ``parsed`` snapshot keeps them.

``meeting_values`` and ``item_values`` give a row's current values in snapshot form;
``load_item_values`` / ``load_meeting_values`` read what they need for many rows at once
(a few queries whatever their number), for the admin's "rettet" marker and the review queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

MEETING_FIELDS = ("date", "start_time", "end_time", "location", "kind", "participants")
ITEM_FIELDS = (
    "number",
    "title",
    "closed",
    "decision",
    "sections",
    "case_numbers",
    "attachments",
)
# ImportConflict.field for an item that vanished from the new text but was corrected by hand.
REMOVED_ITEM = "removed"


def time_json(value: dt.time | None) -> str | None:
    """A time as the snapshot keeps it: "16:30" (seconds only when there are any)."""
    if value is None:
        return None
    return value.strftime("%H:%M") if not (value.second or value.microsecond) else value.isoformat()


def time_from_json(value: str | None) -> dt.time | None:
    return dt.time.fromisoformat(value) if value else None


def meeting_values(meeting, participants: list[list]) -> dict:
    """A meeting's mergeable fields as they are in the database, in snapshot form;
    ``participants`` as [name, party, role, status] in order."""
    return {
        "date": meeting.date.isoformat() if meeting.date else None,
        "start_time": time_json(meeting.start_time),
        "end_time": time_json(meeting.end_time),
        "location": meeting.location,
        "kind": meeting.kind,
        "participants": [list(p) for p in participants],
    }


def item_values(item, children: dict[str, list]) -> dict:
    """An item's mergeable fields as they are in the database, in snapshot form; ``children``
    holds its "sections" ([heading, kind, text]), "case_numbers" (values) and "attachments"
    (titles), each in order."""
    return {
        "number": item.number,
        "title": item.title,
        "closed": item.closed,
        "decision": item.decision,
        "sections": children["sections"],
        "case_numbers": children["case_numbers"],
        "attachments": children["attachments"],
    }


def load_children(item_ids: Iterable[int]) -> dict[int, dict[str, list]]:
    """Sections, case numbers and attachments of these items in snapshot form (3 queries)."""
    from ..models import Attachment, ItemCaseNumber, Section

    ids = list(item_ids)
    children = {pk: {"sections": [], "case_numbers": [], "attachments": []} for pk in ids}
    if not ids:
        return children
    for item_id, heading, kind, text in (
        Section.objects.filter(item_id__in=ids)
        .order_by("item_id", "position", "pk")
        .values_list("item_id", "heading", "kind", "text")
    ):
        children[item_id]["sections"].append([heading, kind, text])
    for item_id, value in (
        ItemCaseNumber.objects.filter(item_id__in=ids)
        .order_by("item_id", "position", "pk")
        .values_list("item_id", "case_number__value")
    ):
        children[item_id]["case_numbers"].append(value)
    for item_id, title in (
        Attachment.objects.filter(item_id__in=ids)
        .order_by("item_id", "position", "pk")
        .values_list("item_id", "title")
    ):
        children[item_id]["attachments"].append(title)
    return children


def load_participants(meeting_ids: Iterable[int]) -> dict[int, list[list]]:
    """The participants of these meetings in snapshot form, in the importer's order (1 query)."""
    from ..models import Participant

    ids = list(meeting_ids)
    people: dict[int, list[list]] = {pk: [] for pk in ids}
    if not ids:
        return people
    rows = (
        Participant.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "position", "pk")
        .values_list("meeting_id", "name", "party", "role", "status")
    )
    for meeting_id, *person in rows:
        people[meeting_id].append(list(person))
    return people
