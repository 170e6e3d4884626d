"""Corrections (rettelser): what counts as one, conflicts with re-imports, and their review.

- ``normalise``: the clean-up values are compared after (line endings, spaces, NFC, NBSP);
- ``rule``: the correction rule, the one place that decides "corrected" (``merge_field``,
  ``corrected_fields``), used by the importer, the admin and the clerks' pages;
- ``values``: the fields a correction can touch, in the ``parsed`` snapshot's JSON form;
- ``diff``: a word-level diff of two texts as escaped HTML with ``<ins>``/``<del>``;
- ``conflicts``: a conflict described per field in Danish, and its three resolutions;
- ``clerk``: values a clerk sets on upload, stored as corrections (``record_clerk_values``);
- ``review``: the review queue (gennemsyn) of flagged meetings, conflicts and citizen reports;
- ``reports``: citizen error reports (fejlrapporter), rate-limited.
"""

from .normalise import normalise_text, normalise_value, same
from .rule import MISSING, FieldMerge, corrected_fields, is_corrected, merge_field
from .values import ITEM_FIELDS, MEETING_FIELDS, REMOVED_ITEM, item_values, meeting_values

__all__ = [
    "ITEM_FIELDS",
    "MEETING_FIELDS",
    "MISSING",
    "REMOVED_ITEM",
    "FieldMerge",
    "corrected_fields",
    "is_corrected",
    "item_values",
    "meeting_values",
    "merge_field",
    "normalise_text",
    "normalise_value",
    "same",
]
