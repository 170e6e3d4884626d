"""Every page makes a fixed number of queries, however many items it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.web import factories as f

pytestmark = pytest.mark.django_db

# The most queries each page may make (the same for 2 items as for 30).
LIMITS = {
    "home": 4,
    "municipality": 4,  # + the persons in its minutes
    "body": 2,
    "meeting": 4,  # + whether the original may be downloaded (closed items' content)
    "item": 6,
    "case": 2,
    "source": 4,  # + whether the original may be downloaded (closed items carrying content)
    # The search page's limits: tests/search/test_query_counts.py.
}


def build(code: int, count: int):
    """One body with a meeting of ``count`` items that share a case number, each with
    sections, attachments and a KLE number, plus ``count`` participants and earlier meetings."""
    body = f.body("Økonomiudvalget", code=code)
    for year in range(2015, 2015 + count // 5 + 1):
        f.meeting(body, date=dt.date(year, 3, 1))
    meeting = f.meeting(
        body,
        date=dt.date(2021, 6, 1),
        participants=tuple((f"Medlem {n}", "A") for n in range(count)),
        absent=(("Fraværende", "V"),),
    )
    items = [
        f.item(
            meeting,
            f"Skolebyggeri etape {n}",
            number=n,
            decision=f"Skolebyggeriet godkendes for etape {n}.",
            sections=(
                ("Resumé", "summary", "Skolebyggeri i bydelen."),
                ("Bilag", "attachments", "Tegninger"),
            ),
            cases=((f"{code}-2021-1", "esdh"), (f"82.02.00-G01-{n}", "kle", "82.02.00")),
            attachments=("Tegninger", "Økonomi"),
            closed=(n == 3),
        )
        for n in range(1, count + 1)
    ]
    return {
        "home": "/",
        "municipality": body.municipality.get_absolute_url(),
        "body": body.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
        "item": items[0].get_absolute_url(),
        "case": f"/sager/{code}-2021-1/",
        "source": meeting.source.get_absolute_url(),
        "search": f"/soeg/?q=skolebyggeri&kommune={body.municipality.slug}",
        "search_by_date": f"/soeg/?q=skolebyggeri&kommune={body.municipality.slug}&sortering=dato",
        "browse": f"/soeg/?kommune={body.municipality.slug}&udvalg={body.slug}",
        "search_case": "/soeg/?q=" + f"{code}-2021-1",
        "search_question": f"/soeg/?q=hvad+besluttede+{body.name}+om+skolebyggeri",
        "search_zero": "/soeg/?q=skolebygeri",
    }


def queries(client, url: str) -> int:
    cache.clear()  # the front page caches its municipality list: measure it cold
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", list(LIMITS))
def test_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, page):
    few = build(751, 2)[page]
    few_count = queries(client, few)
    many = build(151, 30)[page]
    cache.clear()
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(many)
    assert response.status_code == 200
    assert queries(client, many) == few_count
    assert queries(client, few) == few_count  # the page for few items, now among many
