"""Conflicts (konflikter) a clerk can read and resolve.

A conflict is a re-import whose text disagrees with a correction. ``describe`` turns one into
parts a clerk understands: per field (and per section: "Beslutning", "Sagsfremstilling") the
Danish label, both values as text and a word diff. ``resolve`` carries out one of three
actions, each recorded in the history of the row it changes and of the conflict itself:

- keep (behold rettelsen): the correction stays, the conflict is closed;
- take_new (tag den nye tekst): the field takes the newest parsed value, so later imports
  update it again;
- edit (redigér): the field takes a value the clerk writes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.safestring import SafeString

from .diff import word_diff
from .normalise import normalise_text, same
from .values import REMOVED_ITEM, time_from_json

FIELD_LABELS = {
    "number": "Nummer",
    "title": "Titel",
    "closed": "Lukket punkt",
    "decision": "Beslutning",
    "sections": "Afsnit",
    "case_numbers": "Sagsnumre",
    "attachments": "Bilag",
    "date": "Mødedato",
    "start_time": "Starttid",
    "end_time": "Sluttid",
    "location": "Mødested",
    "kind": "Type",
    "participants": "Deltagere",
    "body": "Udvalg",
    REMOVED_ITEM: "Punktet findes ikke i den nye tekst",
}
# Fields a clerk may edit as one text on the resolution page.
TEXT_FIELDS = frozenset({"title", "decision", "location"})
ITEM_SCALARS = frozenset({"number", "title", "closed", "decision"})
MEETING_SCALARS = frozenset({"date", "start_time", "end_time", "location", "kind"})
_KLE = re.compile(r"^\d{2}\.\d{2}\.\d{2}")

ACTIONS = {
    "keep": "Behold rettelsen",
    "take_new": "Tag den nye tekst",
    "edit": "Redigér",
}
CHANGE_REASONS = {
    "keep": "Konflikt løst: rettelsen bevaret",
    "take_new": "Konflikt løst: den nye tekst taget",
    "edit": "Konflikt løst: redigeret",
}


def field_label(name: str) -> str:
    """The Danish label of a snapshot field ("decision" → "Beslutning")."""
    return FIELD_LABELS.get(name, name)


def display_value(name: str, value) -> str:
    """A snapshot value as readable Danish text."""
    if value is None or value == "" or value == []:
        return "(tom)"
    if value is True:
        return "Ja"
    if value is False:
        return "Nej"
    if name == "date" and isinstance(value, str):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "j. F Y")
        except ValueError:
            return value
    if name == "kind":
        return {"referat": "Referat", "dagsorden": "Dagsorden"}.get(value, value)
    if name == "participants":
        status = {"present": "deltager", "absent": "afbud", "substitute": "stedfortræder"}
        return "\n".join(
            f"{p[0]}{f' ({p[1]})' if p[1] else ''}{f', {p[2]}' if p[2] else ''} – "
            f"{status.get(p[3], p[3])}"
            for p in value
        )
    if name == "sections":
        return "\n\n".join(f"{s[0]}\n{normalise_text(s[2])}" for s in value)
    if name == REMOVED_ITEM and isinstance(value, dict):
        return f"{value.get('number')}. {value.get('title')}"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return normalise_text(str(value))


@dataclass
class Part:
    """One field (or section) of a conflict: both values and their diff."""

    label: str
    corrected: str
    new: str
    diff: SafeString


@dataclass
class Described:
    """A conflict, ready to show."""

    conflict: object
    label: str  # "Titel", "Afsnit", …
    target: str  # "2. Digitalisering …" or "Mødet"
    parts: list[Part] = field(default_factory=list)
    corrected_by: str = ""
    corrected_at: dt.datetime | None = None
    editable: bool = False


def _part(label: str, name: str, corrected, new) -> Part:
    a, b = display_value(name, corrected), display_value(name, new)
    return Part(label=label, corrected=a, new=b, diff=word_diff(a, b))


def parts_of(name: str, corrected, new) -> list[Part]:
    """The parts of a conflict on ``name``: sections compared one by one, by heading."""
    if name != "sections" or not isinstance(corrected, list) or not isinstance(new, list):
        return [_part(field_label(name), name, corrected, new)]
    parts = []
    for index in range(max(len(corrected), len(new))):
        old = corrected[index] if index < len(corrected) else None
        fresh = new[index] if index < len(new) else None
        if old is not None and fresh is not None and same(old, fresh):
            continue
        heading = (fresh or old)[0]
        a = old[2] if old else "(afsnittet findes ikke i rettelsen)"
        b = fresh[2] if fresh else "(afsnittet findes ikke i den nye tekst)"
        if old and fresh and not same(old[0], fresh[0]):
            heading = f"{old[0]} / {fresh[0]}"
        parts.append(_part(heading, "text", a, b))
    return parts


def _corrector(conflict) -> tuple[str, dt.datetime | None]:
    """Who last changed the conflicting field by hand before the conflict arose, and when."""
    person = Q(history_change_reason__isnull=True) | Q(history_change_reason__startswith="Rettet")
    before = Q(history_date__lte=conflict.created_at) if conflict.created_at else Q()
    if conflict.item_id is not None:
        from ..models import AgendaItem, Attachment, ItemCaseNumber, Section

        model = {
            "sections": Section,
            "attachments": Attachment,
            "case_numbers": ItemCaseNumber,
        }.get(conflict.field)
        if model is not None:
            records = model.history.filter(item_id=conflict.item_id)
        else:
            records = AgendaItem.history.filter(id=conflict.item_id)
    else:
        from ..models import Meeting

        records = Meeting.history.filter(id=conflict.meeting_id)
    record = (
        records.filter(person & before)
        .exclude(history_type="+")
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )
    if record is None:
        return "", None
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user else "ukendt", record.history_date


def describe(conflict, *, who: bool = True) -> Described:
    """A conflict as Danish parts with diffs (and, with ``who``, who made the correction)."""
    target = str(conflict.item) if conflict.item_id else "Mødet"
    described = Described(
        conflict=conflict,
        label=field_label(conflict.field),
        target=target,
        parts=parts_of(conflict.field, conflict.corrected_value, conflict.parsed_value),
        editable=conflict.field in TEXT_FIELDS,
    )
    if who:
        described.corrected_by, described.corrected_at = _corrector(conflict)
    return described


# ---------------------------------------------------------------------------------------------
# Resolving


class ResolveError(ValueError):
    """A resolution that cannot be carried out; the message (Danish) says why."""


def newest_parse(conflict):
    """The field's value in the newest parsed text (a later import may have changed it)."""
    target = conflict.item if conflict.item_id else conflict.meeting
    snapshot = target.parsed or {}
    if conflict.field == REMOVED_ITEM:
        return None
    return snapshot.get(conflict.field, conflict.parsed_value)


