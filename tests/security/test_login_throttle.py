"""Finding 8 of issue 9: login throttling (django-axes). Before, 100 wrong passwords and then
the right one logged in."""

from __future__ import annotations

import pytest
from django.conf import settings

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str, url: str = "/konto/login/"):
    return client.post(url, {"username": username, "password": password})


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_hundred_wrong_passwords_then_the_right_one_is_refused(client, clerk_a):
    for _ in range(100):
        response = _login(client, "clerk_a", "forkert")
        assert response.status_code in (200, 429)
    response = _login(client, "clerk_a", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="da">' in html and "For mange forsøg på at logge ind" in html
    assert not _logged_in(client)


def test_lockout_starts_at_the_limit(client, clerk_a):
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit):
        assert _login(client, "clerk_a", "forkert").status_code == 200, attempt
    assert _login(client, "clerk_a", "forkert").status_code == 429


def test_a_few_mistakes_then_the_right_password_logs_in(client, clerk_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        _login(client, "clerk_a", "forkert")
    response = _login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_the_admin_login_is_throttled_too(client, superuser):
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        _login(client, "chef", "forkert", "/admin/login/")
    response = _login(client, "chef", PASSWORD, "/admin/login/")
    assert response.status_code == 429
    assert not _logged_in(client)


def test_another_address_and_user_is_not_locked_out(client, clerk_a, clerk_b):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, "clerk_a", "forkert")
    other = client.__class__(REMOTE_ADDR="10.1.2.3")
    assert _login(other, "clerk_b", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("username", "password"),
    [("clerk\x00a", "x"), ("clerk_a", "for\x00kert"), ("a" * 5000, "x")],
)
def test_hostile_login_input_is_a_form_error(client, clerk_a, username, password):
    response = _login(client, username, password)
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    assert not _logged_in(client)
