"""Finding 4 (the preview part) of issue 9: previews waiting for confirmation are bounded per
user (count and bytes) and swept by ``manage.py sweep_pending``. Before, each preview kept up
to 20 MB on disk for an hour with no per-user bound."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.management import call_command

from meetings import pending

from .conftest import closed_text

pytestmark = pytest.mark.django_db


def _files(media_root, user_id: int) -> list[str]:
    folder = media_root / "pending"
    names = os.listdir(folder) if folder.exists() else []
    return sorted(name for name in names if name.startswith(f"u{user_id}-"))


def _preview(client, municipality, text: str):
    handle = io.BytesIO(text.encode("utf-8"))
    handle.name = "referat.txt"
    response = client.post("/upload/", {"municipality": municipality.pk, "file": handle})
    assert response.status_code == 200
    return response.context["confirm_form"].initial["token"]


def test_a_user_keeps_at_most_the_per_user_count(
    client, settings, media_root, albertslund, clerk_b
):
    settings.REFERAT_PENDING_PER_USER = 3
    client.force_login(clerk_b)
    tokens = [_preview(client, albertslund, closed_text() + f"\n{i}\n") for i in range(5)]
    assert len(_files(media_root, clerk_b.pk)) == 3
    # The two oldest previews were pushed out; their confirmation says so in Danish.
    for token in tokens[:2]:
        with pytest.raises(pending.PendingInvalid, match="udløbet"):
            pending.load(token).read()
    for token in tokens[2:]:
        assert pending.load(token).read()
    response = client.post("/upload/bekraeft/", {"token": tokens[0]})
    assert response.status_code == 400
    assert "udløbet" in response.content.decode()
    assert client.post("/upload/bekraeft/", {"token": tokens[-1]}).status_code == 302


def test_a_user_keeps_at_most_the_per_user_bytes(settings, media_root):
    settings.REFERAT_PENDING_BYTES_PER_USER = 1000
    first = pending.stash(b"a" * 600, original_name="a.txt", municipality_id=1, user_id=7)
    other_user = pending.stash(b"c" * 600, original_name="c.txt", municipality_id=1, user_id=8)
    second = pending.stash(b"b" * 600, original_name="b.txt", municipality_id=1, user_id=7)
    assert len(_files(media_root, 7)) == 1
    with pytest.raises(pending.PendingInvalid):
        pending.load(first).read()
    assert pending.load(second).read() == b"b" * 600
    assert pending.load(other_user).read() == b"c" * 600  # another user's previews stay


def test_sweep_pending_deletes_expired_previews(settings, media_root, capsys):
    settings.REFERAT_PENDING_MAX_AGE = 60 * 60
    old = pending.load(pending.stash(b"old", original_name="a.txt", municipality_id=1, user_id=3))
    new = pending.load(pending.stash(b"new", original_name="b.txt", municipality_id=1, user_id=3))
    loose = media_root / "pending" / ("0" * 32 + ".bin")  # a file of the old naming
    loose.write_bytes(b"x")
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(media_root / old.path, (two_hours_ago, two_hours_ago))
    os.utime(loose, (two_hours_ago, two_hours_ago))
    call_command("sweep_pending")
    assert capsys.readouterr().out.strip() == "Slettede 2 udløbne forhåndsvisninger."
    assert not (media_root / old.path).exists() and not loose.exists()
    assert new.read() == b"new"
    call_command("sweep_pending", "--quiet")
    assert capsys.readouterr().out == ""


def test_sweep_pending_without_any_preview(media_root, capsys):
    call_command("sweep_pending")
    assert "Slettede 0 udløbne forhåndsvisninger." in capsys.readouterr().out
