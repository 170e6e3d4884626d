"""The database refuses duplicates of the natural keys, and the municipalities are loaded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count

from meetings.models import AgendaItem, Body, Meeting, Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def aarhus() -> Municipality:
    return Municipality.objects.get(code=751)


@pytest.fixture
def magistraten(aarhus: Municipality) -> Body:
    return Body.objects.create(municipality=aarhus, name="Magistraten", slug="magistraten")


def test_all_98_municipalities_are_loaded_with_codes_and_regions():
    assert Municipality.objects.filter(kind="kommune").count() == 98
    expected = {
        101: "Københavns Kommune",
        151: "Ballerup Kommune",
        165: "Albertslund Kommune",
        326: "Kalundborg Kommune",
        751: "Aarhus Kommune",
    }
    for code, name in expected.items():
        assert Municipality.objects.get(code=code).name == name
    kommuner = Municipality.objects.filter(kind="kommune")
    regions = dict(kommuner.values_list("region").annotate(n=Count("id")))
    assert regions == {
        "hovedstaden": 29,
        "sjaelland": 17,
        "syddanmark": 22,
        "midtjylland": 19,
        "nordjylland": 11,
    }
    assert Municipality.objects.values("slug").distinct().count() == 98 + 5


def test_the_five_regions_publish_minutes_too():
    regions = Municipality.objects.filter(kind="region").order_by("code")
    assert [(r.code, r.name, r.slug) for r in regions] == [
        (1081, "Region Nordjylland", "region-nordjylland"),
        (1082, "Region Midtjylland", "region-midtjylland"),
        (1083, "Region Syddanmark", "region-syddanmark"),
        (1084, "Region Hovedstaden", "region-hovedstaden"),
        (1085, "Region Sjælland", "region-sjaelland"),
    ]


def test_duplicate_body_is_refused(aarhus, magistraten):
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(municipality=aarhus, name="Magistraten", slug="magistraten-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        Body.objects.create(municipality=aarhus, name="Andet navn", slug="magistraten")
    # The same name in another municipality is fine.
    Body.objects.create(
        municipality=Municipality.objects.get(code=151), name="Magistraten", slug="magistraten"
    )


def test_duplicate_meeting_is_refused(magistraten):
    day = dt.date(2020, 8, 24)
    Meeting.objects.create(body=magistraten, date=day, start_time=dt.time(8, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=magistraten, date=day, start_time=dt.time(8, 30))
    # Another start time the same day is another meeting.
    Meeting.objects.create(body=magistraten, date=day, start_time=dt.time(14, 0))


def test_duplicate_untimed_meeting_is_refused(magistraten):
    day = dt.date(2020, 8, 24)
    Meeting.objects.create(body=magistraten, date=day, start_time=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=magistraten, date=day, start_time=None)


def test_duplicate_item_number_is_refused(magistraten):
    meeting = Meeting.objects.create(body=magistraten, date=dt.date(2020, 8, 24))
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Eventuelt")
    # The denormalised columns are filled from the meeting.
    assert (item.date, item.body_id, item.municipality_id) == (
        meeting.date,
        magistraten.id,
        magistraten.municipality_id,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, number=1, title="Noget andet")


def test_every_public_model_has_str_and_url(magistraten):
    meeting = Meeting.objects.create(body=magistraten, date=dt.date(2020, 8, 24))
    item = AgendaItem.objects.create(meeting=meeting, number=2, title="Digitale møder")
    assert str(magistraten.municipality) == "Aarhus Kommune"
    assert magistraten.municipality.get_absolute_url() == "/kommuner/aarhus/"
    assert str(magistraten) == "Magistraten (Aarhus)"
    assert magistraten.get_absolute_url() == "/kommuner/aarhus/magistraten/"
    assert str(meeting) == "Magistraten 24.08.2020"
    assert meeting.get_absolute_url() == f"/kommuner/aarhus/magistraten/moeder/{meeting.pk}/"
    assert str(item) == "2. Digitale møder"
    assert item.get_absolute_url() == f"/punkter/{item.pk}/"
