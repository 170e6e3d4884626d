"""List rows (listerækker) written in Python for pages that list hundreds of rows: a template
loop resolves and escapes each variable through the template engine, which costs more than
the rest of such a page. The markup is the same the templates would write; every value is
escaped with the standard library's ``html.escape`` (what Django's ``escape`` calls, without
its per-call checks for lazy strings)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from .richtext import long_date, weekday_date

DECISION_WORDS = 35  # a search hit without a snippet shows this much of its decision
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


def search_row(hit) -> SafeString:
    """One hit of the search page (søgeresultat): the highlighted title linked to the item,
    where and when it was handled, and the snippet, or for a closed item (lukket punkt) only
    the note that its title alone is public. ``hit``: a SearchHit whose item carries its
    meeting, body and municipality."""
    item = hit.item
    meeting = item.meeting
    body = meeting.body
    day = meeting.date
    closed = ' <span class="badge badge--closed">Lukket punkt</span>' if item.closed else ""
    agenda = (
        ' · <span class="badge badge--agenda">Dagsorden</span>'
        if meeting.kind == "dagsorden"
        else ""
    )
    if item.closed:
        text = '<p class="closed-note">Lukket punkt – kun titlen er offentlig.</p>'
    elif hit.snippet:
        text = f'<p class="snippet">{hit.snippet}</p>'
    elif item.decision:
        shortened = Truncator(item.decision).words(DECISION_WORDS, truncate=" …")
        text = f'<p class="snippet"><strong>Beslutning:</strong> {escape(shortened)}</p>'
    else:
        text = f'<p class="muted">{decision_missing(meeting.kind)}</p>'
    return mark_safe(
        f'<li class="result"><h3><a href="{escape(item.get_absolute_url())}">{hit.title}</a>'
        f'{closed}</h3><p class="meta">Punkt {escape(str(item.number))} · '
        f'<a href="{escape(meeting.get_absolute_url())}">{escape(body.name)}, '
        f'<time datetime="{day.isoformat()}">{long_date(day)}</time></a> · '
        f"{escape(body.municipality.name)}{agenda}</p>{text}</li>"
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
