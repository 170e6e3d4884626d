"""Error pages are Danish, inside the site's layout."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_danish_404(client):
    response = client.get("/kommuner/findes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Siden findes ikke" in body
    assert 'lang="da"' in body


def test_admin_403_for_a_user_without_permission_is_danish(client):
    # A staff user without model permissions opening a change list gets the admin's 403.
    user = User.objects.create_user("uden-ret", password="x-Strong-pass-42", is_staff=True)
    client.force_login(user)
    response = client.get("/admin/meetings/meeting/")
    assert response.status_code == 403
    assert "Ingen adgang" in response.content.decode()


def test_a_missing_object_is_the_danish_404_even_while_debugging(client, settings):
    settings.DEBUG = True
    response = client.get("/punkter/987654321/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Siden findes ikke" in body
    assert "Page not found" not in body and "technical" not in body.lower()
