"""The preview's completion form in a real browser (Debian's Chromium through Playwright).

A clerk uploads minutes as a web page (.html), sees the preview, sets a new body name, the
date and the start time in the form, confirms, and finds the meeting with those values.
Without Chromium the test skips on a developer machine and fails when CI is set.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Meeting, Municipality
from meetings.permissions import make_clerk

from ..clerks.helpers import BALLERUP_SEED, PASSWORD, seed_text
from .render import to_html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_clerk_completes_the_meeting_in_the_preview_form(
    live_server,
    browser_page,  # noqa: F811
    tmp_path,
):
    page = browser_page
    base = live_server.url
    ballerup = Municipality.objects.get(code=151)
    clerk = get_user_model().objects.create_user("udfylder", password=PASSWORD)
    make_clerk(clerk, [ballerup])
    page.goto(f"{base}/upload/")
    page.get_by_label("Brugernavn").fill("udfylder")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(f"{base}/upload/")

    web_page = tmp_path / "referat.html"
    web_page.write_bytes(to_html(seed_text(BALLERUP_SEED)))
    page.get_by_label("Referat", exact=True).set_input_files(str(web_page))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    page.wait_for_url(f"{base}/upload/")
    assert page.get_by_role("heading", level=1).inner_text() == "Forhåndsvisning: referat.html"
    assert page.get_by_text("Nyt møde – oprettes").is_visible()

    # The form works at 320 px: the completion fields fit the screen.
    page.set_viewport_size({"width": 320, "height": 800})
    box = page.locator("fieldset.completion").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label("… eller et nyt udvalg").fill("Digitaliseringsudvalget")
    page.get_by_label("Mødedato").fill("2021-10-14")
    page.get_by_label("Starttid").fill("17:15")
    page.get_by_role("button", name="Bekræft og gem").click()
    page.wait_for_url(re.compile(r".*/upload/\d+/$"))

    meeting = Meeting.objects.select_related("body").get()
    assert meeting.body.name == "Digitaliseringsudvalget"
    assert (meeting.date, meeting.start_time) == (dt.date(2021, 10, 14), dt.time(17, 15))
    page.goto(base + meeting.get_absolute_url())
    assert "Digitaliseringsudvalget" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("kl. 17:15").first.is_visible()
