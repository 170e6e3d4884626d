"""Query understanding (forståelse af søgningen): the bodies, municipalities and case numbers
a citizen names in the search box.

- A case number found in the box is looked up in the archive; its open items are the
  results, and an exact match offers the case page first.
- A body ("Magistraten") or municipality ("Ballerup") named among other words narrows the
  search when the name is unambiguous, and its words are no longer required to match; a
  name that fits several bodies becomes suggested filters ("Kun Økonomiudvalget i …?").
  A name typed alone is searched as a word, with the filter suggested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .analysis import words
from .query import ParsedQuery

MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Place:
    """A body (udvalg) or municipality (kommune) named in the query."""

    municipality_slug: str
    municipality_name: str
    municipality_id: int
    body_slug: str = ""
    body_name: str = ""
    body_id: int | None = None

    @property
    def label(self) -> str:
        if self.body_slug:
            return f"{self.body_name} i {self.municipality_name}"
        return self.municipality_name


@dataclass
class Understanding:
    """What the search makes of the query beyond its words."""

    query: ParsedQuery
    narrowed_to: Place | None = None
    suggested: list[Place] = field(default_factory=list)
    named_words: tuple[str, ...] = ()


@lru_cache(maxsize=20_000)
def _name_words(name: str) -> list[str]:
    return words(name)


def _contains(sequence: list[str], part: list[str]) -> bool:
    n = len(part)
    return n > 0 and any(sequence[i : i + n] == part for i in range(len(sequence) - n + 1))


def find_places(text: str, municipalities, bodies) -> tuple[list[Place], set[str]]:
    """Places named in the text, bodies before municipalities, and the words naming them.

    ``municipalities``: objects with slug, name, short_name and pk; ``bodies``: tuples
    (pk, municipality_id, slug, name)."""
    typed = words(text)
    if not typed:
        return [], set()
    by_pk = {m.pk: m for m in municipalities}
    places: list[Place] = []
    used: set[str] = set()
    present = set(typed)
    for body_id, municipality_id, slug, name in bodies:
        name_words = _name_words(name)
        if name_words and name_words[0] in present and _contains(typed, name_words):
            m = by_pk.get(municipality_id)
            if m is not None:
                places.append(Place(m.slug, m.name, m.pk, slug, name, body_id))
                used.update(name_words)
    for m in municipalities:
        for name in (m.name, m.short_name):
            name_words = _name_words(name)
            if _contains(typed, name_words):
                places.append(Place(m.slug, m.name, m.pk))
                used.update(w for w in name_words if w != "kommune")
                break
    return places, used


def understand(
    query: ParsedQuery,
    municipalities,
    bodies,
    *,
    chosen_municipality: str = "",
    chosen_body: str = "",
) -> Understanding:
    """Narrow or suggest filters for the places named in the query (see the docstring)."""
    if not query.has_words:
        return Understanding(query)
    places, used = find_places(query.text, municipalities, bodies)
    if not places:
        return Understanding(query)
    body_places = [p for p in places if p.body_slug]
    town_places = [p for p in places if not p.body_slug]
    towns = {p.municipality_slug for p in town_places}
    if chosen_municipality:
        towns = {chosen_municipality} if not towns or chosen_municipality in towns else towns
    if towns and body_places:  # a body named with its municipality: that body
        body_places = [p for p in body_places if p.municipality_slug in towns] or body_places
    rest = query.without_words(used)
    # Narrow only when something else is asked for: other words, a date or a case number.
    remaining = (rest.has_words and not rest.problem) or bool(
        query.dates or query.case_numbers or query.kle_topics
    )
    target: Place | None = None
    if len(body_places) == 1:
        target = body_places[0]
    elif not body_places and len(towns) == 1:
        target = next(p for p in town_places if p.municipality_slug in towns)
    already = chosen_body or (chosen_municipality and target and not target.body_slug)
    if target is not None and remaining and not already:
        if not chosen_municipality or chosen_municipality == target.municipality_slug:
            return Understanding(rest, narrowed_to=target, named_words=tuple(sorted(used)))
    suggested = body_places if body_places else town_places
    if chosen_body:
        suggested = []
    elif chosen_municipality:
        suggested = [
            p for p in suggested if p.body_slug and p.municipality_slug == chosen_municipality
        ]
    if remaining and body_places and len(body_places) > 1:
        # The name fits several bodies: do not require it as a word; offer the filters.
        return Understanding(
            rest, suggested=suggested[:MAX_SUGGESTIONS], named_words=tuple(sorted(used))
        )
    return Understanding(query, suggested=suggested[:MAX_SUGGESTIONS])
