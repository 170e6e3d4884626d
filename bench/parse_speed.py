"""Parser throughput on the seed texts (no database, no Django).

``parse_benchmark(target_mb=50)`` parses the five seed texts in fixtures/minutes/ over and
over until at least ``target_mb`` MB (UTF-8) have been parsed, one parse() call per text as
the importer does, and reports MB/s and items/s on one core. ``bench/parse.py`` wraps it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from meetings.parsing import PARSER_VERSION, decode_bytes, parse  # noqa: E402

SEED_DIR = REPO_ROOT / "fixtures" / "minutes"
LAYOUT_DIR = REPO_ROOT / "fixtures" / "layouts"


def _seed_texts(folder: Path = SEED_DIR) -> list[str]:
    texts = [decode_bytes(path.read_bytes()) for path in sorted(folder.glob("*.txt"))]
    if not texts:
        raise FileNotFoundError(f"no texts in {folder}")
    return texts


def parse_benchmark(target_mb: float = 50, folder: Path = SEED_DIR) -> dict:
    """Parse the seeds repeatedly until ``target_mb`` MB are parsed; return the rates.

    Keys: ``mb`` (MB parsed, 1 MB = 1,000,000 bytes of UTF-8), ``documents`` (parse() calls),
    ``items``, ``meetings``, ``seconds`` (CPU time of the parsing loop), ``wall_seconds``,
    ``mb_per_s`` and ``items_per_s`` (per CPU second, one core), ``parser_version``.
    """
    texts = _seed_texts(folder)
    sizes = [len(text.encode("utf-8")) for text in texts]
    target = target_mb * 1_000_000
    total_bytes = 0
    documents = items = meetings = 0
    cpu_start = time.process_time()
    wall_start = time.perf_counter()
    while total_bytes < target:
        for text, size in zip(texts, sizes, strict=True):
            doc = parse(text)
            documents += 1
            total_bytes += size
            meetings += len(doc.meetings)
            items += sum(len(meeting.items) for meeting in doc.meetings)
    seconds = time.process_time() - cpu_start
    wall = time.perf_counter() - wall_start
    mb = total_bytes / 1_000_000
    return {
        "mb": round(mb, 3),
        "documents": documents,
        "meetings": meetings,
        "items": items,
        "seconds": round(seconds, 3),
        "wall_seconds": round(wall, 3),
        "mb_per_s": round(mb / seconds, 3) if seconds else float("inf"),
        "items_per_s": round(items / seconds, 1) if seconds else float("inf"),
        "parser_version": PARSER_VERSION,
    }


if __name__ == "__main__":  # pragma: no cover
    # python bench/parse_speed.py [MB] [layouts]: the seeds, or the layout corpus
    target = float(sys.argv[1]) if len(sys.argv) > 1 else 50
    folder = LAYOUT_DIR if "layouts" in sys.argv[2:] else SEED_DIR
    print(f"corpus: {folder.relative_to(REPO_ROOT)}")
    for key, value in parse_benchmark(target, folder).items():
        print(f"{key}: {value}")
