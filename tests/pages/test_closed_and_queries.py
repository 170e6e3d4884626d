"""On the seeds, the layout corpus and a document whose closed item carries text: no public
page or download shows a closed item's content, and every page type makes a bounded number
of queries."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from meetings.models import AgendaItem, Body, CaseNumber, Meeting, Person, SourceDocument

from .conftest import LAYOUTS, SEEDS, import_all
from .test_originals import SECRET_DECISION, SECRET_SECTION, with_closed_content

pytestmark = pytest.mark.django_db

# The most queries each page type may make, whatever the document.
LIMITS = {
    "municipality": 4,
    "body": 2,
    "meeting": 4,
    "item": 11,
    "case": 2,
    "source": 4,
    "person": 3,
}


def public_urls() -> dict[str, list[str]]:
    urls = {"municipality": [], "body": [], "meeting": [], "item": [], "source": [], "case": []}
    for body in Body.objects.select_related("municipality"):
        urls["municipality"].append(body.municipality.get_absolute_url())
        urls["body"].append(body.get_absolute_url())
    urls["meeting"] = [
        m.get_absolute_url() for m in Meeting.objects.select_related("body__municipality")
    ]
    urls["item"] = [i.get_absolute_url() for i in AgendaItem.objects.all()]
    urls["source"] = [s.get_absolute_url() for s in SourceDocument.objects.all()]
    urls["case"] = [
        c.get_absolute_url()
        for c in CaseNumber.objects.filter(items__closed=False).exclude(scheme="kle").distinct()
    ]
    urls["person"] = [
        p.get_absolute_url() for p in Person.objects.filter(participations__isnull=False).distinct()
    ]
    return urls


def closed_texts() -> set[str]:
    """What only closed items hold: sections, decisions and attachments."""
    secrets = set()
    for item in AgendaItem.objects.filter(closed=True).prefetch_related("sections", "attachments"):
        secrets.update(s.text.strip() for s in item.sections.all())
        secrets.add(item.decision.strip())
        secrets.update(a.title.strip() for a in item.attachments.all())
    return {s for s in secrets if len(s) >= 8}


@pytest.fixture
def everything(db, tmp_path):
    import_all(SEEDS + LAYOUTS + [with_closed_content(tmp_path)])


def test_closed_content_never_reaches_a_public_page_or_download(client, everything):
    secrets = closed_texts()
    assert {SECRET_SECTION, SECRET_DECISION} <= secrets
    pages = [url for group in public_urls().values() for url in group]
    pages += ["/", "/om/", "/tilgaengelighed/"]
    pages += [f"/kilder/{s.pk}/fil/" for s in SourceDocument.objects.all()]
    served = 0
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        body = response.content.decode("utf-8", "replace")
        if url.endswith("/fil/") and response.status_code == 200:
            served += 1
            body = response.content.decode(response.charset or "utf-8", "replace")
        for secret in secrets:
            assert secret not in body, (url, secret[:40])
    assert served >= 5  # the files without closed content are served


def test_every_page_type_makes_a_bounded_number_of_queries(
    client, everything, django_assert_max_num_queries
):
    for page, urls in public_urls().items():
        assert urls, page
        for url in urls:
            cache.clear()
            with django_assert_max_num_queries(LIMITS[page], info=url):
                assert client.get(url).status_code == 200, url
