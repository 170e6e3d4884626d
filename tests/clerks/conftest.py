"""Shared fixtures for the clerks' tests: personas (anonymous, clerk of A, clerk of B, admin)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from meetings.models import Municipality
from meetings.permissions import make_clerk

from .helpers import PASSWORD


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores uploads and pending previews in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ballerup(db) -> Municipality:
    return Municipality.objects.get(code=151)


@pytest.fixture
def albertslund(db) -> Municipality:
    return Municipality.objects.get(code=165)


@pytest.fixture
def clerk_a(ballerup):
    """A clerk of municipality A (Ballerup)."""
    user = get_user_model().objects.create_user("clerk_a", password=PASSWORD)
    make_clerk(user, [ballerup])
    return user


@pytest.fixture
def clerk_b(albertslund):
    """A clerk of municipality B (Albertslund)."""
    user = get_user_model().objects.create_user("clerk_b", password=PASSWORD)
    make_clerk(user, [albertslund])
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chef", password=PASSWORD)


@pytest.fixture
def personas(clerk_a, clerk_b, superuser):
    return {"anonymous": None, "clerk_a": clerk_a, "clerk_b": clerk_b, "admin": superuser}
