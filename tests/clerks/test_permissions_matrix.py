"""Who may do what: anonymous, clerk of A, clerk of B, admin × every clerk action × A and B.

A is Ballerup, B is Albertslund; both seeds are imported for real first.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from meetings import pending
from meetings.importing import import_text
from meetings.models import AgendaItem, Municipality, Upload

from .helpers import ALBERTSLUND_SEED, BALLERUP_SEED, seed_bytes, seed_text, upload_file

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "clerk_a", "clerk_b", "admin"]
ACTIONS = [
    "upload",
    "preview",
    "confirm",
    "uploads_list",
    "upload_detail",
    "upload_file",
    "edit",
    "history",
]


@dataclass
class Side:
    """One municipality of the matrix, with its imported seed and upload."""

    municipality: Municipality
    seed: str
    item: AgendaItem
    upload: Upload


def _side(municipality: Municipality, seed: str, uploader) -> Side:
    result = import_text(
        seed_text(seed), original_name=seed, municipality=municipality, uploaded_by=uploader
    )
    assert result.status == "created"
    record = Upload(
        municipality=municipality,
        uploaded_by=uploader,
        original_name=seed,
        sha256="0" * 64,
        status=result.status,
        message=result.message,
        source=result.source,
    )
    record.file.save(seed, ContentFile(seed_bytes(seed)), save=False)
    record.save()
    item = AgendaItem.objects.filter(municipality=municipality, closed=False).order_by("pk")[0]
    return Side(municipality, seed, item, record)


@pytest.fixture
def world(personas, ballerup, albertslund):
    return {
        "A": _side(ballerup, BALLERUP_SEED, personas["admin"]),
        "B": _side(albertslund, ALBERTSLUND_SEED, personas["admin"]),
    }


def _allowed(persona: str, target: str) -> bool:
    return persona == "admin" or persona == f"clerk_{target.lower()}"


def _act(client, action: str, side: Side, user):
    if action == "upload":
        return client.get("/upload/")
    if action == "preview":
        return upload_file(client, side.municipality, seed_bytes(side.seed), side.seed)
    if action == "confirm":
        # A token for this user and this municipality, as a preview would have made it
        # (e.g. before the clerk was removed from the municipality).
        token = pending.stash(
            seed_bytes(side.seed),
            original_name=side.seed,
            municipality_id=side.municipality.pk,
            user_id=user.pk if user else 0,
        )
        return client.post("/upload/bekraeft/", {"token": token})
    if action == "uploads_list":
        return client.get("/upload/liste/")
    if action == "upload_detail":
        return client.get(f"/upload/{side.upload.pk}/")
    if action == "upload_file":
        return client.get(f"/upload/{side.upload.pk}/fil/")
    if action == "edit":
        return client.get(f"/admin/meetings/agendaitem/{side.item.pk}/change/")
    if action == "history":
        return client.get(f"/admin/meetings/agendaitem/{side.item.pk}/history/")
    raise AssertionError(action)


@pytest.mark.parametrize("target", ["A", "B"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_permissions_matrix(client, personas, world, persona, action, target):
    user = personas[persona]
    if user is not None:
        client.force_login(user)
    side = world[target]
    response = _act(client, action, side, user)

    if user is None:
        assert response.status_code == 302
        login = "/admin/login/" if action in ("edit", "history") else "/konto/login/"
        assert response.url.startswith(login + "?next=")
        return

    streaming = getattr(response, "streaming", False)
    page = "" if streaming else response.content.decode()
    if action == "upload":
        # Everyone with a municipality may open the form; it offers their own only.
        assert response.status_code == 200
        option = f'<option value="{side.municipality.pk}"'
        assert (option in page) == _allowed(persona, target)
    elif action == "uploads_list":
        assert response.status_code == 200
        assert (side.seed in page) == _allowed(persona, target)
    elif not _allowed(persona, target):
        assert response.status_code == 403
    elif action == "preview":
        assert response.status_code == 200
        assert f"Forhåndsvisning: {side.seed}" in page
    elif action == "confirm":
        assert response.status_code == 302
        record = Upload.objects.latest("pk")
        assert response.url == f"/upload/{record.pk}/"
        assert record.uploaded_by == user and record.municipality == side.municipality
    elif action == "upload_file":
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="{side.seed}"'
        assert b"".join(response.streaming_content) == seed_bytes(side.seed)
    else:
        assert response.status_code == 200


def test_admin_lists_show_a_clerk_only_their_municipality(client, world, clerk_a):
    client.force_login(clerk_a)
    for path in (
        "/admin/meetings/agendaitem/",
        "/admin/meetings/meeting/",
        "/admin/meetings/upload/",
    ):
        page = client.get(path).content.decode()
        assert "Digitaliserings- og Teknologiudvalget" in page or BALLERUP_SEED in page, path
        assert "Chefforum" not in page and ALBERTSLUND_SEED not in page, path


def test_clerk_cannot_move_an_item_to_another_municipalitys_meeting(client, world, clerk_a):
    client.force_login(clerk_a)
    response = client.get(f"/admin/meetings/agendaitem/{world['A'].item.pk}/change/")
    field = response.context["adminform"].form.fields["meeting"]
    assert set(field.queryset.values_list("body__municipality__code", flat=True)) == {151}


def test_clerk_autocomplete_offers_only_their_case_numbers(client, world, clerk_a):
    client.force_login(clerk_a)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "meetings",
            "model_name": "itemcasenumber",
            "field_name": "case_number",
            "term": "",
        },
    )
    assert response.status_code == 200
    values = {row["text"] for row in response.json()["results"]}
    assert "85.13.00-G01-1-21" in values
    ballerup_values = set(world["A"].municipality.case_numbers.values_list("value", flat=True))
    assert values <= ballerup_values
