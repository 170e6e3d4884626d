"""ParsedDocument → rows: the one import service (indlæsning) every way in uses.

The upload form and ``manage.py import_minutes`` both call ``import_document`` (or its
wrappers ``import_text`` and ``import_path``). An import runs in three phases, pretix style:

1. **clean** (clean.py, ``clean_document``): check and normalise the whole ParsedDocument
   before anything is written: a meeting must be there, the municipality must be known
   (municipalities.py), values must fit their columns, item numbers must be unique within a
   meeting. A problem raises ``ImportFailed`` (results.py) with a Danish message that is safe
   to show to a clerk. The result is a cleaned document (cleaned.py).
2. **plan** (match.py finds the stored meetings, plan.py ``plan_meetings``): read what the
   database holds and decide, field by field, what to create, update, keep or delete. No
   writes.
3. **write** (write.py, ``Writer``): carry the plan out. Phases 2 and 3 run in one
   ``transaction.atomic()`` (api.py), so a failed import leaves no row behind.

Cost: an import's statements do not depend on its number of items. A new document of one
meeting takes about a dozen (lookups of municipality, source, bodies and meetings, then one
INSERT per table, see ``bulk.insert_rows`` and the statements in sql.py); simple_history's
records are written by the same statements on PostgreSQL (``bulk.execute_write``), so no
history row travels through Python, and so is an item's search vector (from the texts sent
with its row). import_minutes imports a folder's files 50 to a transaction, each in its own
savepoint (batch.py), optionally in several processes (workers.py). The reads before
planning are raw SQL built once (reads.py), and on PostgreSQL the import's statements are
prepared once per connection (cursor.py). The search vocabulary's counts are appended to a
pending table and folded in now and then (search/vocabulary.py).

Identity: a meeting is its body + date + start time; an item is its meeting + number; a
source document is its municipality + the sha256 of its text; a case number is its
municipality + value. Importing the same text twice changes nothing.

The correction rule (rettelser, meetings/corrections/): every meeting and item keeps, in its
``parsed`` JSON field, the values as last parsed. On a re-import a field whose database value
still equals that snapshot (after normalisation: line endings, spaces, NFC) was not touched by a
person and takes the new parse; a field whose value differs was corrected and keeps the
correction. Where the new text changes such a field to something other than the correction, an
ImportConflict row records both values. See ``corrections.merge_field``.

This package re-exports the names callers use, so ``from meetings.importing import X`` keeps
working wherever X now lives.
"""

from ..corrections.rule import FieldMerge, is_corrected, merge_field
from ..corrections.values import REMOVED_ITEM
from .api import change_reason, import_document
from .bulk import HistoryStamp, copy_to_history, delete_rows, insert_rows, update_rows
from .clean import ITEM_TEXT_HEADING, shorten_name, text_sha256
from .municipalities import resolve_municipality
from .paths import import_path, import_text, read_minutes
from .results import ClerkValues, ImportFailed, ImportResult, MeetingIncomplete
from .sql import historical_model

__all__ = [
    "ClerkValues",
    "FieldMerge",
    "HistoryStamp",
    "ITEM_TEXT_HEADING",
    "ImportFailed",
    "ImportResult",
    "MeetingIncomplete",
    "REMOVED_ITEM",
    "change_reason",
    "copy_to_history",
    "delete_rows",
    "historical_model",
    "import_document",
    "import_path",
    "import_text",
    "insert_rows",
    "is_corrected",
    "merge_field",
    "read_minutes",
    "resolve_municipality",
    "shorten_name",
    "text_sha256",
    "update_rows",
]
