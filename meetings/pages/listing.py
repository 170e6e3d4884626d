"""List rows (listerækker) written in Python: a body's meetings, search hits and their facet
counts, a meeting's items and a case's timeline. A template loop resolves and escapes each
variable through the template engine, which cost more than the rest of such a page (about
3 ms for twenty search hits). The markup is the same the templates would write; every value is
escaped with the standard library's ``html.escape`` (what Django's ``escape`` calls, without
its per-call checks for lazy strings)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .richtext import long_date, weekday_date

DECISION_WORDS = 35  # a search hit without a snippet shows this much of its decision
MEETING_DECISION_WORDS = 40  # an item on a meeting page shows this much of its decision
TIMELINE_DECISION_WORDS = 20  # and an item in a case's timeline this much
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


def decision_missing(kind: str) -> str:
    """Honest wording for a missing decision (the text of includes/_decision_missing.html)."""
    if kind == "dagsorden":
        return "Beslutning ikke offentliggjort (dagsorden – referatet er ikke offentliggjort)"
    return "Ingen beslutning i referatet"


CLOSED_BADGE = ' <span class="badge badge--closed">Lukket punkt</span>'
CLOSED_NOTE = '<p class="closed-note">Lukket punkt – kun titlen er offentlig.</p>'


def _item_text(item, meeting_kind: str, words: int, snippet: SafeString | None = None) -> str:
    """Under an item's title in a list: for a closed item (lukket punkt) only the note that
    its title alone is public; else the snippet, the start of the decision, or why there is
    no decision."""
    if item.closed:
        return CLOSED_NOTE
    if snippet:
        return f'<p class="snippet">{snippet}</p>'
    if item.decision:
        shortened = Truncator(item.decision).words(words, truncate=" …")
        return f'<p class="snippet"><strong>Beslutning:</strong> {escape(shortened)}</p>'
    return f'<p class="muted">{decision_missing(meeting_kind)}</p>'


def search_row(hit) -> SafeString:
    """One hit of the search page (søgeresultat): the highlighted title linked to the item,
    where and when it was handled, and the snippet (see ``_item_text``). ``hit``: a
    SearchHit whose item carries its meeting, body and municipality."""
    item = hit.item
    meeting = item.meeting
    body = meeting.body
    day = meeting.date
    agenda = (
        ' · <span class="badge badge--agenda">Dagsorden</span>'
        if meeting.kind == "dagsorden"
        else ""
    )
    return mark_safe(
        f'<li class="result"><h3><a href="{escape(item.get_absolute_url())}">{hit.title}</a>'
        f'{CLOSED_BADGE if item.closed else ""}</h3><p class="meta">Punkt '
        f'{escape(str(item.number))} · <a href="{escape(meeting.get_absolute_url())}">'
        f'{escape(body.name)}, <time datetime="{day.isoformat()}">{long_date(day)}</time></a>'
        f" · {escape(body.municipality.name)}{agenda}</p>"
        f"{_item_text(item, meeting.kind, DECISION_WORDS, hit.snippet)}</li>"
    )


def meeting_item_row(item, meeting_kind: str) -> SafeString:
    """One item of a meeting page (punkt på et møde): number and title linked to the item,
    and the start of its decision (see ``_item_text``)."""
    return mark_safe(
        f'<li class="result"><h3><a href="{escape(item.get_absolute_url())}">'
        f"{escape(str(item.number))}. {escape(item.title)}</a>"
        f"{CLOSED_BADGE if item.closed else ''}</h3>"
        f"{_item_text(item, meeting_kind, MEETING_DECISION_WORDS)}</li>"
    )


def timeline_row(entry, current) -> SafeString:
    """One item of a case's timeline (sagens forløb): date, body and municipality, the item
    (linked unless it is ``current``, the page's own item) and the start of its decision.
    ``entry``: an open item carrying its meeting, body and municipality."""
    meeting = entry.meeting
    body = meeting.body
    day = meeting.date
    own = current is not None and entry.pk == current.pk
    title = f"{escape(str(entry.number))}. {escape(entry.title)}"
    shown = (
        f'{title} <span class="muted">(dette punkt)</span>'
        if own
        else f'<a href="{escape(entry.get_absolute_url())}">{title}</a>'
    )
    decision = ""
    if entry.decision:
        shortened = Truncator(entry.decision).words(TIMELINE_DECISION_WORDS, truncate=" …")
        decision = f'<br><span class="muted">Beslutning: {escape(shortened)}</span>'
    mark = ' class="current"' if own else ""
    return mark_safe(
        f'<li{mark}><time datetime="{day.isoformat()}">'
        f'{long_date(day)}</time> – <a href="{escape(meeting.get_absolute_url())}">'
        f"{escape(body.name)}</a>, {escape(body.municipality.name)}: {shown}{decision}</li>"
    )


def danish_count(number: int) -> str:
    """1.234 (Django's floatformat:"0g" in Danish, without its Decimal and locale lookups)."""
    return f"{number:,}".replace(",", ".")


def facet_row(link) -> SafeString:
    """One count beside the search results (afgrænsning): a link that narrows the search, or
    the chosen value in bold. ``link``: label, url, count and active."""
    label = escape(link.label)
    shown = (
        f'<strong aria-current="true">{label}</strong>'
        if link.active
        else f'<a href="{escape(link.url)}">{label}</a>'
    )
    return mark_safe(f'<li>{shown} <span class="count">{danish_count(link.count)}</span></li>')
