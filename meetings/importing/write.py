"""Phase 3, write: the plans carried out inside the caller's transaction, one statement per
table (bulk.py), each adding the rows' history records too."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from .. import search
from ..corrections.values import REMOVED_ITEM, time_from_json
from ..models import (
    AgendaItem,
    Body,
    ImportConflict,
    Meeting,
    Participant,
    SourceDocument,
    danish_slug,
)
from ..pages.people import normalise_name, person_key
from ..search.postgres import VECTOR_INPUTS, vector_expression, vector_texts
from ..search.vocabulary import count_words, item_texts
from .bulk import HistoryStamp, delete_rows, insert_rows, update_rows
from .children import write_children
from .cleaned import CleanDocument
from .plan import CHILD_FIELDS, ItemPlan, MeetingPlan

MEETING_COLUMNS = ("date", "start_time", "end_time", "location", "kind", "parsed")
ITEM_COLUMNS = (
    "number",
    "title",
    "closed",
    "decision",
    "position",
    "parsed",
    "date",
    "body_id",
    "municipality_id",
)


class Writer:
    """Phase 3: carries out the plans inside the caller's transaction: one statement per table
    (insert_rows, update_rows, delete_rows), each adding the rows' history records too."""

    def __init__(self, doc: CleanDocument, source: SourceDocument, user, reason: str) -> None:
        self.doc = doc
        self.source = source
        self.user = user
        self.reason = reason
        self.now = timezone.now()
        self.reindex: set[int] = set()  # items whose index search.reindex_items brings up to date
        # On PostgreSQL an item row's INSERT or UPDATE writes its search vector too (from the
        # texts it is sent with), and its words are counted here for the vocabulary.
        self.index_in_row = connection.vendor == "postgresql"
        self.words: Counter = Counter()
        self.conflicts: list[ImportConflict] = []
        self.counts = {"created": 0, "updated": 0, "deleted": 0}
        self.touched_meetings: set[int] = set()  # meetings whose row or items changed
        self.new_persons = False  # participants whose person must be created

    def stamp(self, history_type: str) -> HistoryStamp:
        """The history records' stamp for rows this import creates ("+"), changes ("~") or
        deletes ("-")."""
        return HistoryStamp(history_type, self.user, self.reason, self.now)

    def _attribute(self, instance) -> None:
        instance._history_user = self.user
        instance._change_reason = self.reason

    # bodies, meetings -------------------------------------------------------------------
    def bodies(self, names: Iterable[str], known: dict[str, Body]) -> dict[str, Body]:
        """The bodies by name (matched regardless of case), created on first sight with a
        slug unique within the municipality."""
        slugs = {body.slug for body in known.values()}
        found = {}
        for name in sorted(set(names)):
            body = known.get(name.casefold())
            if body is None:
                base = danish_slug(name)[:90]
                slug, n = base, 2
                while slug in slugs:
                    slug, n = f"{base}-{n}", n + 1
                slugs.add(slug)
                body = Body.objects.create(municipality=self.doc.municipality, name=name, slug=slug)
                known[name.casefold()] = body
            found[name] = body
        return found

    def meetings(self, plans: list[MeetingPlan], bodies: dict[str, Body]) -> list[Meeting]:
        """Create the new meetings (one insert), update the existing ones whose row changes
        (one update), and replace participants where they take the new parse."""
        meetings, fresh, rewritten, people = [], [], [], []
        for plan in plans:
            snapshot = plan.clean.snapshot()
            meeting = plan.existing
            if meeting is None:
                meeting = Meeting(body=bodies[plan.clean.body], created_at=self.now)
                fresh.append(meeting)
            elif not (
                plan.changed or meeting.parsed != snapshot or meeting.source_id != self.source.pk
            ):
                meetings.append(meeting)
                continue
            else:
                rewritten.append(meeting)
            if plan.existing is None or plan.changed:
                self._fill_meeting(meeting, plan.values)
            if plan.existing is not None and "body" in plan.changed:
                # A clerk moved the meeting to another body (the row's body_id, no history
                # record of its own; the items follow through their update below).
                meeting.body = bodies[plan.clean.body]
                Meeting.objects.filter(pk=meeting.pk).update(body=meeting.body)
            meeting.source = self.source
            meeting.parsed = snapshot
            meeting.updated_at = self.now
            if plan.existing is None or "participants" in plan.changed:
                people.append((meeting, plan.values["participants"]))
            meetings.append(meeting)
        self._insert_meetings(fresh)
        self._update_meetings(rewritten)
        self.touched_meetings |= {m.pk for m in fresh + rewritten}
        self._participants(people, stale={m.pk for m in rewritten})
        for meeting, plan in zip(meetings, plans, strict=True):
            self._meeting_conflicts(meeting, plan)
        return meetings

    def _insert_meetings(self, fresh: list[Meeting]) -> None:
        returned = insert_rows(
            Meeting,
            ("body_id", *MEETING_COLUMNS),
            [[m.body_id, *(getattr(m, name) for name in MEETING_COLUMNS)] for m in fresh],
            constants={"source_id": self.source.pk, "created_at": self.now, "updated_at": self.now},
            returning=("id", "body_id", "date", "start_time"),
            history=self.stamp("+"),
        )
        # A new meeting is told by its identity (body, date, start time), unique in the table;
        # str() gives the same text for the values PostgreSQL and SQLite return.
        ids = {(body, str(date), str(start)): pk for pk, body, date, start in returned}
        for meeting in fresh:
            meeting.pk = ids[(meeting.body_id, str(meeting.date), str(meeting.start_time))]
            meeting._state.adding, meeting._state.db = False, connection.alias

    def _update_meetings(self, rewritten: list[Meeting]) -> None:
        update_rows(
            Meeting,
            ("id", "source_id", *MEETING_COLUMNS),
            [
                [m.pk, m.source_id, *(getattr(m, name) for name in MEETING_COLUMNS)]
                for m in rewritten
            ],
            constants={"updated_at": self.now},
            history=self.stamp("~"),
        )

    def _participants(self, people: list[tuple[Meeting, list]], stale: set[int]) -> None:
        """Participants (no history kept) of the meetings in ``people``, replaced wholesale."""
        replaced = [m.pk for m, _ in people if m.pk in stale]
        if replaced:
            delete_rows(Participant, replaced, by="meeting_id")
        rows = [
            [meeting.pk, name, party, role, status, position, *self._person(name, party)]
            for meeting, values in people
            for position, (name, party, role, status) in enumerate(values)
        ]
        linked = insert_rows(
            Participant,
            ("meeting_id", "name", "party", "role", "status", "position"),
            rows,
            inputs=("person_municipality", "person_key"),
            computed=(("person_id", PERSON_BY_KEY),),
            returning=("person_id",),
        )
        # A person the municipality does not know yet: pages.people.link_participants
        # creates it (the rows without a key are never linked).
        unlinked = sum(1 for (person_id,) in linked if person_id is None)
        self.new_persons = unlinked > sum(1 for row in rows if row[-1] is None)

    def _person(self, name: str, party: str) -> tuple:
        """The participant's person key (pages.people.person_key; None for a name that is
        no person's), by which the INSERT looks the person up."""
        if not normalise_name(name):
            return (None, None)
        return (self.doc.municipality.pk, person_key(name, party))

    @staticmethod
    def _fill_meeting(meeting: Meeting, values: dict) -> None:
        meeting.date = dt.date.fromisoformat(values["date"])
        meeting.start_time = time_from_json(values["start_time"])
        meeting.end_time = time_from_json(values["end_time"])
        meeting.location = values["location"]
        meeting.kind = values["kind"]

    def _meeting_conflicts(self, meeting: Meeting, plan: MeetingPlan) -> None:
        self.conflicts += [
            ImportConflict(
                meeting=meeting,
                source=self.source,
                field=name,
                corrected_value=corrected,
                parsed_value=parsed,
            )
            for name, corrected, parsed in plan.conflicts
        ]

    # items ------------------------------------------------------------------------------
    def items(self, pairs: list[tuple[Meeting, MeetingPlan]]) -> None:
        """Insert the new items (one insert), update the changed ones (one update), delete
        the vanished ones, and write the children of new items and of items whose sections,
        attachments or case numbers take the new parse."""
        new: list[tuple[Meeting, ItemPlan]] = []
        rewritten: list[tuple[Meeting, ItemPlan]] = []  # existing items whose row changes
        children: list[ItemPlan] = []  # new items and existing ones whose children change
        gone: list[AgendaItem] = []
        for meeting, plan in pairs:
            for step in plan.items:
                item = step.existing
                if step.delete:
                    gone.append(item)
                elif item is None:
                    new.append((meeting, step))
                    children.append(step)
                else:
                    step.item_id = item.pk
                    moved = item.date != meeting.date or item.body_id != meeting.body_id
                    if step.write_row or moved:
                        rewritten.append((meeting, step))
                    if step.changed & CHILD_FIELDS:
                        children.append(step)
                self._item_conflicts(meeting, step)
        gone_ids = {item.pk for item in gone}
        for item in gone:
            self._attribute(item)
            item.delete()  # the ORM's cascade, with history records for the item and children
        self._insert_items(new)
        self._update_items(rewritten)
        self._children(children)
        updated = {step.item_id for _, step in rewritten} | {
            step.item_id for step in children if step.existing is not None
        }
        self.counts["created"] += len(new)
        self.counts["updated"] += len(updated)
        self.counts["deleted"] += len(gone)
        if self.index_in_row:  # the rows written are indexed; deleted rows left no index
            written = new + rewritten
            self.words.update(count_words(_item_texts(step) for _, step in written))
            self.reindex |= updated - {step.item_id for _, step in written}
        else:
            self.reindex |= {step.item_id for _, step in new} | updated | gone_ids
        self.touched_meetings |= {meeting.pk for meeting, _ in new + rewritten}
        self.touched_meetings |= {step.existing.meeting_id for step in children if step.existing}
        self.touched_meetings |= {item.meeting_id for item in gone}

    def _item_row(self, meeting: Meeting, step: ItemPlan) -> list:
        v = step.values
        parsed = step.snapshot if step.snapshot is not None else step.existing.parsed
        return [
            v["number"],
            v["title"],
            v["closed"],
            v["decision"],
            step.position,
            parsed,
            meeting.date,
            meeting.body_id,
            self.doc.municipality.pk,
            *(vector_texts(v["sections"], v["attachments"]) if self.index_in_row else ()),
        ]

    def _indexing(self) -> dict:
        """insert_rows/update_rows arguments that write an item's search vector with its row."""
        if not self.index_in_row:
            return {}
        return {
            "inputs": VECTOR_INPUTS,
            "computed": (("search_vector", vector_expression("r")),),
        }

    def _insert_items(self, new: list[tuple[Meeting, ItemPlan]]) -> None:
        returned = insert_rows(
            AgendaItem,
            ("meeting_id", *ITEM_COLUMNS),
            [[meeting.pk, *self._item_row(meeting, step)] for meeting, step in new],
            constants={"created_at": self.now, "updated_at": self.now},
            returning=("id", "meeting_id", "number"),
            history=self.stamp("+"),
            **self._indexing(),
        )
        ids = {(meeting_id, number): pk for pk, meeting_id, number in returned}  # unique pair
        for meeting, step in new:
            step.item_id = ids[(meeting.pk, step.values["number"])]

    def _update_items(self, rewritten: list[tuple[Meeting, ItemPlan]]) -> None:
        update_rows(
            AgendaItem,
            ("id", *ITEM_COLUMNS),
            [[step.item_id, *self._item_row(meeting, step)] for meeting, step in rewritten],
            constants={"updated_at": self.now},
            history=self.stamp("~"),
            **self._indexing(),
        )

    def _item_conflicts(self, meeting: Meeting, step: ItemPlan) -> None:
        for name, corrected, parsed in step.conflicts:
            if (
                name == REMOVED_ITEM
                and step.existing.conflicts.filter(field=REMOVED_ITEM, resolved=False).exists()
            ):
                continue  # already reported by an earlier import
            self.conflicts.append(
                ImportConflict(
                    meeting=meeting,
                    item=step.existing,
                    source=self.source,
                    field=name,
                    corrected_value=corrected,
                    parsed_value=parsed,
                )
            )

    def _children(self, steps: list[ItemPlan]) -> None:
        write_children(steps, self.doc.municipality.pk, self.stamp)

    def finish(self) -> None:
        if self.conflicts:
            self.conflicts = ImportConflict.objects.bulk_create(self.conflicts)
        search.reindex_items(self.reindex, counted=self.words)


def _item_texts(step: ItemPlan) -> list[str]:
    """The texts of an item as written, as the vocabulary reads them."""
    v = step.values
    return item_texts(v["title"], v["closed"], v["decision"], v["sections"], v["attachments"])


# A participant's person, by the key computed in Python (Writer._person), as the INSERT's
# value of person_id: no later lookup and UPDATE for the persons a municipality knows.
PERSON_BY_KEY = (
    '(SELECT k."person_id" FROM "meetings_personkey" AS k '
    'WHERE k."municipality_id" = CAST(r."person_municipality" AS bigint) '
    'AND k."key" = r."person_key")'
)
