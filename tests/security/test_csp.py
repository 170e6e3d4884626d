"""Finding 9 of issue 9: a Content-Security-Policy (django-csp). Pages send it, the project's
templates hold no inline script, style or event handler it would block, and the pages load in
Chromium without a single console error or CSP violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|javascript:", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.django_db
def test_public_pages_send_a_strict_policy(client, corpus):
    meeting = corpus.current.meetings.get()
    for url in ("/", "/soeg/?q=budget", meeting.get_absolute_url(), "/konto/login/", "/nope/"):
        response = client.get(url)
        policy = _directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_admin_allows_inline_styles_but_never_inline_scripts(client, superuser):
    client.force_login(superuser)
    policy = _directives(client.get("/admin/").headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in policy["style-src"]


def test_templates_have_no_inline_script_or_style():
    """No template has an inline script or event handler; only the admin's (whose policy
    allows inline styles, like Django's own admin templates) have inline styles."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        admin = template.relative_to(ROOT / "templates").parts[0] == "admin"
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE_SCRIPT.search(line) or (not admin and INLINE_STYLE.search(line)):
                offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_load_in_chromium_without_console_errors(live_server, corpus, clerk_b, browser):
    meeting = corpus.current.meetings.get()
    item = meeting.items.order_by("position").first()
    public = [
        "/",
        "/soeg/?q=budget",
        "/soeg/?kommune=albertslund",
        meeting.get_absolute_url(),
        item.get_absolute_url(),
        corpus.current.get_absolute_url(),
        "/kommuner/albertslund/",
        "/konto/login/",
    ]
    problems: list[str] = []
    page = browser.new_page(locale="da-DK")
    # Chromium asks for /favicon.ico on its own; the site has none (not a page's error).
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.on(
        "console",
        lambda msg: problems.append(f"{page.url}: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
    failed: list[str] = []
    page.on(
        "response",
        lambda response: failed.append(response.url) if response.status >= 400 else None,
    )
    for url in public:
        page.goto(live_server.url + url)
    # The clerk's pages and the admin, logged in through the real form.
    page.goto(live_server.url + "/konto/login/")
    page.fill("#id_username", "clerk_b")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    for url in ("/upload/", "/upload/liste/", "/admin/", "/admin/meetings/agendaitem/"):
        page.goto(live_server.url + url)
    assert "Log ind" not in page.title()
    assert failed == []
    assert problems == []
