"""A previewed upload waiting for the clerk's confirmation (afventende upload).

The preview writes no row: the uploaded bytes wait in MEDIA_ROOT/pending/ under a random
name that starts with the user's id (``u<id>-<key>.bin``), and the confirm form carries a signed, expiring token naming that file, its sha256,
the municipality and the user. ``load`` refuses a token that was altered, has expired, belongs
to someone else's file or whose file no longer matches its checksum.

Bounded: each user keeps at most REFERAT_PENDING_PER_USER previews and
REFERAT_PENDING_BYTES_PER_USER bytes waiting (a new preview pushes out that user's oldest),
and ``sweep`` (run on every preview, and by cron through ``manage.py sweep_pending``) deletes
previews older than their token's lifetime.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

SALT = "meetings.pending-upload"
FOLDER = "pending"
KEY_PATTERN = re.compile(r"^[0-9a-f]{32}$")


class PendingInvalid(ValueError):
    """The preview cannot be confirmed; the message (in Danish) says why."""


def per_user_limit() -> int:
    """Previews one user may keep waiting at once (REFERAT_PENDING_PER_USER, default 5)."""
    return getattr(settings, "REFERAT_PENDING_PER_USER", 5)


def per_user_bytes() -> int:
    """Bytes one user may keep waiting (REFERAT_PENDING_BYTES_PER_USER, default 2 uploads)."""
    default = 2 * getattr(settings, "REFERAT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    return getattr(settings, "REFERAT_PENDING_BYTES_PER_USER", default)


def max_age() -> int:
    """Seconds a preview stays confirmable (REFERAT_PENDING_MAX_AGE, default one hour)."""
    return getattr(settings, "REFERAT_PENDING_MAX_AGE", 60 * 60)


@dataclass(frozen=True)
class PendingUpload:
    key: str
    sha256: str
    municipality_id: int
    user_id: int
    original_name: str

    @property
    def path(self) -> str:
        return f"{FOLDER}/{user_prefix(self.user_id)}{self.key}.bin"

    def read(self) -> bytes:
        """The uploaded bytes, checked against the signed checksum."""
        try:
            with default_storage.open(self.path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError as exc:
            raise PendingInvalid(
                "Forhåndsvisningen er udløbet eller allerede bekræftet. Upload filen igen."
            ) from exc
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise PendingInvalid("Den ventende fil er ændret. Upload filen igen.")
        return data

    def discard(self) -> None:
        default_storage.delete(self.path)


def user_prefix(user_id: int) -> str:
    """The start of the names of one user's waiting files."""
    return f"u{int(user_id)}-"


def stash(data: bytes, *, original_name: str, municipality_id: int, user_id: int) -> str:
    """Keep the bytes until confirmation; return the signed token for the confirm form.

    The user's oldest waiting previews are removed first if the new one would exceed the
    per-user count or size bound."""
    sweep()
    _make_room(user_id, len(data))
    key = secrets.token_hex(16)
    default_storage.save(f"{FOLDER}/{user_prefix(user_id)}{key}.bin", ContentFile(data))
    payload = {
        "k": key,
        "s": hashlib.sha256(data).hexdigest(),
        "m": municipality_id,
        "u": user_id,
        "n": original_name,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def waiting_files(user_id: int) -> list[tuple[str, float, int]]:
    """The user's waiting previews as (path, modified timestamp, size), oldest first."""
    prefix = user_prefix(user_id)
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    found = []
    for name in files:
        if not name.startswith(prefix):
            continue
        path = f"{FOLDER}/{name}"
        try:
            found.append(
                (
                    path,
                    default_storage.get_modified_time(path).timestamp(),
                    default_storage.size(path),
                )
            )
        except FileNotFoundError:
            continue
    return sorted(found, key=lambda entry: entry[1])


def _make_room(user_id: int, incoming: int) -> None:
    files = waiting_files(user_id)
    total = sum(size for _, _, size in files)
    while files and (len(files) >= per_user_limit() or total + incoming > per_user_bytes()):
        path, _, size = files.pop(0)
        default_storage.delete(path)
        total -= size


def load(token: str) -> PendingUpload:
    """The pending upload a token names; PendingInvalid if it was altered or has expired."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as exc:
        raise PendingInvalid(
            "Forhåndsvisningen er udløbet. Upload filen igen for at se en ny forhåndsvisning."
        ) from exc
    except signing.BadSignature as exc:
        raise PendingInvalid(
            "Forhåndsvisningen kunne ikke genkendes (den er ændret eller ugyldig). "
            "Upload filen igen."
        ) from exc
    try:
        pending = PendingUpload(
            key=str(payload["k"]),
            sha256=str(payload["s"]),
            municipality_id=int(payload["m"]),
            user_id=int(payload["u"]),
            original_name=str(payload["n"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PendingInvalid("Forhåndsvisningen kunne ikke genkendes. Upload filen igen.") from exc
    if not KEY_PATTERN.match(pending.key):
        raise PendingInvalid("Forhåndsvisningen kunne ikke genkendes. Upload filen igen.")
    return pending


def sweep(now: float | None = None) -> int:
    """Remove pending files older than the token's lifetime (abandoned previews); return how
    many were removed."""
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = (time.time() if now is None else now) - max_age() - 60
    removed = 0
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path).timestamp() < cutoff:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
