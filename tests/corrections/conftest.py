"""Fixtures for the corrections tests: the Ballerup seed imported, a clerk of Ballerup, a clerk
of Albertslund and an admin, and a helper that saves admin forms as a browser would."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from meetings.importing import import_text
from meetings.models import Municipality
from meetings.permissions import make_clerk
from tests.clerks.helpers import BALLERUP_SEED, PASSWORD, form_data, seed_text


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ballerup(db):
    return Municipality.objects.get(code=151)


@pytest.fixture
def albertslund(db):
    return Municipality.objects.get(code=165)


@pytest.fixture
def clerk(ballerup):
    user = get_user_model().objects.create_user("ballerup_clerk", password=PASSWORD)
    make_clerk(user, [ballerup])
    return user


@pytest.fixture
def other_clerk(albertslund):
    user = get_user_model().objects.create_user("albertslund_clerk", password=PASSWORD)
    make_clerk(user, [albertslund])
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chef", password=PASSWORD)


@pytest.fixture
def seed(ballerup):
    """Ballerup's seed imported through the import service; returns its meeting."""
    result = import_text(
        seed_text(BALLERUP_SEED), original_name=BALLERUP_SEED, municipality=ballerup
    )
    assert result.status == "created", result.message
    return result.meetings[0]


def browser_form(client, url: str, form_id: str) -> dict[str, list[str]]:
    """The change form as a browser sends it back: textarea line endings as CRLF."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), form_id)
    return {
        name: [v.replace("\r\n", "\n").replace("\n", "\r\n") for v in values]
        for name, values in data.items()
    }


def admin_save(client, obj, **changes):
    """Save ``obj``'s admin change form (as a browser would), with ``changes``."""
    url = f"/admin/meetings/{obj._meta.model_name}/{obj.pk}/change/"
    data = browser_form(client, url, f"{obj._meta.model_name}_form")
    for name, value in changes.items():
        data[name] = [value]
    data["_save"] = ["Gem"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response
