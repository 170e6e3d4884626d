"""Corrections in a real browser (Debian's Chromium through Playwright, live server):

1. an admin saves an item without changing it → a clerk uploads a newer version → the public
   page shows the new text (no phantom correction, no conflict);
2. an admin corrects a title → the clerk uploads a text with another title → sees a readable
   conflict → resolves it by taking the new text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from meetings.models import AgendaItem, ImportConflict, Municipality
from meetings.permissions import make_clerk
from tests.clerks.helpers import BALLERUP_SEED, PASSWORD, SEEDS, seed_text

ORIGINAL_TITLE = "Digitalisering under den nuværende kommunalbestyrelsesperiode"
NEW_SENTENCE = "Udvalget ønsker en ny status i foråret 2022."


def logged_in(browser, base: str, user):
    """A browser page with ``user``'s session (logged in through Django's test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="da-DK")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def upload(page, base: str, path: Path) -> None:
    page.goto(f"{base}/upload/")
    page.get_by_label("Referat", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    page.wait_for_url(f"{base}/upload/")
    page.get_by_role("button", name="Bekræft og gem").click()
    page.wait_for_url(re.compile(r".*/upload/\d+/$"))


@pytest.fixture
def people(db):
    ballerup = Municipality.objects.get(code=151)
    users = get_user_model().objects
    clerk = users.create_user("sekretaer", password=PASSWORD)
    make_clerk(clerk, [ballerup])
    return users.create_superuser("admin", password=PASSWORD), clerk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unchanged_save_then_newer_upload_updates_the_public_page(
    live_server, browser, people, tmp_path
):
    admin, clerk = people
    base = live_server.url
    clerk_page = logged_in(browser, base, clerk)
    upload(clerk_page, base, SEEDS / BALLERUP_SEED)
    item = AgendaItem.objects.get(number=2, municipality__code=151)
    history = item.history.count()

    admin_page = logged_in(browser, base, admin)
    admin_page.goto(f"{base}/admin/meetings/agendaitem/{item.pk}/change/")
    admin_page.locator("input[name=_save]").click()
    admin_page.wait_for_url(re.compile(r".*/admin/meetings/agendaitem/(\?.*)?$"))
    assert item.history.count() == history  # no phantom correction

    # The item and meeting lists fit a 1280 px wide window, filters included.
    admin_page.set_viewport_size({"width": 1280, "height": 900})
    for listing in ("agendaitem", "meeting"):
        admin_page.goto(f"{base}/admin/meetings/{listing}/")
        width = admin_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, (listing, width)

    section = item.sections.filter(kind="presentation").exclude(text="").last()
    first_line = section.text.split("\n")[0]
    edited = tmp_path / "ballerup-ny-udgave.txt"
    edited.write_text(
        seed_text(BALLERUP_SEED).replace(first_line, f"{first_line} {NEW_SENTENCE}", 1),
        encoding="utf-8",
    )
    upload(clerk_page, base, edited)
    assert clerk_page.get_by_text("Opdateret", exact=True).is_visible()
    assert ImportConflict.objects.count() == 0
    clerk_page.goto(f"{base}/punkter/{item.pk}/")
    assert clerk_page.get_by_text(NEW_SENTENCE).is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_correction_conflict_is_readable_and_resolved(live_server, browser, people, tmp_path):
    admin, clerk = people
    base = live_server.url
    clerk_page = logged_in(browser, base, clerk)
    upload(clerk_page, base, SEEDS / BALLERUP_SEED)
    item = AgendaItem.objects.get(number=2, municipality__code=151)

    admin_page = logged_in(browser, base, admin)
    admin_page.goto(f"{base}/admin/meetings/agendaitem/{item.pk}/change/")
    admin_page.locator("#id_title").fill("Digitalisering i perioden 2018-2021")
    admin_page.locator("input[name=_save]").click()
    admin_page.wait_for_url(re.compile(r".*/admin/meetings/agendaitem/(\?.*)?$"))

    edited = tmp_path / "ballerup-ny-titel.txt"
    edited.write_text(
        seed_text(BALLERUP_SEED).replace(
            f"Punkt 2: {ORIGINAL_TITLE}", "Punkt 2: Digitalisering i valgperioden"
        ),
        encoding="utf-8",
    )
    upload(clerk_page, base, edited)
    clerk_page.get_by_role("link", name="Se forskellen og vælg, hvad der skal stå").click()
    clerk_page.wait_for_url(re.compile(r".*/gennemsyn/konflikter/\d+/$"))
    assert clerk_page.get_by_role("heading", level=1).inner_text() == "Konflikt: Titel"
    assert clerk_page.locator(".diff ins").first.inner_text().strip() != ""
    assert clerk_page.locator(".diff del").first.inner_text().strip() != ""
    assert clerk_page.get_by_text("admin", exact=False).first.is_visible()
    clerk_page.get_by_role("button", name="Tag den nye tekst").click()
    clerk_page.wait_for_url(re.compile(r".*/gennemsyn/konflikter/\d+/$"))
    assert clerk_page.get_by_text("Konflikten er løst").is_visible()
    clerk_page.goto(f"{base}/punkter/{item.pk}/")
    assert (
        clerk_page.get_by_role("heading", level=1)
        .inner_text()
        .endswith("Digitalisering i valgperioden")
    )
    conflict = ImportConflict.objects.get(item=item, field="title")
    assert conflict.resolved and conflict.resolution == "take_new"
    assert conflict.resolved_by == clerk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_review_pages_are_axe_clean_and_usable_at_320_px(live_server, browser, people):
    from axe_playwright_python.sync_playwright import Axe

    from meetings.models import CitizenReport

    admin, clerk = people
    base = live_server.url
    page = logged_in(browser, base, clerk)
    upload(page, base, SEEDS / BALLERUP_SEED)
    item = AgendaItem.objects.get(number=2, municipality__code=151)
    conflict = ImportConflict.objects.create(
        meeting=item.meeting,
        item=item,
        field="sections",
        corrected_value=[["Beslutning", "decision", "Godkendt med <b>tak</b>."]],
        parsed_value=[["Beslutning", "decision", "Godkendt uden bemærkninger."]],
    )
    CitizenReport.objects.create(item=item, message="Titlen er stavet forkert.")
    axe = Axe()
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for url in (
            "/gennemsyn/",
            f"/gennemsyn/konflikter/{conflict.pk}/",
            f"/punkter/{item.pk}/rapporter/",
        ):
            page.goto(base + url)
            results = axe.run(page)
            assert results.violations_count == 0, (url, width, results.generate_report())
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (url, width, scroll)
    # The report form works without JavaScript.
    context = browser.new_context(locale="da-DK", java_script_enabled=False)
    citizen = context.new_page()
    citizen.goto(f"{base}/punkter/{item.pk}/")
    citizen.get_by_role("link", name="Rapportér en fejl").click()
    citizen.get_by_label("Hvad er forkert?").fill("Datoen i overskriften er forkert.")
    citizen.get_by_role("button", name="Send rapporten").click()
    assert citizen.get_by_role("heading", level=1).inner_text() == "Tak for din rapport"
    assert CitizenReport.objects.filter(message="Datoen i overskriften er forkert.").exists()
    context.close()
