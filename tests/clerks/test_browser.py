"""The real flow in a browser: log in, upload, preview, confirm, search, correct, re-upload.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright against the live server.
Without Chromium the test skips on a developer machine and fails when CI is set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from meetings.models import AgendaItem, Municipality, Upload
from meetings.permissions import make_clerk

from .helpers import BALLERUP_SEED, PASSWORD, SEEDS, seed_text

CORRECTED_TITLE = "Beredskabsplan for digitale valglister (rettet af sekretariatet)"


def _upload(page, base: str, path: Path) -> None:
    page.goto(f"{base}/upload/")
    page.get_by_label("Referat", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    page.wait_for_url(f"{base}/upload/")


@pytest.mark.browser
# serialized_rollback: start from the migrated data (the 98 municipalities) even after another
# transactional test emptied the tables, and leave the tables as later such tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_clerk_uploads_corrects_and_keeps_the_correction(live_server, browser_page, tmp_path):
    page = browser_page
    base = live_server.url
    ballerup = Municipality.objects.get(code=151)
    clerk = get_user_model().objects.create_user("sekretaer", password=PASSWORD)
    make_clerk(clerk, [ballerup])

    # Log in (Danish login page) and land on the upload page.
    page.goto(f"{base}/upload/")
    assert "/konto/login/" in page.url
    page.get_by_label("Brugernavn").fill("sekretaer")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{base}/upload/")
    assert page.get_by_role("heading", level=1).inner_text() == "Upload referat"

    # Upload a seed and read the preview: nothing is saved yet.
    _upload(page, base, SEEDS / BALLERUP_SEED)
    assert page.get_by_role("heading", level=1).inner_text() == (
        f"Forhåndsvisning: {BALLERUP_SEED}"
    )
    assert page.get_by_text("Nyt møde – oprettes").is_visible()
    assert page.get_by_role("cell", name="Status for it-mæssig understøttelse").is_visible()
    assert page.locator(".badge--closed").count() == 1
    assert AgendaItem.objects.count() == 0

    # Confirm: the import runs and the upload page says so.
    page.get_by_role("button", name="Bekræft og gem").click()
    page.wait_for_url(re.compile(r".*/upload/\d+/$"))
    assert page.get_by_text("Oprettet", exact=True).is_visible()
    assert AgendaItem.objects.filter(municipality=ballerup).count() == 6

    # Find the item by search and open it.
    page.goto(f"{base}/soeg/?q=valglister")
    page.get_by_role(
        "link", name=re.compile("Beredskabsplan for brug af digitale valglister")
    ).first.click()
    page.wait_for_url(re.compile(r".*/punkter/\d+/$"))
    item_pk = int(page.url.rstrip("/").rsplit("/", 1)[-1])

    # Correct its title in the admin.
    page.goto(f"{base}/admin/meetings/agendaitem/{item_pk}/change/")
    page.locator("#id_title").fill(CORRECTED_TITLE)
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r".*/admin/meetings/agendaitem/(\?.*)?$"))
    assert AgendaItem.objects.get(pk=item_pk).title == CORRECTED_TITLE

    # Upload an edited version of the same minutes: the meeting is updated ...
    edited = tmp_path / "ballerup-rettet-udgave.txt"
    edited.write_text(
        seed_text(BALLERUP_SEED).replace("Intet", "Intet under eventuelt"), encoding="utf-8"
    )
    _upload(page, base, edited)
    assert page.get_by_text("Nyere udgave – mødet opdateres").is_visible()
    page.get_by_role("button", name="Bekræft og gem").click()
    page.wait_for_url(re.compile(r".*/upload/\d+/$"))
    assert page.get_by_text("Opdateret", exact=True).is_visible()
    assert Upload.objects.latest("pk").status == "updated"

    # ... and the correction is kept on the public item page.
    page.goto(f"{base}/punkter/{item_pk}/")
    assert page.get_by_role("heading", level=1).inner_text().endswith(CORRECTED_TITLE)
    assert AgendaItem.objects.get(pk=item_pk).title == CORRECTED_TITLE
