"""The queued upload in a real browser: confirm returns at once with the status page, which
refreshes itself (a meta refresh, no script) until a real worker has imported the file."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from meetings.jobs.models import ImportJob
from meetings.models import AgendaItem, Municipality
from meetings.permissions import make_clerk
from tests.clerks.helpers import BALLERUP_SEED, PASSWORD, SEEDS
from tests.clerks.test_browser import _upload

from .conftest import postgresql_only


@postgresql_only
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_status_page_refreshes_until_the_worker_is_done(
    live_server,
    browser_page,  # noqa: F811
    queue,
    workers,
):
    page = browser_page
    base = live_server.url
    ballerup = Municipality.objects.get(code=151)
    clerk = get_user_model().objects.create_user("sekretaer", password=PASSWORD)
    make_clerk(clerk, [ballerup])
    page.goto(f"{base}/upload/")
    page.get_by_label("Brugernavn").fill("sekretaer")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{base}/upload/")

    _upload(page, base, SEEDS / BALLERUP_SEED)
    page.get_by_role("button", name="Bekræft og gem").click()
    page.wait_for_url(re.compile(r".*/upload/indlaesning/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == f"Indlæsning: {BALLERUP_SEED}"
    assert page.get_by_text("Filen venter i køen").is_visible()
    assert AgendaItem.objects.count() == 0 and ImportJob.objects.get().status == "queued"

    workers.start()  # the page reloads itself every 2 s until the job is done
    page.get_by_text("Indlæsningen er færdig").wait_for(timeout=120_000)
    assert 'http-equiv="refresh"' not in page.content()
    page.get_by_role("link", name="Se uploaden med advarsler og konflikter").click()
    page.wait_for_url(re.compile(r".*/upload/\d+/$"))
    assert page.get_by_text("Oprettet", exact=True).is_visible()
    assert AgendaItem.objects.filter(municipality=ballerup).count() == 6
