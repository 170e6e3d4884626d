"""Parser throughput on the seeds and on the layout corpus (no database, no Django).

    python bench/parse_speed.py                  # 50 MB over both corpora
    python bench/parse_speed.py --target-mb 10 --repeat 3

``parse_benchmark(target_mb=50)`` parses every text of the seeds (fixtures/minutes/) and of
the layout corpus (fixtures/layouts/) in turn, one parse() call per text as the importer
does, round after round until at least ``target_mb`` MB (UTF-8) have gone through parse().
Each parse() call is timed on its own, so one run gives the rate of each corpus and of all
texts together (weighted by the corpora's real sizes: the layout corpus is the larger).

Rates are MB per CPU second of this process (``time.process_time``: the parser's own work,
the fairest figure on a shared machine) and MB per wall second (what a user waits; it drops
when other processes take the cores). The 1-minute load average is given before and after
the run. One warm-up round, not counted, comes first. ``bench/parse.py`` wraps this.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from meetings.parsing import PARSER_VERSION, decode_bytes, parse  # noqa: E402

SEED_DIR = REPO_ROOT / "fixtures" / "minutes"
LAYOUT_DIR = REPO_ROOT / "fixtures" / "layouts"
CORPORA = {"seeds": SEED_DIR, "layouts": LAYOUT_DIR}


def corpus_texts(folder: Path) -> list[str]:
    """The decoded texts of a corpus folder (every ``*.txt``; README.md is not one)."""
    texts = [decode_bytes(path.read_bytes()) for path in sorted(folder.glob("*.txt"))]
    if not texts:
        raise FileNotFoundError(f"no texts in {folder}")
    return texts


def _tally() -> dict:
    return {
        "files": 0,
        "bytes": 0,
        "documents": 0,
        "meetings": 0,
        "items": 0,
        "cpu": 0.0,
        "wall": 0.0,
    }


def _rates(tally: dict) -> dict:
    mb = tally["bytes"] / 1_000_000
    cpu, wall = tally["cpu"], tally["wall"]
    return {
        "files": tally["files"],
        "mb": round(mb, 3),
        "documents": tally["documents"],
        "meetings": tally["meetings"],
        "items": tally["items"],
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "mb_per_cpu_s": round(mb / cpu, 3) if cpu else float("inf"),
        "mb_per_wall_s": round(mb / wall, 3) if wall else float("inf"),
        "items_per_cpu_s": round(tally["items"] / cpu, 1) if cpu else float("inf"),
    }


def parse_benchmark(target_mb: float = 50, corpora: dict[str, Path] | None = None) -> dict:
    """Parse every text of ``corpora`` (default: seeds and layouts) round after round until
    ``target_mb`` MB are parsed; return the rates.

    Keys: ``sets`` (corpus name -> rates), ``all`` (rates over every text), ``load_before``
    and ``load_after`` (1-minute load average), ``cpus``, ``parser_version``. Rates: ``files``,
    ``mb`` (1 MB = 1,000,000 bytes of UTF-8), ``documents`` (parse() calls), ``meetings``,
    ``items``, ``cpu_seconds`` (process CPU time inside parse()), ``wall_seconds``,
    ``mb_per_cpu_s``, ``mb_per_wall_s``, ``items_per_cpu_s``.
    """
    corpora = CORPORA if corpora is None else corpora
    work = []  # (corpus name, text, UTF-8 size)
    tallies = {name: _tally() for name in corpora}
    for name, folder in corpora.items():
        texts = corpus_texts(folder)
        tallies[name]["files"] = len(texts)
        work += [(name, text, len(text.encode("utf-8"))) for text in texts]
    for _name, text, _size in work:  # warm-up, not counted
        parse(text)
    target = target_mb * 1_000_000
    done = 0
    load_before = os.getloadavg()[0]
    process_time, perf_counter = time.process_time, time.perf_counter
    while done < target:
        for name, text, size in work:
            cpu_start, wall_start = process_time(), perf_counter()
            doc = parse(text)
            wall, cpu = perf_counter() - wall_start, process_time() - cpu_start
            tally = tallies[name]
            tally["cpu"] += cpu
            tally["wall"] += wall
            tally["bytes"] += size
            tally["documents"] += 1
            tally["meetings"] += len(doc.meetings)
            tally["items"] += sum(len(meeting.items) for meeting in doc.meetings)
            done += size
    total = _tally()
    for tally in tallies.values():
        for key in total:
            total[key] += tally[key]
    return {
        "sets": {name: _rates(tally) for name, tally in tallies.items()},
        "all": _rates(total),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "parser_version": PARSER_VERSION,
    }


def report_lines(result: dict) -> list[str]:
    """The benchmark's result as printable lines, one per corpus and one for all."""
    out = [
        f"parse (parser {result['parser_version']}; {result['cpus']} CPUs; 1-minute load "
        f"average {result['load_before']:.2f} before, {result['load_after']:.2f} after):"
    ]
    rows = list(result["sets"].items()) + [("all", result["all"])]
    for name, rates in rows:
        out.append(
            f"  {name:<8} {rates['files']:>3} files {rates['mb']:>7.2f} MB "
            f"{rates['items']:>7} items: {rates['mb_per_cpu_s']:>6.2f} MB/s CPU "
            f"({rates['cpu_seconds']:.2f} s CPU), {rates['mb_per_wall_s']:>6.2f} MB/s wall "
            f"({rates['wall_seconds']:.2f} s), {rates['items_per_cpu_s']:>7.0f} items/s CPU"
        )
    return out


def run(target_mb: float, repeat: int) -> dict:
    """``repeat`` runs, each printed; returns the best (by all texts' MB per CPU second)."""
    results = []
    for number in range(1, repeat + 1):
        result = parse_benchmark(target_mb)
        results.append(result)
        lines = report_lines(result)
        if repeat > 1:
            lines[0] = f"run {number}/{repeat}: {lines[0]}"
        print("\n".join(lines), flush=True)
    best = max(results, key=lambda result: result["all"]["mb_per_cpu_s"])
    if repeat > 1:
        print(
            "\n".join(
                ["best " + line if k == 0 else line for k, line in enumerate(report_lines(best))]
            )
        )
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target-mb", type=float, default=50, help="MB of text to parse per run")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best is repeated last")
    args = parser.parse_args(argv)
    run(args.target_mb, args.repeat)


if __name__ == "__main__":  # pragma: no cover
    main()
