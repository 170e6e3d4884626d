"""Calendars (kalendere) to subscribe to: every meeting of a body or a municipality as an
iCalendar (.ics) file, generated with the ``icalendar`` library.

Times are wall-clock times in Europe/Copenhagen with a VTIMEZONE; a meeting without a start
time is an all-day event. UIDs come from the meeting's primary key, so a calendar app updates
an event in place when a re-import or a correction moves it. Meetings carry no closed content:
the summary is the body's name, the description the kind and the link.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from icalendar import Calendar, Event

from .models import Body, Meeting, Municipality

TIMEZONE = ZoneInfo("Europe/Copenhagen")
DEFAULT_DURATION = dt.timedelta(hours=2)
PRODID = "-//Referat//Referater fra danske kommuner//DA"
CACHE_SECONDS = 60 * 60


def meeting_uid(meeting_pk: int) -> str:
    return f"referat-moede-{meeting_pk}@referat"


def _event(request: HttpRequest, meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting.pk))
    kind = meeting.get_kind_display()
    event.add("summary", f"{meeting.body.name} ({meeting.body.municipality.short_name})")
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=TIMEZONE)
        event.add("dtstart", start)
        if meeting.end_time and meeting.end_time > meeting.start_time:
            event.add("dtend", dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=TIMEZONE))
        else:
            event.add("duration", DEFAULT_DURATION)
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + dt.timedelta(days=1))
    if meeting.location:
        event.add("location", meeting.location)
    url = request.build_absolute_uri(meeting.get_absolute_url())
    event.add("url", url)
    note = "" if meeting.end_time or not meeting.start_time else " Sluttid ikke angivet."
    event.add(
        "description",
        f"{kind} fra {meeting.body.name}, {meeting.body.municipality.name}.{note}\n{url}",
    )
    event.add("categories", [kind])
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    return event


def _calendar(request: HttpRequest, name: str, meetings, filename: str) -> HttpResponse:
    """The calendar of these meetings, cached until one of them changes (or is added or
    removed): building hundreds of events costs far more than the one aggregate."""
    state = meetings.aggregate(n=Count("pk"), latest=Max("updated_at"))
    stamp = state["latest"].timestamp() if state["latest"] else 0
    key = f"referat:ics:{request.get_host()}:{filename}:{state['n']}:{stamp}"
    content = cache.get(key)
    if content is None:
        content = _ical(request, name, meetings.order_by("date", "start_time", "pk"))
        cache.set(key, content, CACHE_SECONDS)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def _ical(request: HttpRequest, name: str, meetings) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    for meeting in meetings.iterator(chunk_size=500):
        calendar.add_component(_event(request, meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _meetings():
    return Meeting.objects.select_related("body__municipality").only(
        "pk",
        "date",
        "start_time",
        "end_time",
        "location",
        "kind",
        "created_at",
        "updated_at",
        "body__name",
        "body__slug",
        "body__municipality__name",
        "body__municipality__short_name",
        "body__municipality__slug",
    )


def municipality_calendar(request: HttpRequest, municipality: str) -> HttpResponse:
    """Kalender for a municipality: every meeting of every body."""
    found = get_object_or_404(Municipality, slug=municipality)
    return _calendar(
        request,
        f"{found.name} – møder",
        _meetings().filter(body__municipality=found),
        found.slug,
    )


def body_calendar(request: HttpRequest, municipality: str, body: str) -> HttpResponse:
    """Kalender for one body (udvalg)."""
    found = get_object_or_404(
        Body.objects.select_related("municipality"), municipality__slug=municipality, slug=body
    )
    return _calendar(
        request,
        f"{found.name}, {found.municipality.name} – møder",
        _meetings().filter(body=found),
        f"{found.municipality.slug}-{found.slug}",
    )
