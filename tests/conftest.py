"""Shared test configuration."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# CI runs on a 2-core machine next to a database server: no per-example deadline there.
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


# The slowest tests (a real browser, a crawl of every public page, fuzzing, races with real
# threads) start first, so that with pytest-xdist no worker is left running one of them alone
# at the end while the other core idles.
SLOW_FIRST = ("browser", "crawl", "fuzz", "races")


@pytest.hookimpl(tryfirst=True)  # before pytest-django's own (also tryfirst; ours runs first as
# the later registered), whose stable sort then keeps Django's order of groups (plain database
# tests, then transactional ones, then those without a database) with the slow first in each.
def pytest_collection_modifyitems(config, items):
    def slow(item) -> bool:
        name = item.path.stem
        return item.get_closest_marker("browser") is not None or any(
            word in name for word in SLOW_FIRST
        )

    items.sort(key=lambda item: not slow(item))  # stable: the order within each group is kept


def _transactional(item) -> bool:
    """A test that commits (and so empties the database when it ends), as pytest-django
    decides it: ``django_db(transaction=True)``, or the transactional_db / live_server
    fixtures."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


def _uses_db(item) -> bool:
    return item.get_closest_marker("django_db") is not None or "db" in getattr(
        item, "fixturenames", ()
    )


_database = {"emptied": False}  # a transactional test emptied it since the last restore


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A transactional test ends by emptying the database; Django runs plain database tests
    first so none of them meets an empty one. When a worker nevertheless runs a plain test
    after a transactional one (pytest-xdist's work stealing hands out tests out of order),
    the migrated data (municipalities, regions, content types …) is put back first, as a
    ``serialized_rollback`` test would at its start."""
    if _transactional(item):
        _database["emptied"] = True
        return
    if not _database["emptied"] or not _uses_db(item):
        return
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents is None:
                continue
            call_command(
                "flush",
                interactive=False,
                inhibit_post_migrate=True,
                database=connection.alias,
                verbosity=0,
            )
            connection.creation.deserialize_db_from_string(contents)
    _database["emptied"] = False


# Browser tests: Debian's Chromium through Playwright, for every test folder.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    """A headless Chromium: skipped on a machine without it, failed when CI is set."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's Chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM must stay usable.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
        # Playwright's greenlets give the test body its own database connection: close it,
        # or PostgreSQL cannot drop the test database afterwards.
        connections.close_all()


@pytest.fixture
def browser_page(browser):
    """A Danish page in that browser, with a 20 s default timeout."""
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
