"""Extraction cost per file: in process, and in the sandboxed child (meetings/extract/sandbox).

Renders the seed texts as PDF (reportlab), web page and DOCX, extracts each ``--rounds``
times both ways, and prints milliseconds per file (median) and the child's overhead. Also
times the refusal of a DOCX zip bomb and of a PDF with too many pages (checked before they
are read). Needs the dev extra (reportlab).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from meetings.extract import ExtractionFailed, extract_text  # noqa: E402
from meetings.parsing import decode_bytes  # noqa: E402
from tests.files.hostile import docx_bytes, many_page_pdf, zip_bomb_docx  # noqa: E402
from tests.files.render import SEEDS, to_html, to_pdf  # noqa: E402


def _median_ms(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        try:
            function()
        except ExtractionFailed:
            pass
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    texts = [decode_bytes(p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    files = {
        "pdf": [to_pdf(t) for t in texts],
        "html": [to_html(t) for t in texts],
        "docx": [docx_bytes(t.split("\n")) for t in texts],
    }
    print(
        f"{'format':<6} {'in process ms':>14} {'sandboxed ms':>13} {'overhead ms':>12} "
        f"{'child CPU ms':>13}"
    )
    for kind, datas in files.items():
        inside = statistics.median(
            _median_ms(lambda d=d, k=kind: extract_text(d, "x." + k, sandbox=False), rounds)
            for d in datas
        )
        cpu_before = _children_cpu()
        child = statistics.median(
            _median_ms(lambda d=d, k=kind: extract_text(d, "x." + k), rounds) for d in datas
        )
        cpu = (_children_cpu() - cpu_before) * 1000 / (rounds * len(datas))
        print(f"{kind:<6} {inside:>14.1f} {child:>13.1f} {child - inside:>12.1f} {cpu:>13.1f}")
    bomb = zip_bomb_docx(40)
    pages = many_page_pdf(2_001)
    print(
        f"refusal: 40 MB DOCX zip bomb ({len(bomb) // 1024} KB) "
        f"{_median_ms(lambda: extract_text(bomb, 'b.docx'), rounds):.1f} ms; "
        f"2001-page PDF ({len(pages) // 1024} KB) "
        f"{_median_ms(lambda: extract_text(pages, 'p.pdf'), rounds):.1f} ms"
    )


if __name__ == "__main__":
    main()
