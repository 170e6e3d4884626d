"""List rows (listerækker) written in Python for pages that list hundreds of rows: a template
loop resolves and escapes each variable through the template engine, which costs more than
the rest of such a page. The markup is the same the templates would write; every value is
escaped with the standard library's ``html.escape`` (what Django's ``escape`` calls, without
its per-call checks for lazy strings)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

AGENDA_BADGE = '<span class="badge badge--agenda">Dagsorden – referat ikke offentliggjort</span>'


def meeting_row(meeting: dict) -> SafeString:
    """One meeting of a body's page: its date as a link, the number of items, the place, and
    whether only the agenda is published. ``meeting``: url, date, when (the Danish date),
    items_text, location and kind."""
    place = f" · {escape(meeting['location'])}" if meeting["location"] else ""
    badge = AGENDA_BADGE if meeting["kind"] == "dagsorden" else ""
    return mark_safe(
        f'<li><a href="{escape(meeting["url"])}"><time datetime="{meeting["date"].isoformat()}">'
        f'{escape(meeting["when"])}</time></a> <span class="muted">· '
        f"{escape(meeting['items_text'])}{place}</span>{badge}</li>"
    )
