"""The directory (fortegnelse) of municipalities and bodies that every search page reads.

The search form lists every kommune and every udvalg, and query understanding looks for their
names in what was typed: about 100 municipalities and 600 bodies, read on each request. They
change only when an import meets a new body or an admin edits one, so each process keeps them
and checks, with one small query, that the tables still hold what it read: their row counts,
highest ids and a sum over the lengths of their names and slugs. A change in this process
(a save or delete) clears the copy at once; as a last resort a copy is read again after
``MAX_AGE`` seconds, for a rename in another process that kept every length.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cached_property

from django.db import connections, router
from django.db.models.signals import post_delete, post_save

from .models import Body, Municipality

MAX_AGE = 300.0  # seconds

# One pass over each table (six subselects, one per figure, cost about four times as much).
VERSION_SQL = """
SELECT m.*, b.* FROM
    (SELECT count(*), coalesce(max(id), 0),
            coalesce(sum(id + length(name) + 3 * length(short_name) + 7 * length(slug)), 0)
        FROM meetings_municipality) AS m,
    (SELECT count(*), coalesce(max(id), 0),
            coalesce(sum(id + length(name) + 7 * length(slug) + 13 * municipality_id), 0)
        FROM meetings_body) AS b
"""


@dataclass(frozen=True)
class Directory:
    """Municipalities by slug (ordered by name; pk, slug, name and short_name loaded) and every
    body as (pk, municipality_id, slug, name), ordered by name."""

    municipalities: dict[str, Municipality]
    bodies: tuple[tuple[int, int, str, str], ...]

    @cached_property
    def municipalities_by_pk(self) -> dict[int, Municipality]:
        return {m.pk: m for m in self.municipalities.values()}

    def bodies_of(self, municipality: Municipality) -> dict[str, Body]:
        """The bodies of one municipality by slug, as unsaved-looking Body rows (pk, slug,
        name, municipality_id) for reading only."""
        return {row[2]: _body(row) for row in self.bodies if row[1] == municipality.pk}

    def bodies_by_pk(self, wanted: set[int]) -> dict[int, Body]:
        """These bodies by pk, as bodies_of gives them."""
        return {row[0]: _body(row) for row in self.bodies if row[0] in wanted}


def _body(row: tuple[int, int, str, str]) -> Body:
    pk, owner, slug, name = row
    return Body(pk=pk, municipality_id=owner, slug=slug, name=name)


_copies: dict[tuple[str, str], tuple[tuple, float, Directory]] = {}


def directory() -> Directory:
    """The current directory, from this process's copy when the tables are unchanged."""
    alias = router.db_for_read(Municipality)
    connection = connections[alias]
    key = (alias, str(connection.settings_dict["NAME"]))
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        version = tuple(cursor.fetchone())
    copy = _copies.get(key)
    now = time.monotonic()
    if copy is not None and copy[0] == version and now - copy[1] < MAX_AGE:
        return copy[2]
    found = Directory(
        municipalities={
            m.slug: m
            for m in Municipality.objects.using(alias)
            .only("pk", "slug", "name", "short_name")
            .order_by("name")
        },
        bodies=tuple(
            Body.objects.using(alias)
            .order_by("name", "pk")
            .values_list("pk", "municipality_id", "slug", "name")
        ),
    )
    _copies[key] = (version, now, found)
    return found


def forget(**kwargs) -> None:
    """Drop every copy (a municipality or body was saved or deleted in this process)."""
    _copies.clear()


for _model in (Municipality, Body):
    post_save.connect(forget, sender=_model, dispatch_uid=f"directory-save-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"directory-delete-{_model.__name__}")
