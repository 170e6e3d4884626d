"""List rows (listerækker) written in Python for pages that list hundreds of rows: a template
loop resolves and escapes each variable through the template engine, which costs more than
the rest of such a page. The markup is the same the templates would write; every value is
escaped with the standard library's ``html.escape`` (what Django's ``escape`` calls, without
its per-call checks for lazy strings)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from .richtext import weekday_date

AGENDA_BADGE = '<span class="badge badge--agenda">Dagsorden – referat ikke offentliggjort</span>'


def meeting_row(meeting: dict, url: str) -> SafeString:
    """One meeting of a body's page, linked to ``url``: its Danish date, the number of items,
    the place, and whether only the agenda is published. ``meeting``: date, item_count,
    location and kind."""
    day, count = meeting["date"], meeting["item_count"]
    place = f" · {escape(meeting['location'])}" if meeting["location"] else ""
    badge = AGENDA_BADGE if meeting["kind"] == "dagsorden" else ""
    return mark_safe(
        f'<li><a href="{escape(url)}"><time datetime="{day.isoformat()}">'
        f'{weekday_date(day)}</time></a> <span class="muted">· '
        f"{count} punkt{'' if count == 1 else 'er'}{place}</span>{badge}</li>"
    )