def _stamp(obj, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason


def _replace_children(item, name: str, values: list, user, reason: str) -> None:
    from ..models import Attachment, CaseNumber, CaseScheme, ItemCaseNumber, Section

    model = {"sections": Section, "attachments": Attachment, "case_numbers": ItemCaseNumber}[name]
    for child in model.objects.filter(item=item):
        _stamp(child, user, reason)
        child.delete()
    for position, value in enumerate(values):
        if name == "sections":
            child = Section(item=item, position=position, heading=value[0], kind=value[1])
            child.text = value[2]
        elif name == "attachments":
            child = Attachment(item=item, position=position, title=value)
        else:
            kle = bool(_KLE.match(value))
            case, _ = CaseNumber.objects.get_or_create(
                municipality_id=item.municipality_id,
                value=value,
                defaults={
                    "scheme": CaseScheme.KLE if kle else CaseScheme.ESDH,
                    "kle": value[:8] if kle else "",
                },
            )
            child = ItemCaseNumber(item=item, case_number=case, position=position)
        _stamp(child, user, reason)
        child.save()


def sync_decision_section(item, old: str, new: str, user, reason: str) -> None:
    """Keep the item's one "Beslutning" section equal to its decision (one place to edit)."""
    from ..models import Section, SectionKind

    sections = list(Section.objects.filter(item=item, kind=SectionKind.DECISION)[:2])
    if len(sections) == 1 and same(sections[0].text, old) and not same(sections[0].text, new):
        sections[0].text = new
        _stamp(sections[0], user, reason)
        sections[0].save()


def _decision_from_section(item, user, reason: str) -> None:
    """After the sections changed: the decision follows the one "Beslutning" section."""
    from ..models import Section, SectionKind

    sections = list(Section.objects.filter(item=item, kind=SectionKind.DECISION)[:2])
    if len(sections) == 1 and not same(sections[0].text, item.decision):
        item.decision = sections[0].text
        _stamp(item, user, reason)
        item.save()


def apply_value(conflict, value, user, reason: str) -> None:
    """Write ``value`` (snapshot form) into the conflicting field, with history."""
    from ..models import Participant

    name = conflict.field
    if conflict.item_id is not None:
        item = conflict.item
        if name == REMOVED_ITEM:
            _stamp(item, user, reason)
            item.delete()
            return
        if name in ITEM_SCALARS:
            if name == "decision":
                sync_decision_section(item, item.decision, value, user, reason)
            setattr(item, name, value)
            _stamp(item, user, reason)
            item.save()
        else:
            _replace_children(item, name, value or [], user, reason)
            if name == "sections":
                _decision_from_section(item, user, reason)
        return
    meeting = conflict.meeting
    if name in MEETING_SCALARS:
        if name == "date":
            value = dt.date.fromisoformat(value)
        elif name in ("start_time", "end_time"):
            value = time_from_json(value)
        setattr(meeting, name, value or ("" if name == "location" else value))
        _stamp(meeting, user, reason)
        meeting.save()
    elif name == "participants":
        Participant.objects.filter(meeting=meeting).delete()
        Participant.objects.bulk_create(
            Participant(meeting=meeting, name=p[0], party=p[1], role=p[2], status=p[3], position=i)
            for i, p in enumerate(value or [])
        )
    else:
        raise ResolveError(f"Feltet »{field_label(name)}« kan ikke rettes herfra.")


@transaction.atomic
def resolve(conflict, action: str, user, value=None) -> None:
    """Resolve ``conflict`` with ``action`` ("keep", "take_new" or "edit" with ``value``).

    Open conflicts on the same field of the same row are resolved with it. The changed row and
    the conflict get history records naming ``user`` and the action.
    """
    from .. import search
    from ..models import ImportConflict

    if action not in ACTIONS:
        raise ResolveError("Vælg en af de tre muligheder.")
    if conflict.resolved:
        raise ResolveError("Konflikten er allerede løst.")
    reason = CHANGE_REASONS[action]
    item_id = conflict.item_id
    if action == "take_new":
        apply_value(conflict, newest_parse(conflict), user, reason)
    elif action == "edit" and value is not None:
        if conflict.field not in TEXT_FIELDS:
            raise ResolveError(
                f"»{field_label(conflict.field)}« redigeres i administrationen, ikke her."
            )
        text = normalise_text(value)
        if not text and conflict.field == "title":
            raise ResolveError("Titlen må ikke være tom.")
        apply_value(conflict, text, user, reason)
    # The decision lives in the field and its "Beslutning" section: resolved together.
    fields = {conflict.field}
    if item_id is not None and conflict.field in ("decision", "sections") and action == "take_new":
        fields = {"decision", "sections"} if conflict.field == "sections" else fields
    siblings = ImportConflict.objects.filter(
        meeting_id=conflict.meeting_id, item_id=item_id, field__in=fields, resolved=False
    )
    if conflict.field == REMOVED_ITEM and action == "take_new":
        return  # the item and its conflicts are gone
    now = timezone.now()
    for open_conflict in siblings.select_for_update():
        open_conflict.resolved = True
        open_conflict.resolution = action
        open_conflict.resolved_by = user
        open_conflict.resolved_at = now
        _stamp(open_conflict, user, reason)
        open_conflict.save()
    conflict.refresh_from_db()
    if item_id is not None:
        search.reindex_items([item_id])
    elif action != "keep":
        search.reindex_items(list(conflict.meeting.items.values_list("pk", flat=True)))
