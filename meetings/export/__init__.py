"""Bulk downloads (dataudtræk): the whole public archive as JSON Lines, CSV and one SQLite file
(ready for datasette), with a manifest (counts, sizes, SHA-256, export time).

- ``tables.py``: which rows and columns each table holds; closed items title-only.
- ``writer.py``: writes one dated export, streaming rows with constant memory.

``export_root()`` is where exports live and where the public Data page (/data/) finds the
latest one: settings.REFERAT_EXPORT_DIR, else the REFERAT_EXPORT_DIR environment variable,
else MEDIA_ROOT/eksport.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

EXPORT_PREFIX = "referat-"
MANIFEST = "manifest.json"
LICENCE = (
    "Referaterne er offentlige dokumenter fra kommunernes politiske organer. Data må frit "
    "genbruges, også kommercielt, med kildeangivelse »Referat«. Lukkede punkter indgår kun med "
    "titel."
)


def export_root() -> Path:
    configured = getattr(settings, "REFERAT_EXPORT_DIR", None) or os.environ.get(
        "REFERAT_EXPORT_DIR"
    )
    return Path(configured) if configured else Path(settings.MEDIA_ROOT) / "eksport"
