"""The admin (administration): every model, and the place where people correct parsed minutes.

One module per model group: ``places`` (municipalities, bodies, users), ``sources`` (source
documents, uploads), ``meetings``, ``items`` (items, sections, case numbers, attachments) and
``review`` (import conflicts, citizen reports); ``base`` holds the municipality scope, the
normalised text fields and the no-op save rule; ``filters`` the list filters.

Meetings and agenda items keep their change history (django-simple-history), shown in Danish
with full word diffs. Clerks are staff users restricted to their own municipalities: every
admin here filters its lists, object permissions and foreign-key choices by
``meetings.permissions``.
"""

# Persons and originals (issue 11, meetings/pages/admin.py): merge and split persons.
from ..pages import admin as _pages_admin  # noqa: F401
from . import items, meetings, places, review, sources  # noqa: F401 - registers the admins
