"""Meeting headers (mødehoveder): where each meeting starts and what its header says.

- anchors.py: anchor styles (A, B, C, M) and the body as printed;
- labels.py: header labels and kind words, values on the next line or in flattened tables;
- reading.py: the header's date, times, place, kind and people;
- zone.py: free-form headers (the "mødet i X" sentence, the header zone fallback, decoys).

Standard library only.
"""

from __future__ import annotations

from .anchors import Anchor, _title_like, clean_body, find_anchors
from .labels import KIND_LABEL_RE, STRONG_LABELS, end_time_in, header_label
from .reading import Header, _add_statements, parse_header

__all__ = [
    "KIND_LABEL_RE",
    "STRONG_LABELS",
    "Anchor",
    "Header",
    "_add_statements",
    "_title_like",
    "clean_body",
    "end_time_in",
    "find_anchors",
    "header_label",
    "parse_header",
]
