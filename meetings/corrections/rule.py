"""The correction rule (rettelser): one place decides what counts as "corrected".

Every meeting and item keeps, in its ``parsed`` JSON field, its values as last parsed (the
snapshot). A field whose database value equals the snapshot, after normalisation
(``normalise.same``), was not touched by a person; one that differs was corrected. The admin
(the "rettet" marker, whether a save changes anything), the clerk's upload and the importer
(``merge_field``) all ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .normalise import same

# A snapshot without the field (a row made by hand, or an older snapshot).
MISSING = object()


@dataclass(frozen=True)
class FieldMerge:
    """The outcome of merging one field: the value to store, and what happened."""

    value: object
    corrected: bool = False  # a person changed it since the last parse: kept
    conflict: bool = False  # ... and the new text disagrees with the correction


def merge_field(current, previous_parse, new_parse) -> FieldMerge:
    """Merge one field of an existing row with a new parse.

    ``current`` is the database value, ``previous_parse`` the value as last parsed (the
    ``parsed`` snapshot; ``MISSING`` when there is none, e.g. a row made by hand) and
    ``new_parse`` the value in the new text. All three in their JSON form, compared after
    normalisation, so a value that differs only in line endings or spaces is no correction.

    - untouched (current == previous parse): take the new parse;
    - corrected: keep the current value; it is a conflict when the new text changed the
      field (new parse != previous parse) to something other than the correction.
    """
    if previous_parse is not MISSING and same(current, previous_parse):
        return FieldMerge(new_parse)
    text_changed = previous_parse is MISSING or not same(new_parse, previous_parse)
    return FieldMerge(
        current, corrected=True, conflict=text_changed and not same(new_parse, current)
    )


def corrected_fields(current: dict, snapshot: dict, fields: Iterable[str]) -> list[str]:
    """The ``fields`` whose value differs from the parsed snapshot (a person changed them)."""
    return [name for name in fields if not same(snapshot.get(name, MISSING), current[name])]


def is_corrected(current: dict, snapshot: dict, fields: Iterable[str]) -> bool:
    """Whether any of ``fields`` differs from the parsed snapshot (a person edited the row)."""
    return bool(corrected_fields(current, snapshot, fields))
