"""The search tests use the public pages' fixtures (tests/web/conftest.py): one definition."""

from tests.web.conftest import *  # noqa: F403
