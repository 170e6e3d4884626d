"""Which rows are corrected, for many rows at once (the admin's "rettet" marker and filter)."""

from __future__ import annotations

from django.db.models import Q

from .conflicts import field_label
from .rule import corrected_fields
from .values import (
    ITEM_FIELDS,
    MEETING_FIELDS,
    item_values,
    load_children,
    load_participants,
    meeting_values,
)

# History records written by a person (the importer's carry "Indlæst fra …"; conflict
# resolutions "Konflikt løst: …"; a clerk's upload values "Rettet ved upload").
BY_A_PERSON = Q(history_change_reason__isnull=True) | Q(history_change_reason__startswith="Rettet")


def mark_items(items) -> None:
    """Set ``corrected_labels`` (Danish labels of corrected fields) on each item (3 queries)."""
    items = list(items)
    children = load_children(item.pk for item in items)
    for item in items:
        names = corrected_fields(
            item_values(item, children[item.pk]), item.parsed or {}, ITEM_FIELDS
        )
        item.corrected_labels = [field_label(name) for name in names]


def mark_meetings(meetings) -> None:
    """Set ``corrected_labels`` on each meeting (1 query)."""
    meetings = list(meetings)
    people = load_participants(m.pk for m in meetings)
    for meeting in meetings:
        current = meeting_values(meeting, people[meeting.pk])
        names = corrected_fields(current, meeting.parsed or {}, MEETING_FIELDS)
        meeting.corrected_labels = [field_label(name) for name in names]


def corrected_item_ids(queryset) -> list[int]:
    """The ids of corrected items in ``queryset``: the items a person changed (by history),
    checked against their snapshot."""
    from ..models import AgendaItem, Attachment, ItemCaseNumber, Section

    touched = set(
        AgendaItem.history.filter(BY_A_PERSON, history_type="~").values_list("id", flat=True)
    )
    for model in (Section, Attachment, ItemCaseNumber):
        touched |= set(model.history.filter(BY_A_PERSON).values_list("item_id", flat=True))
    candidates = list(queryset.filter(pk__in=touched).defer("search_vector"))
    mark_items(candidates)
    return [item.pk for item in candidates if item.corrected_labels]


def corrected_meeting_ids(queryset) -> list[int]:
    """The ids of meetings in ``queryset`` whose header or participants were corrected."""
    candidates = list(queryset)
    mark_meetings(candidates)
    return [meeting.pk for meeting in candidates if meeting.corrected_labels]
