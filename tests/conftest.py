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
