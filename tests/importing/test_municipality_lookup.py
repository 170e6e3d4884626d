"""find_municipality's raw query (importing/reads.py) finds what the ORM's query finds, for
every municipality's name, short name, slug and code as people and texts write them."""

from __future__ import annotations

import pytest
from django.db.models import Q

from meetings.importing.municipalities import find_municipality
from meetings.models import Municipality, danish_slug

pytestmark = pytest.mark.django_db


def _orm(value: str) -> Municipality | None:
    """The ORM query find_municipality made before (issue 13)."""
    if value.isdigit():
        return Municipality.objects.filter(code=int(value)).first()
    lowered = value.lower()
    for suffix in (" kommune", " kommunes", " regionskommune"):
        if lowered.endswith(suffix):
            lowered = lowered[: -len(suffix)].strip()
            break
    aliases = {"århus": "aarhus", "åbenrå": "aabenraa", "københavn": "koebenhavn"}
    slug = danish_slug(aliases.get(lowered, lowered))
    return (
        Municipality.objects.filter(
            Q(name__iexact=value)
            | Q(short_name__iexact=lowered)
            | Q(slug=slug)
            | Q(slug=danish_slug(value))
        )
        .order_by("code")
        .first()
    )


def test_raw_lookup_matches_the_orm_for_every_municipality():
    values = ["Århus", "ÅRHUS KOMMUNE", "københavn", "Ukendt Kommune", "100%_", "a_b", ""]
    for m in Municipality.objects.all():
        values += [
            m.name,
            m.name.upper(),
            m.name.lower(),
            m.short_name,
            m.short_name.upper(),
            f"{m.short_name} Kommune",
            f"{m.short_name} kommunes",
            m.slug,
            str(m.code),
            f"0{m.code}",
        ]
    assert len(values) > 500
    found = 0
    for value in values:
        expected = _orm(value)
        assert find_municipality(value) == expected, value
        found += expected is not None
    assert found > 500
