"""A previewed upload waiting for the clerk's confirmation (afventende upload).

The preview writes no row: the uploaded bytes wait in MEDIA_ROOT/pending/ under a random
name, and the confirm form carries a signed, expiring token naming that file, its sha256,
the municipality and the user. ``load`` refuses a token that was altered, has expired, belongs
to someone else's file or whose file no longer matches its checksum.
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
        return f"{FOLDER}/{self.key}.bin"

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


def stash(data: bytes, *, original_name: str, municipality_id: int, user_id: int) -> str:
    """Keep the bytes until confirmation; return the signed token for the confirm form."""
    sweep()
    key = secrets.token_hex(16)
    default_storage.save(f"{FOLDER}/{key}.bin", ContentFile(data))
    payload = {
        "k": key,
        "s": hashlib.sha256(data).hexdigest(),
        "m": municipality_id,
        "u": user_id,
        "n": original_name,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


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


def sweep() -> None:
    """Remove pending files older than the token's lifetime (abandoned previews)."""
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = time.time() - max_age() - 60
    for name in files:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path).timestamp() < cutoff:
                default_storage.delete(path)
        except FileNotFoundError:
            continue
