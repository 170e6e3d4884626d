"""A re-import that changes an item moves its feed entry's ``updated`` and its OParl
``modified``; items the re-import leaves alone keep theirs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest

from meetings.importing import import_path, import_text, read_minutes
from meetings.models import AgendaItem

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "minutes" / "ballerup-digitalisering-2021-10-13.txt"  # fmt: skip


def feed_updates(client, url):
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    return {entry.link: entry.updated_parsed for entry in feed.entries}


def test_reimport_moves_updated_of_the_changed_item_only(client):
    assert import_path(SEED).status == "created"
    text = read_minutes(SEED)
    item = next(
        i for i in AgendaItem.objects.exclude(decision="") if text.count(i.decision.strip()) == 1
    )
    an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    AgendaItem.objects.update(updated_at=an_hour_ago)
    body = item.meeting.body
    feed_url = body.get_absolute_url() + "feed/"
    before = feed_updates(client, feed_url)
    api_before = client.get(f"/oparl/v1/agendaItem/{item.pk}").json()["modified"]

    changed = text.replace(
        item.decision.strip(), item.decision.strip() + " Ændret ved genindlæsning."
    )
    assert import_text(changed, original_name=SEED.name).status == "updated"

    after = feed_updates(client, feed_url)
    link = f"http://testserver{item.get_absolute_url()}"
    assert after[link] > before[link]
    for other, stamp in before.items():
        if other != link:
            assert after[other] == stamp, other
    fetched = client.get(f"/oparl/v1/agendaItem/{item.pk}").json()
    assert dt.datetime.fromisoformat(fetched["modified"]) > dt.datetime.fromisoformat(api_before)
    assert fetched["resolutionText"].endswith("Ændret ved genindlæsning.")
