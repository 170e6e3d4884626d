"""Every feed, calendar and API page makes a fixed number of queries, however many rows it
shows (no N+1): measured with a small archive and again with four times as much."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.gate import public_sources
from meetings.models import Body, CaseNumber, ItemCaseNumber, Meeting, Person
from meetings.pages.people import link_participants
from tests.web import factories as f

pytestmark = pytest.mark.django_db

# The most queries each URL may make.
LIMITS = {
    "/oparl/v1/": 2,
    "/oparl/v1/body": 3,
    "/oparl/v1/body/751": 3,
    "/oparl/v1/body/751/organization": 2,
    "/oparl/v1/body/751/meeting": 6,  # + the participants (Person ids)
    "/oparl/v1/body/751/agendaItem": 3,
    "/oparl/v1/body/751/paper": 3,
    "/oparl/v1/body/751/consultation": 2,
    "/oparl/v1/body/751/file": 3,
    "/oparl/v1/body/751/locationList": 2,
    "/oparl/v1/body/751/person": 2,
    "person": 1,
    "organization-meetings": 6,
    "meeting": 5,
    "paper": 2,
    "organization": 1,
    "organization-consultations": 2,
    "agendaItem": 2,
    "consultation": 1,
    "file": 2,
    "file-access": 1,
    "location": 1,
    "/oparl/v1/body/751/membership": 1,
    "/oparl/v1/body/751/legislativeTermList": 1,
    "/kommuner/aarhus/feed/": 2,
    "body-feed": 2,
    "/sager/30/000001/feed/": 2,
    "/kommuner/aarhus/kalender.ics": 3,
    "body-calendar": 3,
    "/soeg/feed/?kommune=aarhus": 5,
}


EMPTY_LISTS = {"membership", "legislativeTermList"}


def build(meetings: int, first: int = 0) -> Body:
    """One Aarhus body with ``meetings`` meetings of three items (every other meeting has a
    closed one, so half the source documents are public files), sharing a
    case number, with attachments, a KLE number and participants."""
    body = f.body("Økonomiudvalget", code=751)
    for n in range(first, first + meetings):
        meeting = f.meeting(
            body,
            date=dt.date(2020, 1, 1) + dt.timedelta(days=7 * n),
            location=f"Rådhuset, lokale {n}",
            participants=(("Anna", "A"), ("Bo", "V")),
        )
        for k in range(3):
            f.item(
                meeting,
                f"Punkt {k} på møde {n}",
                decision="Godkendt. Med bemærkninger.",
                closed=k == 2 and n % 2 == 0,
                cases=(("30/000001", "esdh"), (f"31/{n:06d}", "esdh"), ("00.01.00-A00", "kle")),
                attachments=("Bilag 1",),
                index=False,
            )
    link_participants(Meeting.objects.filter(body=body).values_list("pk", flat=True))
    return body


def urls(body: Body) -> dict[str, str]:
    meeting = Meeting.objects.filter(body=body).first()
    case = CaseNumber.objects.get(value="30/000001")
    link = ItemCaseNumber.objects.filter(case_number=case).first()
    source = public_sources().filter(municipality=body.municipality).first()
    named = {
        "organization": f"/oparl/v1/organization/{body.pk}",
        "organization-consultations": f"/oparl/v1/organization/{body.pk}/consultation",
        "agendaItem": f"/oparl/v1/agendaItem/{link.item_id}",
        "consultation": f"/oparl/v1/consultation/{link.pk}",
        "file": f"/oparl/v1/file/{source.pk}",
        "file-access": f"/oparl/v1/file/{source.pk}/access",
        "location": f"/oparl/v1/location/{meeting.pk}",
        "person": f"/oparl/v1/person/{Person.objects.filter(municipality__code=751).first().pk}",
        "organization-meetings": f"/oparl/v1/organization/{body.pk}/meeting",
        "meeting": f"/oparl/v1/meeting/{meeting.pk}",
        "paper": f"/oparl/v1/paper/{case.pk}",
        "body-feed": body.get_absolute_url() + "feed/",
        "body-calendar": body.get_absolute_url() + "kalender.ics",
    }
    return {key: named.get(key, key) for key in LIMITS}


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    if url.startswith("/oparl/v1/body/751/") and url.rsplit("/", 1)[1] not in EMPTY_LISTS:
        assert response.json()["data"], url  # the list is not trivially empty
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(client):
    body = build(2)
    for url in urls(body).values():  # per-process copies and caches filled first
        count_queries(client, url)
    small = {key: count_queries(client, url) for key, url in urls(body).items()}
    build_more = build(6, first=2)  # the same body: 8 meetings, 24 items now
    assert build_more == body
    for url in urls(body).values():
        count_queries(client, url)
    large = {key: count_queries(client, url) for key, url in urls(body).items()}
    for key in LIMITS:
        assert large[key] == small[key], (key, small[key], large[key])
        assert large[key] <= LIMITS[key], (key, large[key])
