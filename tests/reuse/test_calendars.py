"""Calendars round-trip through icalendar with the right times in Europe/Copenhagen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from tests.reuse.conftest import assert_no_secrets
from tests.web import factories as f

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def fetch(client, url) -> tuple[Calendar, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    return Calendar.from_ical(response.content), text


def events(calendar):
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_body_calendar_times_in_copenhagen(client, corpus):
    calendar, _ = fetch(client, corpus.magistraten.get_absolute_url() + "kalender.ics")
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2020, 8, 24, 8, 30, tzinfo=CPH)
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert end == dt.datetime(2020, 8, 24, 10, 0, tzinfo=CPH)
    assert str(event["location"]) == "Teams-møde"
    assert str(event["url"]).endswith(corpus.m1.get_absolute_url())
    assert "Referat" in [str(c) for c in event["categories"].cats]


def test_winter_time_all_day_and_stable_uids(client, corpus):
    f.meeting(corpus.digi, date=dt.date(2022, 1, 10), start=dt.time(9, 0))
    f.meeting(corpus.digi, date=dt.date(2022, 2, 1), start=None, location="")
    first, _ = fetch(client, "/kommuner/ballerup/kalender.ics")
    second, _ = fetch(client, "/kommuner/ballerup/kalender.ics")
    assert events(first).keys() == events(second).keys()
    assert len(events(first)) == 3
    starts = sorted(
        (e.decoded("dtstart") for e in first.walk("VEVENT")),
        key=lambda v: v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time(), CPH),
    )
    assert starts[0] == dt.datetime(2021, 10, 13, 16, 0, tzinfo=CPH)
    assert starts[1] == dt.datetime(2022, 1, 10, 9, 0, tzinfo=CPH)
    assert starts[1].utcoffset() == dt.timedelta(hours=1)  # winter time
    assert starts[2] == dt.date(2022, 2, 1)  # no start time: an all-day event
    winter = next(e for e in first.walk("VEVENT") if e.decoded("dtstart") == starts[1])
    assert winter.decoded("duration") == dt.timedelta(hours=2)  # no end time given
    assert "Sluttid ikke angivet." in str(winter["description"])


def test_municipality_calendar_has_every_meeting(client, corpus, closed_meeting):
    calendar, text = fetch(client, "/kommuner/aarhus/kalender.ics")
    uids = set(events(calendar))
    assert uids == {
        f"referat-moede-{corpus.m1.pk}@referat",
        f"referat-moede-{corpus.m2.pk}@referat",
    }
    ballerup, text_b = fetch(client, "/kommuner/ballerup/kalender.ics")
    assert f"referat-moede-{closed_meeting.meeting.pk}@referat" in events(ballerup)
    assert_no_secrets(text + text_b, "calendars")


def test_unknown_calendar_404(client, corpus):
    assert client.get("/kommuner/ingen/kalender.ics").status_code == 404
    assert client.get("/kommuner/aarhus/ingen/kalender.ics").status_code == 404


def test_pages_link_their_calendars(client, corpus):
    for page in ("/kommuner/aarhus/", corpus.magistraten.get_absolute_url()):
        html = client.get(page).content.decode()
        assert (
            '<link rel="alternate" type="text/calendar"' in html
            and f'href="{page}kalender.ics"' in html
        )
        assert f'<a href="{page}kalender.ics" type="text/calendar">' in html


def test_a_changed_meeting_shows_at_once(client, corpus):
    url = corpus.magistraten.get_absolute_url() + "kalender.ics"
    calendar, _ = fetch(client, url)
    assert str(calendar.walk("VEVENT")[0]["location"]) == "Teams-møde"
    corpus.m1.location = "Rådhuset, mødesal 2"
    corpus.m1.save()
    calendar, _ = fetch(client, url)
    assert str(calendar.walk("VEVENT")[0]["location"]) == "Rådhuset, mødesal 2"
    f.meeting(corpus.magistraten, date=dt.date(2020, 9, 1))
    calendar, _ = fetch(client, url)
    assert len(calendar.walk("VEVENT")) == 2
