"""Accounts: Danish login and logout, who counts as clerk and admin, the clerk group."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from meetings.models import Municipality
from meetings.permissions import (
    CLERK_GROUP_NAME,
    allowed_municipalities,
    is_admin,
    make_clerk,
    may_manage,
)

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_danish(client):
    response = client.get("/konto/login/?next=/upload/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "<h1>Log ind</h1>" in page
    assert "Brugernavn" in page and "Adgangskode" in page
    assert 'name="next" value="/upload/"' in page


def test_wrong_password_says_so_in_danish(client, clerk_a):
    response = client.post("/konto/login/", {"username": "clerk_a", "password": "forkert"})
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_clerk_logs_in_and_lands_on_the_upload_page(client, clerk_a):
    response = client.post(
        "/konto/login/", {"username": "clerk_a", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/upload/"
    assert "<h1>Upload referat</h1>" in response.content.decode()


def test_logout_is_a_post_and_returns_to_the_front_page(client, clerk_a):
    client.force_login(clerk_a)
    response = client.post("/konto/logout/")
    assert response.status_code == 302 and response.url == "/"
    assert "_auth_user_id" not in client.session


def test_logged_out_page_is_danish(rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = get_user_model()()
    page = render_to_string("registration/logged_out.html", {"request": request, "user": None})
    assert "Du er logget ud" in page


def test_clerk_may_manage_only_their_municipalities(clerk_a, ballerup, albertslund):
    assert not is_admin(clerk_a)
    assert list(allowed_municipalities(clerk_a)) == [ballerup]
    assert may_manage(clerk_a, ballerup)
    assert not may_manage(clerk_a, albertslund)
    assert not may_manage(clerk_a, None)


def test_superuser_and_staff_with_the_municipality_permission_are_admins(superuser, albertslund):
    assert is_admin(superuser) and may_manage(superuser, albertslund)
    staff = get_user_model().objects.create_user("staff", password=PASSWORD, is_staff=True)
    assert not is_admin(staff)
    staff.user_permissions.add(Permission.objects.get(codename="change_municipality"))
    staff = get_user_model().objects.get(pk=staff.pk)  # fresh permission cache
    assert is_admin(staff)
    assert allowed_municipalities(staff).count() == Municipality.objects.count() == 98 + 5


def test_anonymous_and_inactive_users_may_manage_nothing(ballerup, clerk_a):
    from django.contrib.auth.models import AnonymousUser

    assert not may_manage(AnonymousUser(), ballerup)
    assert allowed_municipalities(AnonymousUser()).count() == 0
    assert may_manage(get_user_model().objects.get(pk=clerk_a.pk), ballerup)
    clerk_a.is_active = False
    clerk_a.save()
    assert not may_manage(get_user_model().objects.get(pk=clerk_a.pk), ballerup)


def test_make_clerk_adds_staff_group_and_municipalities_without_dropping_any(
    clerk_a, ballerup, albertslund
):
    added = make_clerk(clerk_a, [ballerup, albertslund])
    assert added == [albertslund]
    clerk_a.refresh_from_db()
    assert clerk_a.is_staff and not clerk_a.is_superuser
    assert clerk_a.groups.filter(name=CLERK_GROUP_NAME).exists()
    assert set(clerk_a.clerk_municipalities.all()) == {ballerup, albertslund}
    assert clerk_a.has_perm("meetings.change_agendaitem")
    assert clerk_a.has_perm("meetings.add_section")
    assert not clerk_a.has_perm("meetings.delete_agendaitem")
    assert not clerk_a.has_perm("meetings.change_municipality")


def test_user_without_municipality_cannot_upload(client):
    user = get_user_model().objects.create_user("nobody", password=PASSWORD)
    client.force_login(user)
    response = client.get("/upload/")
    assert response.status_code == 403
    assert "Du er ikke tilknyttet nogen kommune" in response.content.decode()
