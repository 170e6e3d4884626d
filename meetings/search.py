"""Full-text search. Placeholder until the search lands: indexing does nothing yet."""

from __future__ import annotations

from collections.abc import Iterable


def reindex_items(item_ids: Iterable[int]) -> None:
    """Bring the search index up to date for these agenda items (called inside the import)."""
    return None
