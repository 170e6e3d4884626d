"""In a real browser at 320 px: the Data page and the pages with Følg links fit the screen,
have no axe-core violation, and their links lead to a feed, a calendar and a download."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.response["passes"], "axe checked nothing"
    return [
        f"{page.url}: {v['id']} {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_follow_links_and_data_page_at_320px(browser_page, live_server, corpus, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    call_command("export_archive", str(tmp_path), stdout=io.StringIO())
    problems = []
    with override_settings(REFERAT_EXPORT_DIR=str(tmp_path)):
        for path in (
            "/kommuner/aarhus/",
            corpus.magistraten.get_absolute_url(),
            "/sager/20/030692/",
        ):
            page.goto(live_server.url + path)
            assert fits(page), path
            problems += axe_violations(page)
            feed = page.get_by_role("link", name="Nyhedsfeed (Atom)")
            href = feed.get_attribute("href")
            response = page.request.get(live_server.url + href)
            assert response.status == 200 and b"<feed" in response.body(), href
        page.goto(live_server.url + corpus.magistraten.get_absolute_url())
        href = page.get_by_role("link", name="Kalender (iCalendar)").get_attribute("href")
        response = page.request.get(live_server.url + href)
        assert response.body().startswith(b"BEGIN:VCALENDAR")

        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Data og API").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Data og API"
        assert fits(page)
        problems += axe_violations(page)
        link = page.get_by_role("link", name="referat.sqlite3")
        response = page.request.get(live_server.url + link.get_attribute("href"))
        assert response.status == 200 and response.body().startswith(b"SQLite format 3")
    assert not problems, "\n".join(problems)
