"""Values a clerk sets on upload, stored as corrections (sekretariatets rettelser).

When the parser could not read a meeting's body, date or start time, the clerk fills them in
on the upload page. They are written to the meeting like any correction: the ``parsed``
snapshot keeps what the parser read, so the correction rule sees the clerk's value as a
correction and later imports keep it (or report a conflict). A value equal to the parse
(after normalisation) is no correction and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from .normalise import same
from .values import time_json

CLERK_REASON = "Rettet ved upload"
CLERK_FIELDS = ("body", "date", "start_time", "end_time", "location")


def _snapshot_form(name: str, value):
    if name == "date":
        return value.isoformat() if isinstance(value, dt.date) else value
    if name in ("start_time", "end_time"):
        return time_json(value) if isinstance(value, dt.time) else value
    if name == "body":
        return getattr(value, "name", value)
    return value


def record_clerk_values(meeting, fields: dict, user=None) -> list[str]:
    """Set ``fields`` (``body``: a Body or its name; ``date``: a date; ``start_time``/``end_time``:
    times; ``location``: text) on ``meeting`` as the clerk's corrections, with history.

    Returns the names of the fields that changed. Call it inside the import's transaction,
    after the import wrote the meeting. Unknown field names raise ValueError.
    """
    from .. import search
    from ..models import Body, danish_slug

    unknown = set(fields) - set(CLERK_FIELDS)
    if unknown:
        raise ValueError(f"Ukendte felter: {', '.join(sorted(unknown))}")
    changed = []
    for name, value in fields.items():
        if value is None or value == "":
            continue
        if name == "body":
            current = meeting.body.name
            if same(current, _snapshot_form("body", value)):
                continue
            if not isinstance(value, Body):
                municipality = meeting.body.municipality
                value, _ = Body.objects.get_or_create(
                    municipality=municipality,
                    name=value.strip(),
                    defaults={"slug": danish_slug(value)},
                )
            meeting.body = value
            changed.append(name)
            continue
        current = getattr(meeting, name)
        if same(_snapshot_form(name, current), _snapshot_form(name, value)):
            continue
        setattr(meeting, name, value)
        changed.append(name)
    if changed:
        meeting._history_user = user
        meeting._change_reason = CLERK_REASON
        meeting.save()
        search.reindex_items(list(meeting.items.values_list("pk", flat=True)))
    return changed
