"""The closed-content gate, crawled: every feed, calendar, OParl list and object (followed
page by page from the System), every file the API hands out, and the export. No word that
only a closed item holds may appear anywhere; the closed items' titles do."""

from __future__ import annotations

import io
import json
from collections import deque

import pytest
from django.core.management import call_command

from meetings.models import Body, CaseNumber, Municipality
from tests.reuse.conftest import assert_no_secrets

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def crawl_api(client) -> dict[str, str]:
    """Every API URL reachable from the System (lists through links.next), with its body."""
    seen: dict[str, str] = {}
    queue = deque(["/oparl/v1/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        seen[url] = body.decode("utf-8", "replace")
        if not response["Content-Type"].startswith("application/json"):
            continue  # a file's content
        for link in _urls(json.loads(body)):
            path = link.removeprefix(HOST)
            if path.startswith("/oparl/v1/") and path not in seen:
                queue.append(path)
    return seen


def _urls(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _urls(v)
    elif isinstance(value, list):
        for v in value:
            yield from _urls(v)
    elif isinstance(value, str) and value.startswith(HOST):
        yield value


def test_api_crawl_never_leaks(client, corpus, closed_meeting):
    pages = crawl_api(client)
    kinds = {url.split("/")[3].split("?")[0] for url in pages}
    assert {"body", "organization", "meeting", "agendaItem", "paper", "consultation"} <= kinds
    assert {"file", "location"} <= kinds
    text = "\n".join(pages.values())
    for url, body in pages.items():
        assert_no_secrets(body, url)
    for title in ("Personalesag", "Lukket sag 1", "Lukket sag 3"):
        assert title in text
    for item in closed_meeting.items:
        assert f"/oparl/v1/agendaItem/{item.pk}" in pages


def test_feeds_and_calendars_never_leak(client, corpus, closed_meeting):
    urls = []
    for municipality in Municipality.objects.filter(bodies__isnull=False).distinct():
        urls += [
            f"/kommuner/{municipality.slug}/feed/",
            f"/kommuner/{municipality.slug}/kalender.ics",
        ]
    for body in Body.objects.select_related("municipality"):
        urls += [body.get_absolute_url() + "feed/", body.get_absolute_url() + "kalender.ics"]
    urls += ["/soeg/feed/", "/soeg/feed/?sortering=dato", "/soeg/feed/?q=lukket+sag"]
    urls += [f"/soeg/feed/?q={word}" for word in ("Grævlingesagen", "Skattely", "personalesag")]
    for value in CaseNumber.objects.values_list("value", flat=True):
        urls.append(f"/sager/{value}/feed/")
    titles_seen = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        if response.status_code == 404:
            continue  # the 404 page echoes the requested URL, nothing else
        if "/soeg/feed/?q=" not in url:  # the query itself is echoed in the feed's title
            assert_no_secrets(body, url)
        else:
            entries = body.split("<entry>", 1)[1] if "<entry>" in body else ""
            assert_no_secrets(entries, url)
        titles_seen += body
    assert "Lukket sag 2" in titles_seen
    assert client.get("/sager/77/123456/feed/").status_code == 404
    assert client.get("/sager/20/999999/feed/").status_code == 404
    assert client.get("/sager/00.01.00-P35/feed/").status_code == 200  # KLE, on an open item


def test_export_never_leaks(tmp_path, corpus, closed_meeting):
    call_command("export_archive", str(tmp_path), stdout=io.StringIO())
    files = [p for folder in tmp_path.iterdir() for p in folder.iterdir()]
    assert len(files) > 20
    for path in files:
        assert_no_secrets(path.read_bytes().decode("utf-8", "replace"), path.name)
