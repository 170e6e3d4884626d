"""Persons (personer) derived from participants: one person per normalised name and party
letter in a municipality, linked from every Participant row that names them.

An admin merges two persons by moving one's keys to the other (``merge_persons``) and splits
a key off again (``split_key``); because the importer links participants through the keys,
both survive re-imports.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Value, When

from ..models import AttendanceStatus, Participant, Person, PersonKey, danish_slug

_SPACE_RE = re.compile(r"\s+")
_PARENS_RE = re.compile(r"\([^()]*\)")
_EDGE_PUNCT = " \t,.;:–-•*·"


def normalise_name(name: str) -> str:
    """A participant's name as a person's name: bracketed notes dropped, spaces collapsed,
    trailing lowercase words (roles, table columns such as »formand ja«) dropped, and an
    all-capitals name written with capital initials. "JENS  HANSEN (A) formand" → "Jens Hansen".
    """
    text = unicodedata.normalize("NFC", _PARENS_RE.sub(" ", name or ""))
    words = _SPACE_RE.sub(" ", text).strip(_EDGE_PUNCT).split(" ")
    while len(words) > 1 and words[-1][:1].islower():
        words.pop()
    cleaned = " ".join(words).strip(_EDGE_PUNCT)
    letters = [c for c in cleaned if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        cleaned = " ".join(
            "-".join(part.capitalize() for part in word.split("-")) for word in cleaned.split(" ")
        )
    return cleaned


def person_key(name: str, party: str) -> str:
    """The merge key: normalised name (case-folded, dots dropped) and party letter."""
    folded = normalise_name(name).replace(".", "").casefold()
    return f"{folded}|{(party or '').strip().upper()}"[:220]


def link_participants(meeting_ids: Iterable[int]) -> int:
    """Link the participants of these meetings that have no person yet (new or rewritten
    rows) to persons, creating the persons that are new. A few statements whatever the
    number of participants; returns the rows linked."""
    rows = list(
        Participant.objects.filter(
            meeting_id__in=list(meeting_ids), person__isnull=True
        ).values_list("pk", "name", "party", "meeting__body__municipality_id")
    )
    wanted: dict[tuple[int, str], tuple[str, str]] = {}
    row_keys: dict[int, tuple[int, str]] = {}
    for pk, name, party, municipality_id in rows:
        if not normalise_name(name):
            continue
        key = (municipality_id, person_key(name, party))
        row_keys[pk] = key
        wanted.setdefault(key, (normalise_name(name), (party or "").strip().upper()))
    if not wanted:
        return 0
    known = _known_keys(wanted)
    missing = [k for k in wanted if k not in known]
    if missing:
        known.update(_create_persons(missing, wanted))
    by_person: dict[int, list[int]] = defaultdict(list)
    for pk, key in row_keys.items():
        by_person[known[key]].append(pk)
    Participant.objects.filter(pk__in=list(row_keys)).update(
        person_id=Case(
            *(When(pk__in=pks, then=Value(person_id)) for person_id, pks in by_person.items())
        )
    )
    return len(row_keys)


def _known_keys(wanted) -> dict[tuple[int, str], int]:
    municipalities = {m for m, _ in wanted}
    keys = {k for _, k in wanted}
    return {
        (m, k): person_id
        for m, k, person_id in PersonKey.objects.filter(
            municipality_id__in=municipalities, key__in=keys
        ).values_list("municipality_id", "key", "person_id")
    }


def _create_persons(missing, wanted) -> dict[tuple[int, str], int]:
    municipalities = {m for m, _ in missing}
    taken = defaultdict(set)
    for m, slug in Person.objects.filter(municipality_id__in=municipalities).values_list(
        "municipality_id", "slug"
    ):
        taken[m].add(slug)
    persons = []
    for municipality_id, key in missing:
        name, party = wanted[(municipality_id, key)]
        base = danish_slug(f"{name} {party}".strip())[:90]
        slug, n = base, 1
        while slug in taken[municipality_id]:
            n += 1
            slug = f"{base}-{n}"
        taken[municipality_id].add(slug)
        persons.append(Person(municipality_id=municipality_id, name=name, party=party, slug=slug))
    # Concurrent imports (two workers, one municipality) may create the same person: a
    # conflicting row is skipped and the committed one used, so neither import fails.
    Person.objects.bulk_create(persons, ignore_conflicts=True)
    slugs = {(p.municipality_id, p.slug) for p in persons}
    by_slug = {
        (m, slug): pk
        for pk, m, slug in Person.objects.filter(
            municipality_id__in=municipalities, slug__in={slug for _, slug in slugs}
        ).values_list("pk", "municipality_id", "slug")
    }
    keys = [
        PersonKey(municipality_id=m, key=k, person_id=by_slug[(p.municipality_id, p.slug)])
        for (m, k), p in zip(missing, persons, strict=True)
    ]
    PersonKey.objects.bulk_create(keys, ignore_conflicts=True)
    return _known_keys({key: None for key in missing})


@transaction.atomic
def merge_persons(target: Person, others: Iterable[Person]) -> Person:
    """Merge ``others`` into ``target`` (same municipality): their keys and participations
    move to ``target`` and they are deleted."""
    others = [p for p in others if p.pk != target.pk]
    for other in others:
        if other.municipality_id != target.municipality_id:
            raise ValueError("Personer fra forskellige kommuner kan ikke lægges sammen.")
    ids = [p.pk for p in others]
    PersonKey.objects.filter(person_id__in=ids).update(person=target)
    Participant.objects.filter(person_id__in=ids).update(person=target)
    Person.objects.filter(pk__in=ids).delete()
    return target


@transaction.atomic
def split_key(person: Person, key: str) -> Person:
    """Split one key off ``person`` into a new person with its participations."""
    entry = PersonKey.objects.get(person=person, key=key)
    if person.keys.count() < 2:
        raise ValueError("En person med kun én nøgle kan ikke deles.")
    name, _, party = key.rpartition("|")
    sample = Participant.objects.filter(person=person).only("name", "party", "meeting_id")
    rows = [p for p in sample.select_related("meeting__body") if person_key(p.name, p.party) == key]
    display = normalise_name(rows[0].name) if rows else name.title()
    base = danish_slug(f"{display} {party}".strip())[:90]
    slug, n = base, 1
    while Person.objects.filter(municipality_id=person.municipality_id, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    new = Person.objects.create(
        municipality_id=person.municipality_id, name=display, party=party, slug=slug
    )
    entry.person = new
    entry.save(update_fields=["person"])
    Participant.objects.filter(pk__in=[p.pk for p in rows]).update(person=new)
    return new


def meeting_people(participants: list[Participant]) -> dict[str, list[Participant]]:
    """A meeting's participants by status, each person once: someone listed as substitute
    (stedfortræder) is not also listed as attendee (deltager)."""
    substitutes = [p for p in participants if p.status == AttendanceStatus.SUBSTITUTE]
    taken = {_identity(p) for p in substitutes}
    present, absent, seen = [], [], set()
    for p in participants:
        identity = _identity(p)
        if p.status == AttendanceStatus.PRESENT and identity not in taken and identity not in seen:
            present.append(p)
            seen.add(identity)
        elif p.status == AttendanceStatus.ABSENT:
            absent.append(p)
    return {"present": present, "absent": absent, "substitutes": substitutes}


def _identity(p: Participant):
    return p.person_id or person_key(p.name, p.party)


def attendance_by_year(participations: list[Participant]) -> list[dict]:
    """Per year: meetings attended (as member or substitute), absences, substitutions and
    the attendance rate (fremmøde) in per cent of the meetings the person was listed for."""
    priority = {
        AttendanceStatus.SUBSTITUTE: 3,
        AttendanceStatus.PRESENT: 2,
        AttendanceStatus.ABSENT: 1,
    }
    per_meeting: dict[int, Participant] = {}
    for p in participations:  # listed twice in one meeting: the substitute role wins
        kept = per_meeting.get(p.meeting_id)
        if kept is None or priority.get(p.status, 0) > priority.get(kept.status, 0):
            per_meeting[p.meeting_id] = p
    years: dict[int, dict] = {}
    for p in per_meeting.values():
        year = p.meeting.date.year
        row = years.setdefault(year, {"year": year, "present": 0, "absent": 0, "substitute": 0})
        row[p.status] += 1
    result = []
    for year in sorted(years, reverse=True):
        row = years[year]
        listed = row["present"] + row["absent"] + row["substitute"]
        attended = row["present"] + row["substitute"]
        row["listed"] = listed
        row["attended"] = attended
        row["rate"] = round(100 * attended / listed) if listed else 0
        result.append(row)
    return result


def body_counts(participations: list[Participant]) -> list[dict]:
    """The bodies a person sat in (as listed), with the number of meetings, most first."""
    meetings: dict[int, set[int]] = defaultdict(set)
    bodies = {}
    for p in participations:
        meetings[p.meeting.body_id].add(p.meeting_id)
        bodies[p.meeting.body_id] = p.meeting.body
    rows = [{"body": bodies[pk], "n": len(ids)} for pk, ids in meetings.items()]
    return sorted(rows, key=lambda row: (-row["n"], row["body"].name))
