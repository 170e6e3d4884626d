"""Every public page type in a real browser (Debian's Chromium through Playwright): no
horizontal scrolling at 320, 390 and 1280 px, no axe-core violation, and usable without
JavaScript. The pages show the seeds and the layout corpus, imported as on a real site."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetings.models import AgendaItem, CaseNumber, Meeting, Person, SourceDocument

from .conftest import LAYOUTS, SEEDS, import_all

WIDTHS = (320, 390, 1280)


def page_types() -> dict[str, str]:
    """One URL of every public page type, chosen from the imported data by what it holds."""
    open_item = (
        AgendaItem.objects.filter(closed=False, sections__kind="history")
        .exclude(decision="")
        .first()
    )
    closed_item = AgendaItem.objects.filter(closed=True).first()
    meeting = Meeting.objects.filter(participants__isnull=False).first()
    widest = max(
        Meeting.objects.select_related("body__municipality"), key=lambda m: len(m.body.name)
    )
    case = CaseNumber.objects.filter(items__closed=False).exclude(scheme="kle").first()
    public_source = SourceDocument.objects.get(original_name="direktionen-2020-06-02.txt")
    withheld = SourceDocument.objects.filter(original__closed_content=True).first() or next(
        s for s in SourceDocument.objects.all() if not _public(s)
    )
    person = Person.objects.filter(participations__isnull=False).first()
    return {
        "forside": "/",
        "om": "/om/",
        "tilgaengelighed": "/tilgaengelighed/",
        "kommune": widest.body.municipality.get_absolute_url(),
        "organ": widest.body.get_absolute_url(),
        "møde": meeting.get_absolute_url(),
        "møde med langt organnavn": widest.get_absolute_url(),
        "punkt": open_item.get_absolute_url(),
        "lukket punkt": closed_item.get_absolute_url(),
        "sag": case.get_absolute_url(),
        "kilde": public_source.get_absolute_url(),
        "tilbageholdt kilde": withheld.get_absolute_url(),
        "tilbageholdt fil": f"/kilder/{withheld.pk}/fil/",
        "person": person.get_absolute_url(),
        "søgning": "/soeg/?q=digitale+m%C3%B8der",
    }


def _public(source) -> bool:
    from meetings.pages.originals import availability

    return availability(source).public


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_type_fits_320px_and_has_no_axe_violations(live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    import_all(SEEDS + LAYOUTS)
    urls = page_types()
    axe = Axe()
    problems = []
    for width in WIDTHS:
        context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, url in urls.items():
            response = page.goto(live_server.url + url)
            expected = 403 if name == "tilbageholdt fil" else 200
            assert response.status == expected, (name, url, response.status)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{width}px {name} {url}: {overflow}px for bred")
            if width == WIDTHS[0]:
                results = axe.run(page)
                for violation in results.response["violations"]:
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    problems.append(f"axe {name} {url}: {violation['id']} {targets}")
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_work_without_javascript(live_server, browser):
    import_all(SEEDS)
    source = SourceDocument.objects.get(original_name="direktionen-2020-06-02.txt")
    meeting = source.meetings.get()
    person = Person.objects.filter(participations__meeting__isnull=False).first()
    context = browser.new_context(
        locale="da-DK",
        viewport={"width": 320, "height": 700},
        java_script_enabled=False,
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(live_server.url + meeting.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent referatet").click()
    path = download.value.path()
    assert Path(path).read_bytes() == (SEEDS[0].parent / source.original_name).read_bytes()
    assert download.value.suggested_filename == source.original_name
    # From the meeting to an item and on to a person, by links alone.
    item = meeting.items.filter(closed=False).exclude(decision="").first()
    page.get_by_role("link", name=f"{item.number}. {item.title}").click()
    assert page.get_by_role("heading", level=2).first.inner_text() in ("Beslutning", "Beslutninger")
    page.goto(live_server.url + person.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text().startswith(person.name)
    context.close()
