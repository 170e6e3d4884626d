"""manage.py create_clerk: create a clerk or attach an existing user to more municipalities."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from meetings.permissions import CLERK_GROUP_NAME

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("create_clerk", *args, stdout=out)
    return out.getvalue()


def test_creates_a_clerk_who_can_log_in(monkeypatch, ballerup, albertslund):
    monkeypatch.setenv("CLERK_PW", PASSWORD)
    output = run(
        "anna",
        "--municipality",
        "Ballerup",
        "--municipality",
        "165",
        "--password-from-env",
        "CLERK_PW",
    )
    assert output.strip() == (
        "anna (oprettet): sekretariatsmedarbejder for Albertslund Kommune, Ballerup Kommune"
    )
    anna = authenticate(username="anna", password=PASSWORD)
    assert anna is not None and anna.is_staff and not anna.is_superuser
    assert anna.groups.filter(name=CLERK_GROUP_NAME).exists()
    assert set(anna.clerk_municipalities.all()) == {ballerup, albertslund}
    assert anna.has_perm("meetings.change_agendaitem")


def test_rerun_attaches_more_municipalities_and_keeps_the_password(ballerup, albertslund):
    run("bo", "--municipality", "Ballerup Kommune", "--password", PASSWORD)
    output = run("bo", "--municipality", "Albertslund")
    assert "bo (opdateret)" in output
    bo = get_user_model().objects.get(username="bo")
    assert set(bo.clerk_municipalities.all()) == {ballerup, albertslund}
    assert authenticate(username="bo", password=PASSWORD) == bo


def test_without_password_the_account_cannot_log_in_yet():
    output = run("carl", "--municipality", "751")
    assert "ingen adgangskode sat" in output
    assert not get_user_model().objects.get(username="carl").has_usable_password()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dina", "--municipality", "Atlantis"], "Atlantis"),
        (["dina", "--municipality", "Aarhus", "--password-from-env", "NOT_SET_VAR"], "NOT_SET_VAR"),
        (["dina", "--municipality", "Aarhus", "--password", "123"], "Adgangskoden afvises"),
    ],
)
def test_bad_input_is_refused_and_creates_nothing(args, message):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert message in str(caught.value)
    assert not get_user_model().objects.filter(username="dina").exists()
